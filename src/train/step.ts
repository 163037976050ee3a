/**
 * One optimizer step and one evaluation pass, with results accumulated on the device so the
 * training loop can read them every few steps instead of after every batch.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherImages, gatherLabels, type DeviceDataset } from '../data/device';
import type { Network } from '../model/network';
import { countCorrect, crossEntropyPerExample } from './loss';

/** Device-side running sums over an epoch: Σ loss (nats) and Σ correct predictions. */
export interface Accumulator {
  lossSum: tf.Scalar;
  correct: tf.Scalar;
}

export function zeroAccumulator(): Accumulator {
  return { lossSum: tf.scalar(0), correct: tf.scalar(0) };
}

export function disposeAccumulator(accumulator: Accumulator): void {
  tf.dispose([accumulator.lossSum, accumulator.correct]);
}

/** Per-step parts of the recipe: label smoothing and an optional augmentation of the batch. */
export interface StepOptions {
  labelSmoothing?: number;
  augment?: (images: tf.Tensor4D) => tf.Tensor4D;
  /**
   * Batch norm normalises with its moving statistics and leaves them as they are, as in
   * inference (fine-tuning on a few digits: their batch statistics would drag the averages).
   */
  frozenBatchNorm?: boolean;
}

/** One training batch: images `[n, 28, 28, 1]` (0–1) and int32 labels `[n]`. */
export interface Batch {
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
}

/**
 * Trains on the rows `rowIndices` (int32 `[batch]`) with the mean cross-entropy, and returns
 * the accumulator advanced by this batch. The old accumulator is disposed.
 */
export function trainStep(
  net: Network,
  optimizer: tf.Optimizer,
  dataset: DeviceDataset,
  rowIndices: tf.Tensor1D,
  accumulator: Accumulator,
  options: StepOptions = {},
): Accumulator {
  const batch = () => {
    const gathered = gatherImages(dataset, rowIndices);
    return {
      images: options.augment ? options.augment(gathered) : gathered,
      labels: gatherLabels(dataset, rowIndices),
    };
  };
  return trainOnBatch(net, optimizer, batch, accumulator, options);
}

/**
 * One optimizer step on the batch `makeBatch` builds (inside this step's tidy, so its tensors
 * are freed with it); returns the accumulator advanced by it and disposes the old one.
 * `options.augment` is the caller's to apply.
 */
export function trainOnBatch(
  net: Network,
  optimizer: tf.Optimizer,
  makeBatch: () => Batch,
  accumulator: Accumulator,
  options: StepOptions = {},
): Accumulator {
  const next = tf.tidy(() => {
    const { images, labels } = makeBatch();
    let batchCorrect: tf.Scalar | undefined;
    const meanLoss = optimizer.minimize(
      () => {
        const logits = net.logits(images, !options.frozenBatchNorm);
        // Kept past minimize's own tidy: accuracy comes from the same forward pass.
        batchCorrect = tf.keep(countCorrect(logits, labels));
        return tf.mean(crossEntropyPerExample(logits, labels, options.labelSmoothing ?? 0)) as tf.Scalar;
      },
      true,
      net.trainableVariables(),
    );
    if (!meanLoss || !batchCorrect) throw new Error('optimizer.minimize returned no loss');
    const sums = {
      lossSum: tf.add(accumulator.lossSum, tf.mul(meanLoss, labels.shape[0])) as tf.Scalar,
      correct: tf.add(accumulator.correct, batchCorrect) as tf.Scalar,
    };
    // A kept tensor outlives every tidy, so it must be disposed by hand.
    batchCorrect.dispose();
    return sums;
  });
  disposeAccumulator(accumulator);
  return next;
}

/** Per-image results of one evaluation batch: predicted class (int32) and its probability. */
export interface BatchPredictions {
  predicted: tf.Tensor1D;
  confidence: tf.Tensor1D;
}

/**
 * Adds the loss sum and correct count of the rows `rowIndices` (inference mode: batch norm
 * uses its moving statistics) to the accumulator, disposing the old one, and returns each
 * image's prediction and confidence for the confusion matrix and the gallery.
 */
export function evaluateBatch(
  net: Network,
  dataset: DeviceDataset,
  rowIndices: tf.Tensor1D,
  accumulator: Accumulator,
): { accumulator: Accumulator; predictions: BatchPredictions } {
  const next = tf.tidy(() => {
    const images = gatherImages(dataset, rowIndices);
    const labels = gatherLabels(dataset, rowIndices);
    const logits = net.logits(images, false);
    return {
      accumulator: {
        lossSum: tf.add(accumulator.lossSum, tf.sum(crossEntropyPerExample(logits, labels))) as tf.Scalar,
        correct: tf.add(accumulator.correct, countCorrect(logits, labels)) as tf.Scalar,
      },
      predictions: {
        predicted: tf.argMax(logits, 1) as tf.Tensor1D,
        confidence: tf.max(tf.softmax(logits), 1) as tf.Tensor1D,
      },
    };
  });
  disposeAccumulator(accumulator);
  return next;
}
