/**
 * Preparing a backend for a run before Train is pressed, so the first step does not wait for
 * shader compilation. Everything here works on scratch copies — a fresh network of the run's
 * architecture, its own optimizer and accumulators, synthetic row indices — so the run's
 * weights, optimizer state, shuffle generator and metrics are never touched:
 *   1. GPU backends: the training step (twice: the first creates Adam's moments), one
 *      evaluation batch of each size and a one-image prediction run in compile-only mode,
 *      which creates every program they use and runs none (src/backend/compile.ts);
 *   2. then, on WebGL, one real step on the scratch copies and a read of its loss, which
 *      compiles what compile-only cannot reach (the read-back programs) and lets drivers that
 *      finish pipelines lazily do so now (see REAL_STEP_AFTER_COMPILE).
 * WASM has no shaders but builds its XNNPACK operators on the first step: step 2 only.
 * The CPU backend has nothing to prepare.
 */
import * as tf from '@tensorflow/tfjs';
import { canCompileOnly, compileOnly } from '../backend/compile';
import { compiledPrograms } from '../backend/programs';
import type { DeviceDataset } from '../data/device';
import type { Network } from '../model/network';
import { SEED_TRAINING } from '../shared/recipe';
import { FusedAdamOptimizer } from './adam';
import { evaluationBatchSizes, stepOptions, type StepConfig } from './loop';
import { disposeAccumulator, evaluateBatch, trainStep, zeroAccumulator } from './step';

/** What to prepare for: a run's step and evaluation. */
export interface PrepareTarget {
  /**
   * Builds a throwaway network of the run's architecture. Null for an imported model, which
   * is only evaluated: then `inferenceNet`'s forward pass alone is prepared.
   */
  scratchNet: (() => Network) | null;
  /** The network to evaluate when there is no scratch one (its inference changes nothing). */
  inferenceNet: Network;
  dataset: DeviceDataset;
  /** Images per step, test images evaluated after each epoch (0: no evaluation), and the recipe's step options. */
  batchSize: number;
  testCount: number;
  /** Also the one-image prediction the drawing pad runs. */
  predict: boolean;
  step: StepConfig & { learningRate: number; weightDecay?: number };
}

/**
 * A target for the training step alone, as the benchmark and backend measuring time it:
 * synthetic data, the seed's recipe, no evaluation, no prediction.
 */
export function stepOnlyTarget(
  scratchNet: () => Network,
  net: Network,
  dataset: DeviceDataset,
  batchSize: number,
  seed: number,
): PrepareTarget {
  return {
    scratchNet,
    inferenceNet: net,
    dataset,
    batchSize,
    testCount: 0,
    predict: false,
    step: { ...SEED_TRAINING, seed },
  };
}

export type PrepareProgress = { stage: 'compiling'; done: number; total: number } | { stage: 'warming' };

/** How a backend is prepared: compile-only then a real scratch step, a real scratch step, or nothing. */
export type PrepareMode = 'compile-only' | 'real-step' | 'none';

export interface PrepareReport {
  mode: PrepareMode;
  /** Programs compiled in compile-only mode; null where there is none. */
  programs: number | null;
  /** Programs the real scratch step still compiled (what compile-only missed); null off the GPU backends. */
  compiledByRealStep: number | null;
  /** The compile-only part, ms (0 without it). */
  compileMs: number;
  /** Real training steps run on the scratch copies (0 or 1). */
  realSteps: number;
  /** The whole preparation, ms. */
  ms: number;
}

/**
 * Whether a GPU backend still needs a real scratch step after compile-only. WebGL: yes — ANGLE
 * on Vulkan (SwiftShader here) builds each pipeline at its first draw, so after compile-only
 * the first step still paid most of the cost (measured: 2 s compiling, then a 17 s first
 * step); the scratch step pays it before Train. WebGPU: no — createComputePipelineAsync does
 * the whole compilation, and the first step after it ran at steady speed.
 */
const REAL_STEP_AFTER_COMPILE: Record<string, boolean> = { webgl: true, webgpu: false };

export function prepareMode(backend: string): PrepareMode {
  if (backend === 'cpu') return 'none';
  return canCompileOnly() ? 'compile-only' : 'real-step';
}

/** Prepares the running backend for `target`; see the file comment. Never changes the run's state. */
export async function prepareRun(
  target: PrepareTarget,
  onProgress: (progress: PrepareProgress) => void,
): Promise<PrepareReport> {
  const started = performance.now();
  const mode = prepareMode(tf.getBackend());
  if (mode === 'none') return { mode, programs: null, compiledByRealStep: null, compileMs: 0, realSteps: 0, ms: 0 };
  const scratch = target.scratchNet?.() ?? null;
  try {
    let programs: number | null = null;
    if (mode === 'compile-only')
      programs = await compileOnly(
        () => compileWork(scratch, target),
        (done, total) => onProgress({ stage: 'compiling', done, total }),
      );
    const compileMs = performance.now() - started;
    // Nothing new to compile (a repeat on the same shapes): the earlier warm step covered it.
    if (programs === 0) return { mode, programs, compiledByRealStep: 0, compileMs, realSteps: 0, ms: compileMs };
    const before = compiledPrograms();
    const realStep = scratch !== null && (mode === 'real-step' || REAL_STEP_AFTER_COMPILE[tf.getBackend()] === true);
    if (realStep) {
      onProgress({ stage: 'warming' });
      await realScratchStep(scratch, target);
    }
    const after = compiledPrograms();
    const compiledByRealStep = before === null || after === null ? null : after - before;
    return {
      mode,
      programs,
      compiledByRealStep,
      compileMs,
      realSteps: realStep ? 1 : 0,
      ms: performance.now() - started,
    };
  } finally {
    scratch?.model.dispose();
  }
}

/** Everything the run will execute, once per shape: two training steps, the evaluation, a prediction. */
function compileWork(scratch: Network | null, target: PrepareTarget): void {
  tf.tidy(() => {
    if (scratch) {
      const optimizer = scratchOptimizer(target);
      let accumulator = zeroAccumulator();
      for (let step = 0; step < 2; step++) {
        const rows = batchRows(target, step);
        accumulator = trainStep(scratch, optimizer, target.dataset, rows, accumulator, stepOptions(target.step, step));
      }
      disposeAccumulator(accumulator);
      optimizer.dispose();
    }
    const net = scratch ?? target.inferenceNet;
    const sizes = evaluationBatchSizes(target.testCount);
    const bySize = new Map<number, { predicted: tf.Tensor; confidence: tf.Tensor }>();
    for (const size of new Set(sizes)) {
      const rows = tf.range(0, size, 1, 'int32') as tf.Tensor1D;
      const { accumulator, predictions } = evaluateBatch(net, target.dataset, rows, zeroAccumulator());
      disposeAccumulator(accumulator);
      bySize.set(size, predictions);
    }
    // The evaluation's closing concatenations, with each batch's result standing in for every batch of its size.
    const of = (pick: 'predicted' | 'confidence') => sizes.map((size) => bySize.get(size)![pick]);
    if (sizes.length > 0) tf.concat(of('predicted'));
    if (sizes.length > 0) tf.concat(of('confidence'));
    if (target.predict) net.model.predict(tf.zeros([1, 28, 28, 1]));
  });
}

/**
 * Row indices for step `step` as the loop makes them: a slice of an uploaded index list, at
 * offset 0 for the first batch and further in for the others (WebGL reads a sliced texture
 * through an offset, a program of its own).
 */
function batchRows(target: PrepareTarget, step: number): tf.Tensor1D {
  const count = Math.max(1, target.dataset.trainRows);
  const order = tf.tensor1d(
    Int32Array.from({ length: 2 * target.batchSize }, (_, i) => i % count),
    'int32',
  );
  return tf.slice(order, step * target.batchSize, target.batchSize);
}

/** One real training step on the scratch copies, and the read of its loss the loop does. */
async function realScratchStep(scratch: Network, target: PrepareTarget): Promise<void> {
  const optimizer = scratchOptimizer(target);
  const rows = tf.tidy(() => batchRows(target, 0));
  const accumulator = trainStep(
    scratch,
    optimizer,
    target.dataset,
    rows,
    zeroAccumulator(),
    stepOptions(target.step, 0),
  );
  try {
    await Promise.all([accumulator.lossSum.data(), accumulator.correct.data()]);
  } finally {
    disposeAccumulator(accumulator);
    rows.dispose();
    optimizer.dispose();
  }
}

function scratchOptimizer(target: PrepareTarget): FusedAdamOptimizer {
  const optimizer = new FusedAdamOptimizer(target.step.learningRate);
  optimizer.weightDecay = target.step.weightDecay ?? 0;
  return optimizer;
}
