/**
 * The page's settings and their URL form (tensorflow/playground's state-in-the-URL), read and
 * written through the one parameter table (params.ts). The defaults are the real run — the full
 * 60k/10k split, the reference model, 10 epochs; URL parameters only shorten or redirect it.
 */
import {
  accepts,
  appliesTo,
  defaultParameters,
  formatParam,
  parseParam,
  RUN_PARAMS,
  runParam,
  type BackendRequest,
  type ParamId,
  type ParamValue,
  type RunParameters,
} from './params';
import { validateDenseNetBC, type PresetName } from './presets';
import type { RunSpec } from './recipe';
import { denseNetBCSpecOf, parametersOfRunSpec, runSpecFromParameters } from './runSpec';

export interface TrainSettings {
  /** Passes over the training set. */
  epochs: number;
  /** Images per optimizer step. */
  batchSize: number;
  /** How many of the 60,000 training images to use (the first N rows of the sprite). */
  trainCount: number;
  /** How many of the 10,000 test images to evaluate after each epoch. */
  testCount: number;
  /** Backend to use; `auto` chooses among the ones that start. */
  backend: BackendRequest;
  /** Seed for weight initialisation and the per-epoch shuffle; null picks one at random. */
  seed: number | null;
  /** Seconds between checkpoints within an epoch (one is also written after every epoch). */
  checkpointSeconds: number;
  /** Test-only fault hooks (`window.__trainerTest`): off unless the URL says `hooks=1`. */
  testHooks: boolean;
  /** The architecture and recipe Train uses: the seed DenseNet and the tutorial's recipe by default. */
  run: RunSpec;
  /** The presets the compare view lines up (each with its default recipe). */
  compare: PresetName[];
}

export function settingsFromParameters(parameters: RunParameters): TrainSettings {
  return {
    epochs: parameters.epochs,
    batchSize: parameters.batch,
    trainCount: parameters.train,
    testCount: parameters.test,
    backend: parameters.backend,
    seed: parameters.seed,
    checkpointSeconds: parameters.checkpoint,
    testHooks: parameters.hooks,
    run: runSpecFromParameters(parameters),
    compare: [...parameters.compare],
  };
}

export function parametersOfSettings(settings: TrainSettings): RunParameters {
  return {
    ...parametersOfRunSpec(settings.run),
    epochs: settings.epochs,
    batch: settings.batchSize,
    train: settings.trainCount,
    test: settings.testCount,
    backend: settings.backend,
    seed: settings.seed,
    checkpoint: settings.checkpointSeconds,
    hooks: settings.testHooks,
    compare: [...settings.compare],
  };
}

export const defaultSettings: TrainSettings = settingsFromParameters(defaultParameters());

export interface ParsedSettings {
  settings: TrainSettings;
  /** One user-facing sentence per rejected parameter; the default is used in its place. */
  problems: string[];
}

/** Parses `?epochs=2&train=1024&backend=wasm&preset=resnet&lr=0.002…`. Never throws. */
export function parseSettings(query: string | URLSearchParams): ParsedSettings {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const problems: string[] = [];
  // The preset comes first: the other parameters' defaults depend on it.
  const preset = (readParam('preset', params, defaultParameters(), problems) ?? 'seed') as PresetName;
  const values = defaultParameters(preset);
  for (const param of RUN_PARAMS) {
    if (param.id === 'preset' || params.get(param.url) === null) continue;
    if (!appliesTo(param, preset)) {
      problems.push(`URL parameter ${param.url} applies to preset=${param.onlyFor} only; ignored.`);
      continue;
    }
    const value = readParam(param.id, params, values, problems);
    if (value !== undefined) (values as Record<ParamId, ParamValue>)[param.id] = value;
  }
  if (preset === 'densenet-bc') checkDenseNetBC(values, problems);
  if (values.batch > values.train) {
    problems.push(
      `batch=${values.batch} is larger than train=${values.train}, so no full batch fits; using batch=${values.train}.`,
    );
    values.batch = values.train;
  }
  const known = new Set(RUN_PARAMS.map((param) => param.url));
  for (const key of params.keys()) {
    if (!known.has(key)) problems.push(`Unknown URL parameter "${key}" was ignored.`);
  }
  return { settings: settingsFromParameters(values), problems };
}

/** One parameter's value, or undefined (with a problem when the text was there but unusable). */
function readParam(id: ParamId, params: URLSearchParams, defaults: RunParameters, problems: string[]) {
  const param = runParam(id);
  const raw = params.get(param.url);
  if (raw === null) return undefined;
  const value = parseParam(param.kind, raw);
  if (value === undefined) {
    const fallbackValue = defaults[id];
    const fallback =
      typeof fallbackValue === 'number' ? fallbackValue.toLocaleString('en-US') : formatParam(param, fallbackValue);
    problems.push(
      `URL parameter ${param.url}=${JSON.stringify(raw)} is not ${accepts(param.kind)}; using ${fallback}.`,
    );
  }
  return value;
}

/** Knobs that are each in range can still make a network that cannot be built (too many blocks…). */
function checkDenseNetBC(values: RunParameters, problems: string[]): void {
  const invalid = validateDenseNetBC(denseNetBCSpecOf(values));
  if (invalid.length === 0) return;
  const defaults = defaultParameters('densenet-bc');
  problems.push(
    `The DenseNet-BC parameters in the URL cannot be used: ${invalid.join(' ')} ` +
      `Using the default (k=${defaults.growth}, units ${defaults.units.join(',')}, θ=${defaults.compression}).`,
  );
  Object.assign(values, { growth: defaults.growth, units: defaults.units, compression: defaults.compression });
}

/** Writes the parameters that differ from their defaults (for the preset), so a shared link reproduces the run. */
export function settingsToQuery(settings: TrainSettings): string {
  const values = parametersOfSettings(settings);
  const defaults = defaultParameters(values.preset);
  const query = new URLSearchParams();
  for (const param of RUN_PARAMS) {
    if (!appliesTo(param, values.preset) || values[param.id] === null) continue;
    // The preset's own default is the base one (seed); every other default follows the preset.
    const fallback = param.id === 'preset' ? defaultParameters().preset : defaults[param.id];
    const text = formatParam(param, values[param.id]);
    if (text !== formatParam(param, fallback)) query.set(param.url, text);
  }
  return query.toString();
}
