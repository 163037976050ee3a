/**
 * The benchmark, run by the app's own worker on command (bench.html; `npm run bench`): on
 * exactly one backend, warm up, then time training steps of the reference model in windows
 * that each end with a read of the result (so queued GPU work is counted), and report the
 * median window. Kernels per step come from one extra, untimed step under `tf.profile`.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../backend/rank';
import { buildDenseNet, REFERENCE_DENSENET, type DenseNetSpec } from '../model/densenet';
import type { Network } from '../model/network';
import type { BenchRequest, BenchResult, StepFigures, WasmInfo } from './bench-types';
import { profileSteps } from './bench-profile';
import { baselineStep, ourStep, syntheticDataset, type StepRunner } from './bench-steps';
import type { Post } from './protocol';

export interface BenchDeps {
  /** Starts exactly this backend (no fallback); null when it works, else why not. */
  startBackend(backend: BackendName): Promise<string | null>;
  /** The badge's adapter text and, on wasm, its SIMD and threads. */
  describe(backend: BackendName): Promise<{ adapter: string; wasm: WasmInfo | null }>;
  /** The network; the reference DenseNet unless a test asks for a smaller one. */
  spec?: DenseNetSpec;
}

/** Why a request cannot run, or null. */
export function checkBenchRequest(request: BenchRequest): string | null {
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(request.batchSize, 1, 512))
    return `bench batchSize must be a whole number from 1 to 512, got ${request.batchSize}.`;
  if (!whole(request.warmupSteps, 1, 1000))
    return `bench warmupSteps must be a whole number from 1 to 1000, got ${request.warmupSteps}.`;
  if (!whole(request.windows, 1, 1000))
    return `bench windows must be a whole number from 1 to 1000, got ${request.windows}.`;
  if (!(request.budgetMs > 0)) return `bench budgetMs must be positive, got ${request.budgetMs}.`;
  return null;
}

export async function runBench(request: BenchRequest, deps: BenchDeps, post: Post): Promise<void> {
  const problem = checkBenchRequest(request);
  if (problem) return post({ type: 'error', code: 'bench', message: problem });
  const failure = await deps.startBackend(request.backend);
  if (failure) return post({ type: 'bench-result', result: { backend: request.backend, skipped: failure } });
  const { adapter, wasm } = await deps.describe(request.backend);
  post({ type: 'bench-progress', message: `${request.backend}: started on ${adapter}` });
  const dataset = syntheticDataset(request.batchSize, request.seed);
  try {
    const spec = deps.spec ?? REFERENCE_DENSENET;
    const ours = await withNet(spec, request.seed, (net) =>
      measureStep('ours', ourStep(net, dataset, request.batchSize), request, post),
    );
    const baseline = request.baseline ? await measureBaseline(spec, dataset, request, post) : null;
    const result: BenchResult = {
      backend: request.backend,
      adapter,
      batchSize: request.batchSize,
      ...ours,
      baseline,
      wasm,
    };
    post({ type: 'bench-result', result });
  } finally {
    dataset.dispose();
  }
}

async function measureBaseline(
  spec: DenseNetSpec,
  dataset: ReturnType<typeof syntheticDataset>,
  request: BenchRequest,
  post: Post,
): Promise<StepFigures | { failure: string }> {
  try {
    const { ours } = await withNet(spec, request.seed, (net) =>
      measureStep('baseline', baselineStep(net, dataset, request.batchSize), request, post),
    );
    return ours;
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

/** Builds a fresh network for one measurement and frees its weights afterwards. */
async function withNet<T>(spec: DenseNetSpec, seed: number, use: (net: Network) => Promise<T>): Promise<T> {
  const net = buildDenseNet(spec, seed);
  try {
    return await use(net);
  } finally {
    net.model.dispose();
  }
}

interface Measured {
  ours: StepFigures;
  tensorsBefore: number;
  tensorsAfter: number;
  warmupMs: number;
}

/** Warm-up, timed windows, then one profiled (untimed) step; disposes the runner. */
async function measureStep(label: string, runner: StepRunner, request: BenchRequest, post: Post): Promise<Measured> {
  try {
    const warmupStart = performance.now();
    let lastStepMs = 0;
    for (let i = 0; i < request.warmupSteps; i++) lastStepMs = await timeSteps(runner, 1);
    const warmupMs = performance.now() - warmupStart;
    post({
      type: 'bench-progress',
      message: `${request.backend} ${label}: warm-up ${request.warmupSteps} steps in ${(warmupMs / 1000).toFixed(1)} s`,
    });

    const stepsPerWindow = Math.max(1, Math.round(request.budgetMs / request.windows / Math.max(lastStepMs, 1e-3)));
    const tensorsBefore = tf.memory().numTensors;
    const windowImagesPerSecond: number[] = [];
    for (let w = 0; w < request.windows; w++) {
      const ms = await timeSteps(runner, stepsPerWindow);
      windowImagesPerSecond.push((stepsPerWindow * request.batchSize * 1000) / ms);
      post({
        type: 'bench-progress',
        message: `${request.backend} ${label}: window ${w + 1}/${request.windows}, ${stepsPerWindow} steps, ${windowImagesPerSecond.at(-1)!.toFixed(1)} images/s`,
      });
    }
    const tensorsAfter = tf.memory().numTensors;

    const profile = await tf.profile(() => runner.step());
    await runner.sync();
    const imagesPerSecond = median(windowImagesPerSecond);
    const ours: StepFigures = {
      imagesPerSecond,
      msPerStep: (request.batchSize * 1000) / imagesPerSecond,
      windowImagesPerSecond,
      stepsPerWindow,
      kernelsPerStep: profile.kernels.length,
      distinctKernels: profile.kernelNames.length,
    };
    if (request.profile && request.backend === 'wasm') ours.profile = await profileSteps(runner, stepsPerWindow);
    return { ours, tensorsBefore, tensorsAfter, warmupMs };
  } finally {
    runner.dispose();
  }
}

/** Wall time of `steps` steps including the device finishing them, ms. */
async function timeSteps(runner: StepRunner, steps: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < steps; i++) runner.step();
  await runner.sync();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
