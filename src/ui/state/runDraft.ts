/**
 * The run editor's form as typed (strings, so a half-typed "0." is not lost), and the RunSpec it
 * means once every field parses. The fields, their labels, ranges and the parser are the ones
 * the URL and the CLI use (src/shared/params.ts), so all three accept the same values.
 */
import {
  accepts,
  appliesTo,
  defaultParameters,
  formatParam,
  parseParam,
  RUN_PARAMS,
  type ParamId,
  type ParamValue,
  type RunParam,
  type RunParameters,
} from '../../shared/params';
import { validateDenseNetBC, type PresetName } from '../../shared/presets';
import { presetRunSpec, type RunSpec } from '../../shared/recipe';
import { denseNetBCSpecOf, parametersOfRunSpec, runSpecFromParameters } from '../../shared/runSpec';
import type { ScheduleName } from '../../shared/schedule';

/** The parameters the editor shows, in table order. */
export const EDITOR_PARAMS: readonly RunParam[] = RUN_PARAMS.filter((param) => param.label !== undefined);

/** Parameters typed as text (numbers and lists), as opposed to picked (selects, checkboxes). */
export type TextParamId = 'growth' | 'units' | 'compression' | 'lr' | 'wd' | 'smoothing';

export type RunDraft = { preset: PresetName; schedule: ScheduleName; augment: boolean } & Record<TextParamId, string>;

export const isTextParam = (param: RunParam): param is RunParam & { id: TextParamId } =>
  param.kind.type !== 'choice' && param.kind.type !== 'switch';

export function draftFromSpec(spec: RunSpec): RunDraft {
  const values = parametersOfRunSpec(spec);
  const draft = { preset: values.preset, schedule: values.schedule, augment: values.augment } as RunDraft;
  for (const param of EDITOR_PARAMS) if (isTextParam(param)) draft[param.id] = formatParam(param, values[param.id]);
  return draft;
}

/** A new preset starts from its own defaults: architecture and recipe. */
export function draftForPreset(preset: PresetName): RunDraft {
  return draftFromSpec(presetRunSpec(preset));
}

/** "Growth rate k" → "growth rate k", for the middle of a sentence. */
const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** The spec the form describes, or null with one sentence per problem. */
export function specFromDraft(draft: RunDraft): { spec: RunSpec | null; problems: string[] } {
  const values: RunParameters = {
    ...defaultParameters(draft.preset),
    schedule: draft.schedule,
    augment: draft.augment,
  };
  const problems: string[] = [];
  for (const param of EDITOR_PARAMS) {
    if (!isTextParam(param) || !appliesTo(param, draft.preset)) continue;
    const text = draft[param.id];
    const value = parseParam(param.kind, text);
    if (value === undefined)
      problems.push(`The ${inSentence(param.label!)} must be ${accepts(param.kind)}; got "${text}".`);
    else (values as Record<ParamId, ParamValue>)[param.id] = value;
  }
  // Fields each in range can still describe a network that cannot be built (too many blocks…).
  if (draft.preset === 'densenet-bc') problems.push(...validateDenseNetBC(denseNetBCSpecOf(values)));
  return problems.length > 0 ? { spec: null, problems } : { spec: runSpecFromParameters(values), problems };
}
