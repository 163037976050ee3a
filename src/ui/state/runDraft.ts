/**
 * The run editor's form as typed (strings, so a half-typed "0." is not lost), and the RunSpec it
 * means once every field parses and passes the same checks as the URL and the CLI.
 */
import { DEFAULT_DENSENET_BC, presetConfig, validateDenseNetBC, type PresetName } from '../../shared/presets';
import { presetRunSpec, validateTrainingOptions, type RunSpec } from '../../shared/recipe';
import type { ScheduleName } from '../../shared/schedule';

export interface RunDraft {
  preset: PresetName;
  growth: string;
  units: string;
  compression: string;
  learningRate: string;
  schedule: ScheduleName;
  weightDecay: string;
  labelSmoothing: string;
  augment: boolean;
}

export function draftFromSpec({ model, training }: RunSpec): RunDraft {
  const bc = model.preset === 'densenet-bc' ? model.spec : DEFAULT_DENSENET_BC;
  return {
    preset: model.preset,
    growth: String(bc.growth),
    units: bc.blockUnits.join(','),
    compression: String(bc.compression),
    learningRate: String(training.learningRate),
    schedule: training.schedule,
    weightDecay: String(training.weightDecay),
    labelSmoothing: String(training.labelSmoothing),
    augment: training.augment,
  };
}

/** A new preset starts from its own defaults: architecture and recipe. */
export function draftForPreset(preset: PresetName): RunDraft {
  return draftFromSpec(presetRunSpec(preset));
}

/** A decimal as typed: digits with an optional fraction or exponent; anything else is NaN. */
function decimal(text: string): number {
  return /^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
}

/** The spec the form describes, or null with one sentence per problem. */
export function specFromDraft(draft: RunDraft): { spec: RunSpec | null; problems: string[] } {
  // Text that is not a number at all gets its own sentence; the range checks come after.
  const fields: [string, string][] = [
    ['learning rate', draft.learningRate],
    ['weight decay', draft.weightDecay],
    ['label smoothing', draft.labelSmoothing],
  ];
  if (draft.preset === 'densenet-bc')
    fields.unshift(
      ['growth rate k', draft.growth],
      ['units per block', draft.units],
      ['compression θ', draft.compression],
    );
  const unreadable = fields
    .filter(([name, text]) =>
      (name === 'units per block' ? text.split(',') : [text]).some((part) => Number.isNaN(decimal(part))),
    )
    .map(
      ([name, text]) =>
        `The ${name} must be ${name === 'units per block' ? 'whole numbers separated by commas, e.g. 4,4,4' : 'a number'}; got "${text}".`,
    );
  if (unreadable.length > 0) return { spec: null, problems: unreadable };
  const problems: string[] = [];
  const training = {
    learningRate: decimal(draft.learningRate),
    schedule: draft.schedule,
    weightDecay: decimal(draft.weightDecay),
    labelSmoothing: decimal(draft.labelSmoothing),
    augment: draft.augment,
  };
  let model = presetConfig(draft.preset);
  if (model.preset === 'densenet-bc') {
    const spec = {
      ...model.spec,
      growth: decimal(draft.growth),
      compression: decimal(draft.compression),
      blockUnits: draft.units.split(',').map(decimal),
    };
    problems.push(...validateDenseNetBC(spec));
    model = { preset: 'densenet-bc', spec };
  }
  problems.push(...validateTrainingOptions(training));
  return problems.length > 0 ? { spec: null, problems } : { spec: { model, training }, problems };
}
