/**
 * Run settings: one interface, one default, and the URL parser/writer that share them
 * (squoosh `meta.ts` + tensorflow/playground style). The defaults are the real run —
 * the full 60k/10k split, the reference model, 10 epochs; URL parameters only shorten it.
 */

import type { PresetName } from './presets';
import type { RunSpec } from './recipe';
import { DEFAULT_COMPARE, DEFAULT_RUN_SPEC, parseRunSpec, RUN_SPEC_QUERY_KEYS, runSpecToQuery } from './runSpec';

export type BackendRequest = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export interface TrainSettings {
  /** Passes over the training set. */
  epochs: number;
  /** Images per optimizer step. */
  batchSize: number;
  /** How many of the 60,000 training images to use (the first N rows of the sprite). */
  trainCount: number;
  /** How many of the 10,000 test images to evaluate after each epoch. */
  testCount: number;
  /**
   * Backend to use; `auto` tries WebGPU → WebGL 2 → WASM → CPU, with software GPU adapters
   * (SwiftShader, llvmpipe…) ranked below WASM.
   */
  backend: BackendRequest;
  /** Seed for weight initialisation and the per-epoch shuffle; null picks one at random. */
  seed: number | null;
  /** Seconds between checkpoints within an epoch (one is also written after every epoch). */
  checkpointSeconds: number;
  /** Test-only fault hooks (`window.__trainerTest`): off unless the URL says `hooks=1`. */
  testHooks: boolean;
  /** The architecture and recipe Train uses (runSpec.ts): the seed DenseNet and the tutorial's recipe by default. */
  run: RunSpec;
  /** The presets the compare view lines up (each with its default recipe). */
  compare: PresetName[];
}

export const MNIST_TRAIN_COUNT = 60_000;
export const MNIST_TEST_COUNT = 10_000;

export const defaultSettings: TrainSettings = {
  epochs: 10,
  batchSize: 32,
  trainCount: MNIST_TRAIN_COUNT,
  testCount: MNIST_TEST_COUNT,
  backend: 'auto',
  seed: null,
  checkpointSeconds: 60,
  testHooks: false,
  run: DEFAULT_RUN_SPEC,
  compare: [...DEFAULT_COMPARE],
};

interface IntegerParam {
  key: 'epochs' | 'batchSize' | 'trainCount' | 'testCount' | 'checkpointSeconds';
  /** Name in the URL query. */
  query: string;
  min: number;
  max: number;
}

/** The integer URL parameters, their names in the query string and their allowed ranges. */
export const INTEGER_PARAMS: readonly IntegerParam[] = [
  { key: 'epochs', query: 'epochs', min: 1, max: 100 },
  { key: 'batchSize', query: 'batch', min: 1, max: 512 },
  { key: 'trainCount', query: 'train', min: 1, max: MNIST_TRAIN_COUNT },
  { key: 'testCount', query: 'test', min: 1, max: MNIST_TEST_COUNT },
  { key: 'checkpointSeconds', query: 'checkpoint', min: 1, max: 3600 },
];

const KNOWN_QUERY_KEYS = new Set<string>([
  ...INTEGER_PARAMS.map((p) => p.query),
  'backend',
  'seed',
  'hooks',
  ...RUN_SPEC_QUERY_KEYS,
]);

export interface ParsedSettings {
  settings: TrainSettings;
  /** One user-facing sentence per rejected parameter; the default is used in its place. */
  problems: string[];
}

/** Parses `?epochs=2&batch=32&train=1024&test=512&backend=wasm&seed=1` (and runSpec.ts's parameters). Never throws. */
export function parseSettings(query: string | URLSearchParams): ParsedSettings {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const settings: TrainSettings = { ...defaultSettings };
  const problems: string[] = [];

  for (const param of INTEGER_PARAMS) {
    const raw = params.get(param.query);
    if (raw === null) continue;
    const value = parseStrictInteger(raw);
    if (value === null || value < param.min || value > param.max) {
      problems.push(
        `URL parameter ${param.query}=${JSON.stringify(raw)} is not a whole number from ` +
          `${param.min.toLocaleString('en-US')} to ${param.max.toLocaleString('en-US')}; ` +
          `using ${settings[param.key].toLocaleString('en-US')}.`,
      );
      continue;
    }
    settings[param.key] = value;
  }

  const backend = params.get('backend');
  if (backend !== null) {
    if (isBackendRequest(backend)) settings.backend = backend;
    else
      problems.push(
        `URL parameter backend=${JSON.stringify(backend)} is not one of ${BACKEND_REQUESTS.join(', ')}; using auto.`,
      );
  }

  const seed = params.get('seed');
  if (seed !== null) {
    const value = parseStrictInteger(seed);
    if (value === null || value < 0 || value > 0xffff_ffff) {
      problems.push(
        `URL parameter seed=${JSON.stringify(seed)} is not a whole number from 0 to 4,294,967,295; using a random seed.`,
      );
    } else settings.seed = value;
  }

  const hooks = params.get('hooks');
  if (hooks !== null) {
    if (hooks === '1') settings.testHooks = true;
    else
      problems.push(
        `URL parameter hooks=${JSON.stringify(hooks)} must be 1 (test hooks on) or absent; test hooks stay off.`,
      );
  }

  const { run, compare } = parseRunSpec(params, problems);
  settings.run = run;
  settings.compare = compare;

  if (settings.batchSize > settings.trainCount) {
    problems.push(
      `batch=${settings.batchSize} is larger than train=${settings.trainCount}, so no full batch fits; ` +
        `using batch=${settings.trainCount}.`,
    );
    settings.batchSize = settings.trainCount;
  }

  for (const key of params.keys()) {
    if (!KNOWN_QUERY_KEYS.has(key)) problems.push(`Unknown URL parameter "${key}" was ignored.`);
  }
  return { settings, problems };
}

/** Writes the settings that differ from the defaults, so a shared link reproduces the run. */
export function settingsToQuery(settings: TrainSettings): string {
  const params = new URLSearchParams();
  for (const param of INTEGER_PARAMS) {
    if (settings[param.key] !== defaultSettings[param.key]) params.set(param.query, String(settings[param.key]));
  }
  if (settings.backend !== defaultSettings.backend) params.set('backend', settings.backend);
  if (settings.seed !== null) params.set('seed', String(settings.seed));
  if (settings.testHooks) params.set('hooks', '1');
  runSpecToQuery(settings.run, settings.compare, params);
  return params.toString();
}

function parseStrictInteger(raw: string): number | null {
  if (!/^\d+$/.test(raw.trim())) return null;
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) ? value : null;
}

function isBackendRequest(value: string): value is BackendRequest {
  return (BACKEND_REQUESTS as readonly string[]).includes(value);
}
