/**
 * The architecture and the training recipe in the URL (issue 7), so a link reproduces a run:
 *   preset=densenet-bc&growth=16&units=4,4,4&compression=0.5
 *   lr=0.003&schedule=one-cycle&wd=0.01&smoothing=0.1&augment=1
 *   compare=densenet-bc,resnet
 * Unset parameters take the preset's defaults; each bad value is one sentence in `problems` and
 * the default is used in its place.
 */
import { PRESET_NAMES, presetConfig, validateDenseNetBC, type ModelConfig, type PresetName } from './presets';
import { defaultTrainingOptions, presetRunSpec, type RunSpec, type TrainingOptions } from './recipe';
import { SCHEDULE_NAMES, type ScheduleName } from './schedule';

export const RUN_SPEC_QUERY_KEYS = [
  'preset',
  'growth',
  'units',
  'compression',
  'lr',
  'schedule',
  'wd',
  'smoothing',
  'augment',
  'compare',
] as const;

/** What the compare view lines up unless the URL says otherwise: the tutorial's DenseNet-vs-ResNet table. */
export const DEFAULT_COMPARE: readonly PresetName[] = ['densenet-bc', 'resnet'];

export const DEFAULT_RUN_SPEC: RunSpec = presetRunSpec('seed');

const isPreset = (value: string): value is PresetName => (PRESET_NAMES as readonly string[]).includes(value);

/** Decimal ranges of the recipe's numeric parameters; `max` is inclusive unless `below`. */
const DECIMALS = [
  { query: 'lr', key: 'learningRate', min: 0, max: 1, above: true },
  { query: 'wd', key: 'weightDecay', min: 0, max: 1, above: false },
  { query: 'smoothing', key: 'labelSmoothing', min: 0, max: 0.99, above: false },
] as const satisfies readonly { query: string; key: keyof TrainingOptions; min: number; max: number; above: boolean }[];

const parseDecimal = (raw: string): number | null =>
  /^\d+(\.\d+)?(e-?\d+)?$/i.test(raw.trim()) ? Number(raw.trim()) : null;

export function parseRunSpec(params: URLSearchParams, problems: string[]): { run: RunSpec; compare: PresetName[] } {
  const presetRaw = params.get('preset');
  let preset: PresetName = 'seed';
  if (presetRaw !== null) {
    if (isPreset(presetRaw)) preset = presetRaw;
    else
      problems.push(
        `URL parameter preset=${JSON.stringify(presetRaw)} is not one of ${PRESET_NAMES.join(', ')}; using seed.`,
      );
  }
  const model = parseModel(preset, params, problems);
  const training = defaultTrainingOptions(preset);
  for (const { query, key, min, max, above } of DECIMALS) {
    const raw = params.get(query);
    if (raw === null) continue;
    const value = parseDecimal(raw);
    if (value === null || (above ? value <= min : value < min) || value > max) {
      problems.push(
        `URL parameter ${query}=${JSON.stringify(raw)} is not a number ${above ? 'above' : 'from'} ${min} ${above ? 'and at most' : 'to'} ${max}; using ${training[key]}.`,
      );
    } else training[key] = value;
  }
  const schedule = params.get('schedule');
  if (schedule !== null) {
    if ((SCHEDULE_NAMES as readonly string[]).includes(schedule)) training.schedule = schedule as ScheduleName;
    else
      problems.push(
        `URL parameter schedule=${JSON.stringify(schedule)} is not one of ${SCHEDULE_NAMES.join(', ')}; using ${training.schedule}.`,
      );
  }
  const augment = params.get('augment');
  if (augment !== null) {
    if (augment === '0' || augment === '1') training.augment = augment === '1';
    else
      problems.push(
        `URL parameter augment=${JSON.stringify(augment)} must be 1 (on) or 0 (off); using ${training.augment ? 1 : 0}.`,
      );
  }
  return { run: { model, training }, compare: parseCompare(params.get('compare'), problems) };
}

function parseModel(preset: PresetName, params: URLSearchParams, problems: string[]): ModelConfig {
  const config = presetConfig(preset);
  const knobs = (['growth', 'units', 'compression'] as const).filter((key) => params.get(key) !== null);
  if (config.preset !== 'densenet-bc') {
    for (const key of knobs) problems.push(`URL parameter ${key} applies to preset=densenet-bc only; ignored.`);
    return config;
  }
  const spec = { ...config.spec };
  const growth = params.get('growth');
  if (growth !== null) spec.growth = parseDecimal(growth) ?? NaN;
  const compression = params.get('compression');
  if (compression !== null) spec.compression = parseDecimal(compression) ?? NaN;
  const units = params.get('units');
  if (units !== null) spec.blockUnits = units.split(',').map((part) => parseDecimal(part) ?? NaN);
  const invalid = validateDenseNetBC(spec);
  if (invalid.length === 0) return { preset: 'densenet-bc', spec };
  problems.push(
    `The DenseNet-BC parameters in the URL cannot be used: ${invalid.join(' ')} Using the default (k=12, units 4,4,4, θ=0.5).`,
  );
  return config;
}

function parseCompare(raw: string | null, problems: string[]): PresetName[] {
  if (raw === null) return [...DEFAULT_COMPARE];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isPreset(name));
  if (unknown.length > 0 || names.length < 2) {
    const why =
      unknown.length > 0
        ? `${unknown.map((name) => JSON.stringify(name)).join(', ')} ${unknown.length > 1 ? 'are not presets' : 'is not a preset'}`
        : 'a comparison needs at least two';
    problems.push(
      `URL parameter compare=${JSON.stringify(raw)} is not a list of presets (${PRESET_NAMES.join(', ')}): ${why}; comparing ${DEFAULT_COMPARE.join(' and ')}.`,
    );
    return [...DEFAULT_COMPARE];
  }
  return names as PresetName[];
}

/** Writes the parameters that differ from the preset's defaults. */
export function runSpecToQuery(run: RunSpec, compare: readonly PresetName[], params: URLSearchParams): void {
  const { model, training } = run;
  if (model.preset !== 'seed') params.set('preset', model.preset);
  if (model.preset === 'densenet-bc') {
    const defaults = presetConfig('densenet-bc');
    if (defaults.preset === 'densenet-bc') {
      if (model.spec.growth !== defaults.spec.growth) params.set('growth', String(model.spec.growth));
      if (model.spec.blockUnits.join(',') !== defaults.spec.blockUnits.join(','))
        params.set('units', model.spec.blockUnits.join(','));
      if (model.spec.compression !== defaults.spec.compression)
        params.set('compression', String(model.spec.compression));
    }
  }
  const defaults = defaultTrainingOptions(model.preset);
  if (training.learningRate !== defaults.learningRate) params.set('lr', String(training.learningRate));
  if (training.schedule !== defaults.schedule) params.set('schedule', training.schedule);
  if (training.weightDecay !== defaults.weightDecay) params.set('wd', String(training.weightDecay));
  if (training.labelSmoothing !== defaults.labelSmoothing) params.set('smoothing', String(training.labelSmoothing));
  if (training.augment !== defaults.augment) params.set('augment', training.augment ? '1' : '0');
  if (compare.join(',') !== DEFAULT_COMPARE.join(',')) params.set('compare', compare.join(','));
}
