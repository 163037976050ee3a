/**
 * The two training steps the benchmark times, behind one small interface: ours (the app's
 * own `trainStep` with the loop's FusedAdamOptimizer: batches gathered on the device, our
 * batch-norm gradient, fused Adam, device-side accumulators) and the baseline a straightforward port would write (the same model's
 * tfjs-layers layers called with `training: true`, `tf.train.adam`, `tf.losses.softmaxCrossEntropy`
 * on the logits, one-hot labels).
 */
import * as tf from '@tensorflow/tfjs';
import { gatherImages, gatherLabels, PIXELS_PER_IMAGE, uploadDataset, type DeviceDataset } from '../data/device';
import type { Network } from '../model/network';
import { FusedAdamOptimizer } from '../train/adam';
import { mulberry32 } from '../train/random';
import { disposeAccumulator, trainStep, zeroAccumulator } from '../train/step';

/** One optimizer step per `step()`; `sync()` resolves when every queued step has finished on the device. */
export interface StepRunner {
  step(): void;
  sync(): Promise<void>;
  dispose(): void;
}

/** Batches in the rotation: a few, so no backend can cache one batch's results. */
const BATCHES = 4;

/**
 * Random digits and labels on the device, `BATCHES × batchSize` rows, in the app's packed
 * layout. Speed does not depend on the pixel values; the shapes are MNIST's.
 */
export function syntheticDataset(batchSize: number, seed: number): DeviceDataset {
  const rows = BATCHES * batchSize;
  const random = mulberry32(seed);
  const pixels = Uint8Array.from({ length: rows * PIXELS_PER_IMAGE }, () => Math.floor(random() * 256));
  const labels = Uint8Array.from({ length: rows }, () => Math.floor(random() * 10));
  return uploadDataset(pixels, labels, rows, 0, 3);
}

function batchIndices(batchSize: number): tf.Tensor1D[] {
  return Array.from(
    { length: BATCHES },
    (_, b) => tf.range(b * batchSize, (b + 1) * batchSize, 1, 'int32') as tf.Tensor1D,
  );
}

/** The app's training step, exactly as the training loop calls it. */
export function ourStep(net: Network, dataset: DeviceDataset, batchSize: number): StepRunner {
  const optimizer = new FusedAdamOptimizer(1e-3);
  const indices = batchIndices(batchSize);
  let accumulator = zeroAccumulator();
  let next = 0;
  return {
    step: () => {
      accumulator = trainStep(net, optimizer, dataset, indices[next++ % BATCHES]!, accumulator);
    },
    sync: async () => {
      await accumulator.lossSum.data();
    },
    dispose: () => {
      disposeAccumulator(accumulator);
      tf.dispose(indices);
      optimizer.dispose();
    },
  };
}

/** The plain port: batches prepared up front (a port would upload them), so only the step is timed. */
export function baselineStep(net: Network, dataset: DeviceDataset, batchSize: number): StepRunner {
  const optimizer = tf.train.adam(1e-3);
  const indices = batchIndices(batchSize);
  const batches = indices.map((rows) => ({
    images: tf.tidy(() => gatherImages(dataset, rows)),
    oneHot: tf.tidy(() => tf.oneHot(gatherLabels(dataset, rows), 10).toFloat()),
  }));
  const variables = net.trainableVariables();
  let loss: tf.Scalar | null = null;
  let next = 0;
  return {
    step: () => {
      const { images, oneHot } = batches[next++ % BATCHES]!;
      const value = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(oneHot, plainTrainingLogits(net.model, images)) as tf.Scalar,
        true,
        variables,
      );
      loss?.dispose();
      loss = value;
    },
    sync: async () => {
      await loss?.data();
    },
    dispose: () => {
      loss?.dispose();
      tf.dispose([...indices, ...batches.flatMap((batch) => [batch.images, batch.oneHot])]);
      optimizer.dispose();
    },
  };
}

/**
 * Runs a functional tfjs-layers model eagerly with `training: true` on every layer, stopping
 * before the output softmax: `[n, 28, 28, 1]` → logits `[n, classes]`. (`model.apply` would
 * not do: a functional model replays each layer's recorded call arguments, so batch norm
 * would not see `training`.) Layers come in topological order; each is used once.
 */
export function plainTrainingLogits(model: tf.LayersModel, images: tf.Tensor4D): tf.Tensor2D {
  const output = model.outputLayers[0];
  const values = new Map<tf.layers.Layer, tf.Tensor>();
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (inbound.length === 0) {
      values.set(layer, images);
      continue;
    }
    const inputs = inbound.map((source) => {
      const value = values.get(source);
      if (!value) throw new Error(`layer ${layer.name} runs before its input ${source.name}`);
      return value;
    });
    if (layer === output) return inputs[0] as tf.Tensor2D;
    values.set(layer, layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: true }) as tf.Tensor);
  }
  throw new Error(`model ${model.name} has no output layer to stop before`);
}
