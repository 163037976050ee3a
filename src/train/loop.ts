/**
 * The training loop: Adam, reshuffled batches gathered on the device, running loss and
 * accuracy read asynchronously every few steps, and a full test-set evaluation after each
 * epoch. A custom loop rather than `model.fit`: fit awaits the loss after every batch and
 * yields through requestAnimationFrame, which stalls in hidden tabs.
 */
import * as tf from '@tensorflow/tfjs';
import type { DeviceDataset } from '../data/device';
import type { DenseNet } from '../model/densenet';
import { FusedAdamOptimizer } from './adam';
import { mulberry32, shuffledIndices } from './random';
import { disposeAccumulator, evaluateBatch, trainStep, zeroAccumulator, type Accumulator, type BatchPredictions } from './step';

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** Training rows used: 0 … trainCount−1 of the dataset. */
  trainCount: number;
  /** Test rows evaluated after each epoch. */
  testCount: number;
  /** Seeds the per-epoch shuffle. */
  seed: number;
  learningRate: number;
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
}

/** Raised when the loss stops being a finite number; training cannot continue from there. */
export class NonFiniteLossError extends Error {
  constructor(readonly epoch: number, readonly batch: number, readonly value: number) {
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

export async function train(net: DenseNet, dataset: DeviceDataset, config: TrainConfig, callbacks: TrainCallbacks): Promise<TrainOutcome> {
  const optimizer = new FusedAdamOptimizer(config.learningRate);
  const random = mulberry32(config.seed);
  const throughput = new Throughput(config);
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const epochTrain = await trainEpoch(net, optimizer, dataset, config, epoch, random, throughput, callbacks, started);
      if (epochTrain === 'stopped') return 'stopped';
      const trainMs = performance.now() - started;
      const test = await evaluate(net, dataset, config.testCount, callbacks);
      if (test === 'stopped') return 'stopped';
      const { loss: testLoss, accuracy: testAccuracy, predictions } = test;
      callbacks.onEpoch({ epoch, ...epochTrain, testLoss, testAccuracy, trainMs, evalMs: performance.now() - started - trainMs }, predictions);
      throughput.finishEpoch();
    }
    return 'completed';
  } finally {
    optimizer.dispose();
  }
}

async function trainEpoch(
  net: DenseNet,
  optimizer: tf.Optimizer,
  dataset: DeviceDataset,
  config: TrainConfig,
  epoch: number,
  random: () => number,
  throughput: Throughput,
  callbacks: TrainCallbacks,
  epochStarted: number,
): Promise<{ loss: number; accuracy: number } | 'stopped'> {
  const batchesPerEpoch = Math.floor(config.trainCount / config.batchSize);
  // One shuffled index list per epoch, uploaded once; each batch is a slice of it.
  const order = tf.tensor1d(shuffledIndices(config.trainCount, random), 'int32');
  let accumulator = zeroAccumulator();
  let stepsUntilRead = 1;
  let running = { loss: NaN, accuracy: NaN };
  try {
    for (let batch = 1; batch <= batchesPerEpoch; batch++) {
      const rows = tf.slice(order, (batch - 1) * config.batchSize, config.batchSize);
      accumulator = trainStep(net, optimizer, dataset, rows, accumulator);
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
        ...running,
        imagesPerSecond: throughput.imagesPerSecond,
        etaSeconds: throughput.etaSeconds(epoch, batch),
        msPerStep: throughput.msPerStep,
        epochElapsedMs: performance.now() - epochStarted,
      });
      await callbacks.yieldToEvents();
      if (callbacks.shouldStop()) return 'stopped';
    }
    return running;
  } finally {
    order.dispose();
    disposeAccumulator(accumulator);
  }
}

async function readRunning(accumulator: Accumulator, images: number): Promise<{ loss: number; accuracy: number }> {
  const [lossSum, correct] = await Promise.all([accumulator.lossSum.data(), accumulator.correct.data()]);
  return { loss: lossSum[0]! / images, accuracy: correct[0]! / images };
}

/**
 * Mean loss and accuracy over test rows `trainRows … trainRows + testCount − 1`, in batches
 * of 250 (the last one smaller), yielding between batches so Stop and predictions stay
 * responsive; also every image's prediction, read once at the end.
 */
export async function evaluate(
  net: DenseNet,
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
