/**
 * A network from tfjs-layers layers, wired twice over the same layer objects: into a symbolic
 * `tf.LayersModel` (inference, summary, saving) and, on demand, eagerly for the training step.
 * A tfjs-layers functional model records each layer's call arguments when it is built, so
 * `model.apply(x, {training: true})` would not reach the batch-norm layers; wiring the same
 * layers eagerly does, and the weights are shared because the layers are.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormLayerForTraining } from './batch-norm';

export const IMAGE_SHAPE = [28, 28, 1] as const;

export type GraphNode = tf.Tensor | tf.SymbolicTensor;
/** Calls one layer on symbolic or concrete tensors. */
export type Wire = (layer: tf.layers.Layer, input: GraphNode | GraphNode[]) => GraphNode;
/** Connects already-created layers from the image to the logits with `wire`. */
export type Graph = (image: GraphNode, wire: Wire) => GraphNode;

/** A built network: the inference model plus an eager training forward pass over the same weights. */
export interface Network {
  /** Input `[n, 28, 28, 1]` (0–1) → class probabilities `[n, classes]`. */
  model: tf.LayersModel;
  /**
   * Eager forward pass to the logits: input `[n, 28, 28, 1]` → `[n, classes]` (no softmax: the
   * loss takes logits for numerical stability). With `training`, batch norm uses the batch's
   * statistics and updates its moving averages; without, it uses the moving averages.
   */
  logits(images: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** The variables the optimizer updates (kernels, biases, BN gamma and beta). */
  trainableVariables(): tf.Variable[];
}

/** Calls a layer on symbolic or concrete tensors (tfjs types `apply` over both). */
export const applyWith =
  (kwargs: { training?: boolean }): Wire =>
  (layer, input) =>
    layer.apply(input as tf.Tensor | tf.Tensor[], kwargs) as GraphNode;

/**
 * Training wiring: every layer as tfjs-layers runs it with `training: true`, except batch
 * norm, which goes through our closed-form gradient (src/model/batch-norm.ts) and updates the
 * layer's moving statistics exactly as tfjs-layers does.
 */
const wireForTraining: Wire = (layer, input) =>
  layer.getClassName() === 'BatchNormalization'
    ? batchNormLayerForTraining(layer, input as tf.Tensor)
    : applyWith({ training: true })(layer, input);

/** Builds the symbolic model named `name` from `graph` and returns it with the eager training pass. */
export function assembleNetwork(name: string, graph: Graph): Network {
  const input = tf.input({ shape: [...IMAGE_SHAPE], name: 'image' });
  const probabilities = tf.layers.softmax({ name: 'probabilities' });
  const logits = graph(input, applyWith({}));
  const model = tf.model({
    inputs: input,
    outputs: probabilities.apply(logits as tf.SymbolicTensor) as tf.SymbolicTensor,
    name,
  });
  return {
    model,
    logits: (images, training) => graph(images, training ? wireForTraining : applyWith({ training })) as tf.Tensor2D,
    trainableVariables: () => model.trainableWeights.map((weight) => weight.read() as tf.Variable),
  };
}

/**
 * Glorot-uniform kernel initialisers; with a seed, each layer gets `seed + its index` so the
 * initial weights are reproducible. Biases start at zero, as in Keras.
 */
export function seededInitializers(seed: number | undefined): () => ReturnType<typeof tf.initializers.glorotUniform> {
  let layerIndex = 0;
  return () => tf.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + layerIndex++ });
}

/** Parameter totals as Keras reports them; BN moving statistics are the non-trainable part. */
export function countParameters(model: tf.LayersModel): { total: number; trainable: number; nonTrainable: number } {
  const size = (weights: tf.LayerVariable[]) =>
    weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}
