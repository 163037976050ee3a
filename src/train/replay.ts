/**
 * Replay mixing for fine-tuning on your digits: every batch holds a fixed share of your digits,
 * each one moved by its own random augmentation, and fills the rest with MNIST training
 * images, so the network keeps seeing what it was trained on and does not forget it.
 * Your digits come in shuffled passes (each once per pass), MNIST rows in shuffled passes over
 * the training rows; the whole plan follows from a seed, so a fine-tune resumed at step k draws
 * exactly the batches the uninterrupted one would have.
 */
import * as tf from '@tensorflow/tfjs';
import { augmentBatch, type AugmentOptions } from '../data/augment';
import { gatherImages, gatherLabels, type DeviceDataset } from '../data/device';
import { seededRandom, shuffledIndices } from './random';
import type { Batch } from './step';

/** Your digits on the device. */
export interface YourDigitsOnDevice {
  /** `[n, 28, 28, 1]` float32, 0–1. */
  images: tf.Tensor4D;
  /** `[n]` int32, 0–9. */
  labels: tf.Tensor1D;
  count: number;
  dispose(): void;
}

/** Which rows one mixed batch takes. */
export interface MixedBatchPlan {
  /** Indices into your digits (may repeat when you have fewer than the batch's share). */
  yours: number[];
  /** MNIST training rows (0 … mnistRows−1 of the dataset). */
  mnist: number[];
}

export interface ReplayOptions {
  batchSize: number;
  /** Fraction of each batch taken from your digits, (0, 1]. */
  yourShare: number;
  /** MNIST rows replay draws from: the first `mnistRows` training rows. */
  mnistRows: number;
}

/** Your digits in one batch: the share of the batch, at least 1, at most the whole batch. */
export function yoursPerBatch(options: Pick<ReplayOptions, 'batchSize' | 'yourShare'>): number {
  return Math.min(options.batchSize, Math.max(1, Math.round(options.batchSize * options.yourShare)));
}

/**
 * The batches of steps `from … to − 1` of a fine-tune over `yourCount` digits.
 * @returns one plan per step; yours and mnist lengths add up to `options.batchSize`
 */
export function replayPlan(
  yourCount: number,
  options: ReplayOptions,
  seed: number,
  to: number,
  from = 0,
): MixedBatchPlan[] {
  if (yourCount < 1) throw new RangeError('Replay mixing needs at least one of your digits.');
  const mine = yoursPerBatch(options);
  const theirs = options.batchSize - mine;
  const yours = passes(yourCount, seededRandom(seed ^ 0x5bd1e995).next);
  const mnist = passes(options.mnistRows, seededRandom(seed ^ 0x1b873593).next);
  const plans: MixedBatchPlan[] = [];
  for (let step = 0; step < to; step++) {
    const plan = { yours: take(yours, mine), mnist: theirs > 0 ? take(mnist, theirs) : [] };
    if (step >= from) plans.push(plan);
  }
  return plans;
}

/** An endless stream of shuffled passes over 0 … count−1 (the array of a pass is made when needed). */
function passes(count: number, random: () => number): { next(): number } {
  let order: Int32Array = new Int32Array(0);
  let position = 0;
  return {
    next: () => {
      if (position >= order.length) {
        order = shuffledIndices(count, random);
        position = 0;
      }
      return order[position++]!;
    },
  };
}

function take(stream: { next(): number }, count: number): number[] {
  return Array.from({ length: count }, () => stream.next());
}

/** Uploads your digits (784 bytes each, 0–255) and labels once for a fine-tune. */
export function uploadYourDigits(digits: readonly { pixels: Uint8Array; label: number }[]): YourDigitsOnDevice {
  const count = digits.length;
  const pixels = new Float32Array(count * 784);
  digits.forEach((digit, i) => {
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = digit.pixels[p]! / 255;
  });
  const images = tf.tensor4d(pixels, [count, 28, 28, 1]);
  const labels = tf.tensor1d(
    Int32Array.from(digits, (digit) => digit.label),
    'int32',
  );
  return { images, labels, count, dispose: () => tf.dispose([images, labels]) };
}

/**
 * The tensors of one planned batch: your digits first (augmented when `augment` is given,
 * each with its own transform from `random`), then the MNIST rows as they are.
 * Call inside a tidy (the training step's).
 */
export function mixedBatch(
  dataset: DeviceDataset,
  yours: YourDigitsOnDevice,
  plan: MixedBatchPlan,
  augment: AugmentOptions | null,
  random: () => number,
): Batch {
  const yourRows = tf.tensor1d(plan.yours, 'int32');
  const picked = tf.gather(yours.images, yourRows) as tf.Tensor4D;
  const yourImages = augment ? augmentBatch(picked, augment, random) : picked;
  const yourLabels = tf.gather(yours.labels, yourRows) as tf.Tensor1D;
  if (plan.mnist.length === 0) return { images: yourImages, labels: yourLabels };
  const rows = tf.tensor1d(plan.mnist, 'int32');
  return {
    images: tf.concat([yourImages, gatherImages(dataset, rows)]),
    labels: tf.concat([yourLabels, gatherLabels(dataset, rows)]),
  };
}
