/**
 * The training loop: Adam, reshuffled batches gathered on the device, running loss and
 * accuracy read asynchronously every few steps, and a full test-set evaluation after each
 * epoch. A custom loop rather than `model.fit`: fit awaits the loss after every batch and
 * yields through requestAnimationFrame, which stalls in hidden tabs.
 */
import * as tf from '@tensorflow/tfjs';
import type { DeviceDataset } from '../data/device';
import { augmentBatch, DEFAULT_AUGMENT } from '../data/augment';
import type { Network } from '../model/network';
import type { ModelConfig } from '../shared/presets';
import { FusedAdamOptimizer } from './adam';
import { seededRandom, shuffledIndices, type SeededRandom } from './random';
import { learningRateAt, type ScheduleName } from '../shared/schedule';
import {
  disposeAccumulator,
  evaluateBatch,
  trainStep,
  zeroAccumulator,
  type Accumulator,
  type BatchPredictions,
  type StepOptions,
} from './step';

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** Training rows used: 0 … trainCount−1 of the dataset. */
  trainCount: number;
  /** Test rows evaluated after each epoch. */
  testCount: number;
  /** Seeds the per-epoch shuffle and the augmentation. */
  seed: number;
  /** Adam's base rate: constant, or the schedule's peak. */
  learningRate: number;
  // The recipe (src/shared/recipe.ts). Absent in checkpoints written before it,
  // which means the seed's recipe: constant rate, no decay, no smoothing, no augmentation.
  schedule?: ScheduleName;
  weightDecay?: number;
  labelSmoothing?: number;
  augment?: boolean;
  /** The architecture trained; absent = the seed Network. */
  model?: ModelConfig;
}

export interface BatchReport {
  /** 1-based. */
  epoch: number;
  /** Batches finished in this epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Mean cross-entropy (nats) over the epoch's batches so far. */
  loss: number;
  /** Fraction 0–1 correct over the epoch's batches so far. */
  accuracy: number;
  /** Training throughput over the last read window, smoothed. */
  imagesPerSecond: number;
  /** Estimated seconds until the last epoch's evaluation ends. */
  etaSeconds: number;
  /** Wall time per optimizer step over the last read window, ms. */
  msPerStep: number;
  /** Time since this epoch began, ms. */
  epochElapsedMs: number;
  /** The learning rate of the latest step (the schedule's value). */
  learningRate: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Wall time of the epoch's training part, ms. */
  trainMs: number;
  /** Wall time of the evaluation, ms. */
  evalMs: number;
}

/** Each evaluated test image's predicted class and the probability given to it, in test order. */
export interface TestPredictions {
  predicted: Int32Array;
  confidence: Float32Array;
}

export interface TrainCallbacks {
  onBatch(report: BatchReport): void;
  onEpoch(report: EpochReport, predictions: TestPredictions): void;
  /** Resolves after pending messages (predict, stop) have had a chance to run. */
  yieldToEvents(): Promise<void>;
  shouldStop(): boolean;
  /** Asked between steps after each loss read and when the run stops early: is a checkpoint due now? */
  checkpointDue?(): boolean;
  /**
   * Writes a checkpoint; awaited with no step in flight, so the weights, the optimizer and
   * `position` agree. Called when `checkpointDue` says so and after every epoch.
   */
  checkpoint?(optimizer: tf.Optimizer, position: RunPosition): Promise<void>;
}

/** Where a run stands between two optimizer steps: with the weights and the optimizer, enough to continue it exactly. */
export interface RunPosition {
  /** The epoch in progress, 1-based; `epochs + 1` once every epoch is done. */
  epoch: number;
  /** Batches of that epoch already trained (0 … batchesPerEpoch). */
  batchesDone: number;
  /** The shuffle RNG's state before this epoch's shuffle: replaying it gives the same batch order. */
  rngState: number;
  /** Σ per-image loss (nats) and Σ correct over this epoch's batches so far: the running means continue. */
  lossSum: number;
  correct: number;
}

/** A run to continue: a restored optimizer (train takes ownership) and the position to start at. */
export interface ResumeFrom {
  optimizer: tf.Optimizer;
  position: RunPosition;
}

/** Raised when the loss stops being a finite number; training cannot continue from there. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly value: number,
  ) {
    super(`The training loss became ${value} in epoch ${epoch}, batch ${batch}; training stopped.`);
  }
}

/** Aim for a loss read about this often: often enough for a live chart, rarely enough not to stall the GPU queue. */
const READ_INTERVAL_MS = 250;
const MAX_STEPS_BETWEEN_READS = 64;
const EVAL_BATCH = 250;
/** Forward-only evaluation costs roughly a third of a training step per image. */
const EVAL_COST_PER_IMAGE = 1 / 3;

export type TrainOutcome = 'completed' | 'stopped';

/**
 * Trains `config.epochs` epochs, or continues a checkpointed run from `resume` (same batch
 * order, same running means, the restored Adam state).
 */
export async function train(
  net: Network,
  dataset: DeviceDataset,
  config: TrainConfig,
  callbacks: TrainCallbacks,
  resume?: ResumeFrom,
): Promise<TrainOutcome> {
  const optimizer = resume?.optimizer ?? new FusedAdamOptimizer(config.learningRate);
  const start = resume?.position ?? { epoch: 1, batchesDone: 0, rngState: config.seed >>> 0, lossSum: 0, correct: 0 };
  const random = seededRandom(start.rngState);
  const throughput = new Throughput(config);
  if (optimizer instanceof FusedAdamOptimizer) optimizer.weightDecay = config.weightDecay ?? 0;
  try {
    for (let epoch = start.epoch; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const from: RunPosition =
        epoch === start.epoch ? start : { epoch, batchesDone: 0, rngState: random.state(), lossSum: 0, correct: 0 };
      const epochTrain = await trainEpoch(
        net,
        optimizer,
        dataset,
        config,
        from,
        random,
        throughput,
        callbacks,
        started,
      );
      if (epochTrain === 'stopped') return 'stopped';
      const trainMs = performance.now() - started;
      const test = await evaluate(net, dataset, config.testCount, callbacks);
      if (test === 'stopped') {
        // Stopped during the evaluation: keep the epoch's training; a resumed run only re-evaluates.
        const batchesDone = Math.floor(config.trainCount / config.batchSize);
        if (callbacks.checkpointDue?.())
          await callbacks.checkpoint?.(optimizer, {
            ...from,
            batchesDone,
            lossSum: epochTrain.lossSum,
            correct: epochTrain.correct,
          });
        return 'stopped';
      }
      const { loss: testLoss, accuracy: testAccuracy, predictions } = test;
      callbacks.onEpoch(
        {
          epoch,
          loss: epochTrain.loss,
          accuracy: epochTrain.accuracy,
          testLoss,
          testAccuracy,
          trainMs,
          evalMs: performance.now() - started - trainMs,
        },
        predictions,
      );
      await callbacks.checkpoint?.(optimizer, {
        epoch: epoch + 1,
        batchesDone: 0,
        rngState: random.state(),
        lossSum: 0,
        correct: 0,
      });
      throughput.finishEpoch();
    }
    return 'completed';
  } finally {
    optimizer.dispose();
  }
}

/** An epoch's running means and the raw sums behind them. */
interface EpochTotals {
  loss: number;
  accuracy: number;
  lossSum: number;
  correct: number;
}

async function trainEpoch(
  net: Network,
  optimizer: tf.Optimizer,
  dataset: DeviceDataset,
  config: TrainConfig,
  from: RunPosition,
  random: SeededRandom,
  throughput: Throughput,
  callbacks: TrainCallbacks,
  epochStarted: number,
): Promise<EpochTotals | 'stopped'> {
  const { epoch } = from;
  const batchesPerEpoch = Math.floor(config.trainCount / config.batchSize);
  const totalSteps = config.epochs * batchesPerEpoch;
  // One shuffled index list per epoch, uploaded once; each batch is a slice of it.
  const order = tf.tensor1d(shuffledIndices(config.trainCount, random.next), 'int32');
  let accumulator = { lossSum: tf.scalar(from.lossSum), correct: tf.scalar(from.correct) };
  let stepsUntilRead = 1;
  const imagesDone = from.batchesDone * config.batchSize;
  let running: EpochTotals = {
    loss: from.lossSum / imagesDone,
    accuracy: from.correct / imagesDone,
    lossSum: from.lossSum,
    correct: from.correct,
  };
  try {
    for (let batch = from.batchesDone + 1; batch <= batchesPerEpoch; batch++) {
      const rows = tf.slice(order, (batch - 1) * config.batchSize, config.batchSize);
      const step = (epoch - 1) * batchesPerEpoch + batch - 1;
      const learningRate = learningRateAt(config.schedule ?? 'constant', config.learningRate, step, totalSteps);
      if (optimizer instanceof FusedAdamOptimizer) optimizer.learningRate = learningRate;
      accumulator = trainStep(net, optimizer, dataset, rows, accumulator, stepOptions(config, step));
      rows.dispose();
      throughput.addImages(config.batchSize);
      if (--stepsUntilRead > 0 && batch < batchesPerEpoch) continue;

      running = await readRunning(accumulator, batch * config.batchSize);
      if (!Number.isFinite(running.loss)) throw new NonFiniteLossError(epoch, batch, running.loss);
      stepsUntilRead = throughput.read();
      callbacks.onBatch({
        epoch,
        batch,
        batchesPerEpoch,
        loss: running.loss,
        accuracy: running.accuracy,
        imagesPerSecond: throughput.imagesPerSecond,
        etaSeconds: throughput.etaSeconds(epoch, batch),
        msPerStep: throughput.msPerStep,
        epochElapsedMs: performance.now() - epochStarted,
        learningRate,
      });
      await callbacks.yieldToEvents();
      if (callbacks.checkpointDue?.()) {
        await callbacks.checkpoint?.(optimizer, {
          epoch,
          batchesDone: batch,
          rngState: from.rngState,
          lossSum: running.lossSum,
          correct: running.correct,
        });
      }
      if (callbacks.shouldStop()) return 'stopped';
    }
    return running;
  } finally {
    order.dispose();
    disposeAccumulator(accumulator);
  }
}

/**
 * The step's smoothing and augmentation. The augmentation draws from a generator seeded by
 * (run seed, global step), not from a running stream, so a run resumed from a checkpoint
 * augments every later batch exactly as the uninterrupted run would have.
 */
function stepOptions(config: TrainConfig, step: number): StepOptions {
  const options: StepOptions = { labelSmoothing: config.labelSmoothing ?? 0 };
  if (config.augment) {
    const random = seededRandom((config.seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
    options.augment = (images) => augmentBatch(images, DEFAULT_AUGMENT, random.next);
  }
  return options;
}

async function readRunning(accumulator: Accumulator, images: number): Promise<EpochTotals> {
  const [lossSum, correct] = await Promise.all([accumulator.lossSum.data(), accumulator.correct.data()]);
  return { loss: lossSum[0]! / images, accuracy: correct[0]! / images, lossSum: lossSum[0]!, correct: correct[0]! };
}

/**
 * Mean loss and accuracy over test rows `trainRows … trainRows + testCount − 1`, in batches
 * of 250 (the last one smaller), yielding between batches so Stop and predictions stay
 * responsive; also every image's prediction, read once at the end.
 */
export async function evaluate(
  net: Network,
  dataset: DeviceDataset,
  testCount: number,
  callbacks: Pick<TrainCallbacks, 'yieldToEvents' | 'shouldStop'>,
): Promise<{ loss: number; accuracy: number; predictions: TestPredictions } | 'stopped'> {
  let accumulator = zeroAccumulator();
  const batches: BatchPredictions[] = [];
  try {
    for (let start = 0; start < testCount; start += EVAL_BATCH) {
      const size = Math.min(EVAL_BATCH, testCount - start);
      const rows = tf.range(dataset.trainRows + start, dataset.trainRows + start + size, 1, 'int32') as tf.Tensor1D;
      const result = evaluateBatch(net, dataset, rows, accumulator);
      accumulator = result.accumulator;
      batches.push(result.predictions);
      rows.dispose();
      await callbacks.yieldToEvents();
      if (callbacks.shouldStop()) return 'stopped';
    }
    const running = await readRunning(accumulator, testCount);
    return { ...running, predictions: await readPredictions(batches) };
  } finally {
    disposeAccumulator(accumulator);
    for (const batch of batches) tf.dispose([batch.predicted, batch.confidence]);
  }
}

async function readPredictions(batches: BatchPredictions[]): Promise<TestPredictions> {
  const predicted = tf.concat(batches.map((b) => b.predicted));
  const confidence = tf.concat(batches.map((b) => b.confidence));
  try {
    const [classes, probabilities] = await Promise.all([predicted.data(), confidence.data()]);
    return { predicted: Int32Array.from(classes), confidence: Float32Array.from(probabilities) };
  } finally {
    tf.dispose([predicted, confidence]);
  }
}

/** Measures images/s between reads and decides how many steps to run before the next read. */
class Throughput {
  imagesPerSecond = 0;
  msPerStep = 0;
  private imagesSinceRead = 0;
  private lastRead = performance.now();

  constructor(private readonly config: TrainConfig) {}

  addImages(count: number): void {
    this.imagesSinceRead += count;
  }

  /** Records a read; returns the number of steps to run before the next one. */
  read(): number {
    const now = performance.now();
    const seconds = Math.max((now - this.lastRead) / 1000, 1e-6);
    const measured = this.imagesSinceRead / seconds;
    // Exponential smoothing; the first window (shader compilation) is replaced quickly.
    this.imagesPerSecond = this.imagesPerSecond === 0 ? measured : 0.7 * this.imagesPerSecond + 0.3 * measured;
    this.msPerStep = (seconds * 1000 * this.config.batchSize) / Math.max(this.imagesSinceRead, 1);
    this.imagesSinceRead = 0;
    this.lastRead = now;
    return Math.min(MAX_STEPS_BETWEEN_READS, Math.max(1, Math.round(READ_INTERVAL_MS / this.msPerStep)));
  }

  /** The evaluation's pause is not training throughput: restart the window after it. */
  finishEpoch(): void {
    this.imagesSinceRead = 0;
    this.lastRead = performance.now();
  }

  etaSeconds(epoch: number, batch: number): number {
    const { epochs, batchSize, trainCount, testCount } = this.config;
    const batchesPerEpoch = Math.floor(trainCount / batchSize);
    const trainImagesLeft = ((epochs - epoch) * batchesPerEpoch + (batchesPerEpoch - batch)) * batchSize;
    const evalImagesLeft = (epochs - epoch + 1) * testCount * EVAL_COST_PER_IMAGE;
    return this.imagesPerSecond > 0 ? (trainImagesLeft + evalImagesLeft) / this.imagesPerSecond : Infinity;
  }
}
