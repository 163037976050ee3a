/**
 * Fine-tuning on your digits: a bounded number of Adam steps on replay-mixed batches (your
 * digits, augmented, plus MNIST training images), with batch norm frozen at its moving
 * statistics. Frozen because a few dozen of your digits in every batch would pull the
 * statistics MNIST's 60,000 digits settled, and the model would then be evaluated with
 * statistics that no longer describe MNIST. Progress is read every few steps; the loop
 * stops between steps when asked and can checkpoint there.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_AUGMENT, type AugmentOptions } from '../data/augment';
import type { DeviceDataset } from '../data/device';
import type { Network } from '../model/network';
import type { TeachMeasure } from '../shared/teach';
import { FusedAdamOptimizer } from './adam';
import { seededRandom } from './random';
import { mixedBatch, replayPlan, yoursPerBatch, type ReplayOptions, type YourDigitsOnDevice } from './replay';
import { disposeAccumulator, trainOnBatch, zeroAccumulator } from './step';

export interface FineTuneConfig extends ReplayOptions {
  steps: number;
  /** Adam's rate, constant. */
  learningRate: number;
  /** Seeds the batch plan and the augmentation. */
  seed: number;
  /** Augmentation of your digits (MNIST's replay rows are used as they are); null for none. */
  augment: AugmentOptions | null;
}

/** The fine-tune's defaults: half of each batch yours, about 24 passes over your digits, 30–150 steps. */
export const TEACH_DEFAULTS = {
  batchSize: 32,
  yourShare: 0.5,
  learningRate: 5e-4,
  passes: 24,
  minSteps: 30,
  maxSteps: 150,
  augment: DEFAULT_AUGMENT,
} as const;

/** Steps for `teachCount` digits: enough passes over them, bounded so a fine-tune takes seconds. */
export function fineTuneSteps(
  teachCount: number,
  options: Pick<ReplayOptions, 'batchSize' | 'yourShare'> = TEACH_DEFAULTS,
): number {
  const { passes, minSteps, maxSteps } = TEACH_DEFAULTS;
  const steps = Math.ceil((passes * teachCount) / yoursPerBatch(options));
  return Math.min(maxSteps, Math.max(minSteps, steps));
}

/** Accuracy of one model before or after a fine-tune (src/shared/teach.ts). */
export type FineTuneMeasure = TeachMeasure;

/** What a checkpoint of a fine-tune adds to the run's: enough to continue it or show its result. */
export interface FineTuneState {
  config: FineTuneConfig;
  stepsDone: number;
  /** The stored ids of the digits it trains on, in the order the batch plan indexes them. */
  digitIds: number[];
  before: FineTuneMeasure;
  /** The network's topology came from an imported file (not from the run's preset). */
  imported: boolean;
}

export interface FineTuneProgress {
  /** Steps done, 1 … steps. */
  step: number;
  steps: number;
  /** Mean cross-entropy (nats) and accuracy (0–1) of the mixed batches since the last report. */
  loss: number;
  accuracy: number;
  /** Wall time per step over the same window, ms. */
  msPerStep: number;
}

export interface FineTuneCallbacks {
  onProgress(progress: FineTuneProgress): void;
  yieldToEvents(): Promise<void>;
  shouldStop(): boolean;
  /** Asked after each progress read and when stopping: is a checkpoint due? */
  checkpointDue?(): boolean;
  /** Writes a checkpoint with `stepsDone` steps trained; awaited with no step in flight. */
  checkpoint?(optimizer: tf.Optimizer, stepsDone: number): Promise<void>;
}

/** A fine-tune to continue: its restored optimizer (taken over) and the steps already done. */
export interface FineTuneResume {
  optimizer: tf.Optimizer;
  stepsDone: number;
}

const STEPS_BETWEEN_READS = 4;

/** Runs steps `resume.stepsDone` (or 0) … `config.steps − 1`; resolves with how it ended and the steps done. */
export async function fineTune(
  net: Network,
  dataset: DeviceDataset,
  yours: YourDigitsOnDevice,
  config: FineTuneConfig,
  callbacks: FineTuneCallbacks,
  resume?: FineTuneResume,
): Promise<{ outcome: 'completed' | 'stopped'; stepsDone: number }> {
  const optimizer = resume?.optimizer ?? new FusedAdamOptimizer(config.learningRate);
  const first = resume?.stepsDone ?? 0;
  const plans = replayPlan(yours.count, config, config.seed, config.steps, first);
  let accumulator = zeroAccumulator();
  let window = { images: 0, started: performance.now(), steps: 0 };
  let stepsDone = first;
  try {
    // A checkpoint before the first step: a crash mid-way then resumes this fine-tune, not what was stored before it.
    if (!resume) await callbacks.checkpoint?.(optimizer, 0);
    for (const [i, plan] of plans.entries()) {
      const step = first + i;
      const random = seededRandom((config.seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0).next;
      accumulator = trainOnBatch(
        net,
        optimizer,
        () => mixedBatch(dataset, yours, plan, config.augment, random),
        accumulator,
        { frozenBatchNorm: true },
      );
      stepsDone = step + 1;
      window = { ...window, images: window.images + config.batchSize, steps: window.steps + 1 };
      if (window.steps < STEPS_BETWEEN_READS && stepsDone < config.steps) continue;

      const [lossSum, correct] = await Promise.all([accumulator.lossSum.data(), accumulator.correct.data()]);
      const loss = lossSum[0]! / window.images;
      if (!Number.isFinite(loss)) throw new Error(`The fine-tuning loss became ${loss} at step ${stepsDone}.`);
      callbacks.onProgress({
        step: stepsDone,
        steps: config.steps,
        loss,
        accuracy: correct[0]! / window.images,
        msPerStep: (performance.now() - window.started) / window.steps,
      });
      disposeAccumulator(accumulator);
      accumulator = zeroAccumulator();
      window = { images: 0, started: performance.now(), steps: 0 };
      await callbacks.yieldToEvents();
      const stopping = callbacks.shouldStop() && stepsDone < config.steps;
      if (callbacks.checkpointDue?.() || stopping) await callbacks.checkpoint?.(optimizer, stepsDone);
      if (stopping) return { outcome: 'stopped', stepsDone };
    }
    await callbacks.checkpoint?.(optimizer, stepsDone);
    return { outcome: 'completed', stepsDone };
  } finally {
    disposeAccumulator(accumulator);
    optimizer.dispose();
  }
}

/** Each image's predicted class, inference mode (batch norm on its moving statistics). `images`: `[n, 28, 28, 1]`. */
export async function classifyImages(net: Network, images: tf.Tensor4D): Promise<Int32Array> {
  if (images.shape[0] === 0) return new Int32Array(0);
  const classes = tf.tidy(() => tf.argMax(net.logits(images, false), 1));
  try {
    return Int32Array.from(await classes.data());
  } finally {
    classes.dispose();
  }
}
