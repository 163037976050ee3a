/**
 * The benchmark's pure parts: command-line parsing with per-backend defaults, the requests it
 * sends, and the tables it prints. Unit-tested in options.test.ts.
 */
import type { BackendName } from '../src/backend/rank';
import { BENCH_VARIANTS, type BenchRequest, type BenchVariant } from '../src/worker/bench-types';

export const ALL_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface Timing {
  warmupSteps: number;
  windows: number;
  /** Time for all timed windows together, seconds. */
  seconds: number;
}

/**
 * Software GPUs here take ~3–12 s a step (and tens of seconds to compile shaders without
 * preparation), the cpu backend ~8 s: a few single-step windows. wasm takes ~0.1–0.5 s: more
 * and longer windows.
 */
export const DEFAULT_TIMING: Record<BackendName, Timing> = {
  webgpu: { warmupSteps: 3, windows: 3, seconds: 9 },
  webgl: { warmupSteps: 3, windows: 3, seconds: 9 },
  wasm: { warmupSteps: 3, windows: 5, seconds: 15 },
  cpu: { warmupSteps: 1, windows: 3, seconds: 20 },
};

/** "TF.js defaults" differ from ours only in flags and preparation, which matter on the GPU backends. */
const DEFAULTS_APPLY: readonly BackendName[] = ['webgpu', 'webgl'];

export interface BenchOptions {
  backends: BackendName[];
  variants: BenchVariant[];
  batch: number;
  /** Overrides of the per-backend defaults. */
  timing: Partial<Timing>;
  native: boolean;
  nativeThreads: number;
  /** With `native`: how many wasm/native pairs to alternate. */
  pairs: number;
  /** Time the wasm step kernel by kernel. */
  profile: boolean;
  json: boolean;
  port: number;
  seed: number;
}

export const USAGE = `npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--variants ours,defaults,baseline] [--batch 32]
                    [--warmup N] [--windows N] [--seconds S] [--no-baseline] [--native] [--native-threads 2]
                    [--pairs 5] [--profile] [--json] [--port 4318] [--seed 1]`;

const VALUE_FLAGS = new Set([
  'backends',
  'variants',
  'batch',
  'warmup',
  'windows',
  'seconds',
  'native-threads',
  'pairs',
  'port',
  'seed',
]);
const SWITCHES = new Set(['no-baseline', 'native', 'profile', 'json']);

/** Parses argv (without node and the script); throws an Error naming the bad argument. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (SWITCHES.has(name)) switches.add(name);
    else if (VALUE_FLAGS.has(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`);
      values.set(name, value);
    } else throw new Error(`Unknown argument ${JSON.stringify(arg)}.\n${USAGE}`);
  }
  const timing: Partial<Timing> = {};
  if (values.has('warmup')) timing.warmupSteps = integer('warmup', values.get('warmup')!, 1, 1000);
  if (values.has('windows')) timing.windows = integer('windows', values.get('windows')!, 1, 1000);
  if (values.has('seconds')) timing.seconds = positive('seconds', values.get('seconds')!);
  const variants = parseList('variants', values.get('variants'), BENCH_VARIANTS);
  return {
    backends: parseList('backends', values.get('backends'), ALL_BACKENDS),
    variants: switches.has('no-baseline') ? variants.filter((variant) => variant !== 'baseline') : variants,
    batch: integer('batch', values.get('batch') ?? '32', 1, 512),
    timing,
    native: switches.has('native'),
    nativeThreads: integer('native-threads', values.get('native-threads') ?? '2', 1, 256),
    pairs: integer('pairs', values.get('pairs') ?? '5', 1, 100),
    profile: switches.has('profile'),
    json: switches.has('json'),
    port: integer('port', values.get('port') ?? '4318', 1, 65_535),
    seed: integer('seed', values.get('seed') ?? '1', 0, 0xffff_ffff),
  };
}

function parseList<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined) return [...allowed];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`--${flag} ${JSON.stringify(raw)}: ${unknown.join(', ')} is not one of ${allowed.join(', ')}.`);
  return names as T[];
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`--${flag} ${JSON.stringify(raw)} is not a whole number from ${min} to ${max}.`);
  return value;
}

function positive(flag: string, raw: string): number {
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`--${flag} ${JSON.stringify(raw)} is not a positive number of seconds.`);
  return value;
}

/** Every (backend, variant) to run, in order; `defaults` only where it differs from ours (the GPU backends). */
export function requestsFor(options: BenchOptions): BenchRequest[] {
  return options.backends.flatMap((backend) =>
    options.variants
      .filter((variant) => variant !== 'defaults' || DEFAULTS_APPLY.includes(backend))
      .map((variant) => requestFor(backend, variant, options)),
  );
}

/** The worker command for one backend and variant: its defaults, overridden by the flags. */
export function requestFor(backend: BackendName, variant: BenchVariant, options: BenchOptions): BenchRequest {
  const timing = { ...DEFAULT_TIMING[backend], ...options.timing };
  return {
    backend,
    variant,
    batchSize: options.batch,
    warmupSteps: timing.warmupSteps,
    windows: timing.windows,
    budgetMs: timing.seconds * 1000,
    seed: options.seed,
    ...(options.profile && backend === 'wasm' ? { profile: true } : {}),
  };
}
