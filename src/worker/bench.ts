/**
 * The benchmark, run by the app's own worker on command (bench.html; `npm run bench`): on
 * exactly one backend, one variant of the training step (bench-types.ts), in a fresh worker
 * so no program cache carries over. Warm up (preparing first where the variant does), then
 * time steps in windows that each end with a read of the result (so queued GPU work is
 * counted), and report the median window. Kernels per step come from one untimed step under
 * `tf.profile`; GPU programs and reads per step from another, counted at the backend.
 */
import * as tf from '@tensorflow/tfjs';
import { compiledPrograms, countGpuWork } from '../backend/programs';
import type { BackendName } from '../backend/rank';
import { buildDenseNet, REFERENCE_DENSENET, type DenseNetSpec } from '../model/densenet';
import type { Network } from '../model/network';
import { prepareRun, stepOnlyTarget } from '../train/prepare';
import type { BenchRequest, StepFigures, WasmInfo } from './bench-types';
import { profileSteps } from './bench-profile';
import { baselineStep, ourStep, syntheticDataset, type StepRunner } from './bench-steps';
import type { Post } from './protocol';

export interface BenchDeps {
  /** Starts exactly this backend (no fallback) with the app's flags or TF.js's defaults; null when it works, else why not. */
  startBackend(backend: BackendName, flags: 'app' | 'tfjs-defaults'): Promise<string | null>;
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
  if (!['ours', 'defaults', 'baseline'].includes(request.variant))
    return `bench variant must be ours, defaults or baseline, got ${JSON.stringify(request.variant)}.`;
  return null;
}

export async function runBench(request: BenchRequest, deps: BenchDeps, post: Post): Promise<void> {
  const problem = checkBenchRequest(request);
  if (problem) return post({ type: 'error', code: 'bench', message: problem });
  const { backend, variant } = request;
  const failure = await deps.startBackend(backend, variant === 'ours' ? 'app' : 'tfjs-defaults');
  if (failure) return post({ type: 'bench-result', result: { backend, variant, skipped: failure } });
  const { adapter, wasm } = await deps.describe(backend);
  post({ type: 'bench-progress', message: `${backend} ${variant}: started on ${adapter}` });
  const spec = deps.spec ?? REFERENCE_DENSENET;
  const dataset = syntheticDataset(request.batchSize, request.seed);
  const net = buildDenseNet(spec, request.seed);
  let runner: StepRunner | null = null;
  try {
    const preparation = variant === 'ours' ? await prepare(spec, net, dataset, request) : { ms: 0, realSteps: 0 };
    // The baseline gathers its batches up front; that setup counts towards its first step.
    const setupStart = performance.now();
    runner =
      variant === 'baseline' ? baselineStep(net, dataset, request.batchSize) : ourStep(net, dataset, request.batchSize);
    const measured = await measureStep(runner, request, preparation, performance.now() - setupStart, post);
    post({
      type: 'bench-result',
      result: { backend, variant, adapter, batchSize: request.batchSize, ...measured, wasm },
    });
  } finally {
    runner?.dispose();
    net.model.dispose();
    dataset.dispose();
  }
}

/** How long the preparation took, and how many real (scratch) steps it ran. */
interface Preparation {
  ms: number;
  realSteps: number;
}

/** The app's preparation of the training step on scratch copies (src/train/prepare.ts). */
async function prepare(
  spec: DenseNetSpec,
  net: Network,
  dataset: ReturnType<typeof syntheticDataset>,
  request: BenchRequest,
): Promise<Preparation> {
  const scratch = () => buildDenseNet(spec, request.seed + 1);
  const report = await prepareRun(
    stepOnlyTarget(scratch, net, dataset, request.batchSize, request.seed),
    () => undefined,
  );
  return { ms: report.ms, realSteps: report.realSteps };
}

interface Measured {
  figures: StepFigures;
  tensorsBefore: number;
  tensorsAfter: number;
}

/** Warm-up steps, timed windows, then one profiled and one counted (untimed) step. */
async function measureStep(
  runner: StepRunner,
  request: BenchRequest,
  preparation: Preparation,
  setupMs: number,
  post: Post,
): Promise<Measured> {
  const { warmupStepMs, afterFirstStep } = await warmUp(runner, request, setupMs);
  post({
    type: 'bench-progress',
    message: `${request.backend} ${request.variant}: preparation ${seconds(preparation.ms)} s, warm-up steps ${warmupStepMs.map(seconds).join(', ')} s`,
  });
  const tensorsBefore = tf.memory().numTensors;
  const { windowImagesPerSecond, stepsPerWindow } = await timeWindows(runner, request, warmupStepMs.at(-1)!, post);
  const tensorsAfter = tf.memory().numTensors;
  const profile = await tf.profile(() => runner.step());
  await runner.sync();
  const counted = countGpuWork(() => runner.step());
  await runner.sync();
  const programsCompiled = compiledPrograms();
  const imagesPerSecond = median(windowImagesPerSecond);
  const msPerStep = (request.batchSize * 1000) / imagesPerSecond;
  const figures: StepFigures = {
    imagesPerSecond,
    msPerStep,
    windowImagesPerSecond,
    stepsPerWindow,
    kernelsPerStep: profile.kernels.length,
    distinctKernels: profile.kernelNames.length,
    warmupMs: lostToWarmUp(preparation, warmupStepMs, msPerStep),
    prepareMs: preparation.ms,
    firstStepMs: warmupStepMs[0]!,
    warmupStepMs,
    programsCompiled,
    compiledAfterFirstStep:
      programsCompiled === null || afterFirstStep === null ? null : programsCompiled - afterFirstStep,
    programsPerStep: programsCompiled === null ? null : counted.programs,
    readsPerStep: counted.reads,
  };
  if (request.profile && request.backend === 'wasm') figures.profile = await profileSteps(runner, stepsPerWindow);
  return { figures, tensorsBefore, tensorsAfter };
}

/** The warm-up steps, each timed (the first with the runner's setup), and the programs compiled after the first. */
async function warmUp(
  runner: StepRunner,
  request: BenchRequest,
  setupMs: number,
): Promise<{ warmupStepMs: number[]; afterFirstStep: number | null }> {
  const warmupStepMs = [setupMs + (await timeSteps(runner, 1))];
  const afterFirstStep = compiledPrograms();
  for (let i = 1; i < request.warmupSteps; i++) warmupStepMs.push(await timeSteps(runner, 1));
  return { warmupStepMs, afterFirstStep };
}

/** Time lost to warming up: everything before full speed, less the real steps run meanwhile at full speed. */
function lostToWarmUp(preparation: Preparation, warmupStepMs: number[], msPerStep: number): number {
  const realSteps = preparation.realSteps + warmupStepMs.length;
  return Math.max(0, preparation.ms + warmupStepMs.reduce((a, b) => a + b, 0) - realSteps * msPerStep);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The timed windows: as many steps per window as the budget allows at the warm-up's last step time. */
async function timeWindows(
  runner: StepRunner,
  request: BenchRequest,
  lastStepMs: number,
  post: Post,
): Promise<{ windowImagesPerSecond: number[]; stepsPerWindow: number }> {
  const stepsPerWindow = Math.max(1, Math.round(request.budgetMs / request.windows / Math.max(lastStepMs, 1e-3)));
  const windowImagesPerSecond: number[] = [];
  for (let w = 0; w < request.windows; w++) {
    const ms = await timeSteps(runner, stepsPerWindow);
    windowImagesPerSecond.push((stepsPerWindow * request.batchSize * 1000) / ms);
    post({
      type: 'bench-progress',
      message: `${request.backend} ${request.variant}: window ${w + 1}/${request.windows}, ${stepsPerWindow} steps, ${windowImagesPerSecond.at(-1)!.toFixed(1)} images/s`,
    });
  }
  return { windowImagesPerSecond, stepsPerWindow };
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
