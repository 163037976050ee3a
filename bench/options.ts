/**
 * The benchmark's pure parts: command-line parsing with per-backend defaults, the median,
 * and the table. Unit-tested in options.test.ts.
 */
import type { BackendName } from '../src/backend/rank';
import type { BenchRequest, BenchResult, StepFigures } from '../src/worker/bench-types';

export const ALL_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface Timing {
  warmupSteps: number;
  windows: number;
  /** Time for all timed windows together, seconds. */
  seconds: number;
}

/**
 * Software GPUs here take ~3–12 s a step (and ~30 s to compile shaders on the first), the
 * cpu backend ~8 s: a few single-step windows. wasm takes ~0.1–0.5 s: more and longer windows.
 */
export const DEFAULT_TIMING: Record<BackendName, Timing> = {
  webgpu: { warmupSteps: 2, windows: 3, seconds: 9 },
  webgl: { warmupSteps: 2, windows: 3, seconds: 9 },
  wasm: { warmupSteps: 3, windows: 5, seconds: 15 },
  cpu: { warmupSteps: 1, windows: 3, seconds: 20 },
};

export interface BenchOptions {
  backends: BackendName[];
  batch: number;
  /** Overrides of the per-backend defaults. */
  timing: Partial<Timing>;
  baseline: boolean;
  native: boolean;
  nativeThreads: number;
  /** With `native`: how many wasm/native pairs to alternate. */
  pairs: number;
  /** Time the wasm step kernel by kernel (ours and the baseline). */
  profile: boolean;
  json: boolean;
  port: number;
  seed: number;
}

export const USAGE = `npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--batch 32] [--warmup N] [--windows N] [--seconds S]
                    [--no-baseline] [--native] [--native-threads 2] [--pairs 5] [--profile] [--json]
                    [--port 4318] [--seed 1]`;

const VALUE_FLAGS = new Set([
  'backends',
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
  return {
    backends: parseBackends(values.get('backends')),
    batch: integer('batch', values.get('batch') ?? '32', 1, 512),
    timing,
    baseline: !switches.has('no-baseline'),
    native: switches.has('native'),
    nativeThreads: integer('native-threads', values.get('native-threads') ?? '2', 1, 256),
    pairs: integer('pairs', values.get('pairs') ?? '5', 1, 100),
    profile: switches.has('profile'),
    json: switches.has('json'),
    port: integer('port', values.get('port') ?? '4318', 1, 65_535),
    seed: integer('seed', values.get('seed') ?? '1', 0, 0xffff_ffff),
  };
}

function parseBackends(raw: string | undefined): BackendName[] {
  if (raw === undefined) return [...ALL_BACKENDS];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(ALL_BACKENDS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(
      `--backends ${JSON.stringify(raw)}: ${unknown.join(', ')} is not one of ${ALL_BACKENDS.join(', ')}.`,
    );
  return names as BackendName[];
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

/** The worker command for one backend: its defaults, overridden by the flags. */
export function requestFor(backend: BackendName, options: BenchOptions): BenchRequest {
  const timing = { ...DEFAULT_TIMING[backend], ...options.timing };
  return {
    backend,
    batchSize: options.batch,
    warmupSteps: timing.warmupSteps,
    windows: timing.windows,
    budgetMs: timing.seconds * 1000,
    seed: options.seed,
    baseline: options.baseline,
    ...(options.profile && backend === 'wasm' ? { profile: true } : {}),
  };
}

/** Ours ÷ baseline kernels per step, or null when the baseline was not measured. */
export function kernelRatio(result: BenchResult): number | null {
  if (result.skipped !== undefined || !result.baseline || 'failure' in result.baseline) return null;
  return result.ours.kernelsPerStep / result.baseline.kernelsPerStep;
}

const fixed = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function baselineCells(result: Exclude<BenchResult, { skipped: string }>): string[] {
  const baseline = result.baseline;
  if (!baseline) return ['–', '–', '–'];
  if ('failure' in baseline) return ['failed', '–', '–'];
  return [fixed(baseline.imagesPerSecond, 1), String(baseline.kernelsPerStep), fixed(kernelRatio(result)!, 2)];
}

function wasmCell(result: Exclude<BenchResult, { skipped: string }>): string {
  if (!result.wasm) return '';
  return `${result.wasm.simd ? 'SIMD' : 'no SIMD'}, ${result.wasm.threads} thread${result.wasm.threads === 1 ? '' : 's'}`;
}

/** A Markdown table, one row per backend (skipped ones say why below it). */
export function formatTable(results: readonly BenchResult[]): string {
  const header = [
    'backend',
    'adapter',
    'batch',
    'images/s',
    'ms/step',
    'kernels/step',
    'tensors before→after',
    'baseline images/s',
    'baseline kernels/step',
    'ours/baseline kernels',
    'wasm',
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const result of results) {
    if (result.skipped !== undefined) {
      notes.push(`${result.backend}: skipped — ${result.skipped}`);
      continue;
    }
    const ours: StepFigures = result.ours;
    rows.push([
      result.backend,
      result.adapter,
      String(result.batchSize),
      fixed(ours.imagesPerSecond, 1),
      fixed(ours.msPerStep, 0),
      String(ours.kernelsPerStep),
      `${result.tensorsBefore}→${result.tensorsAfter}`,
      ...baselineCells(result),
      wasmCell(result),
    ]);
    if (result.baseline && 'failure' in result.baseline)
      notes.push(`${result.backend}: baseline failed — ${result.baseline.failure}`);
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ...notes].join('\n');
}
