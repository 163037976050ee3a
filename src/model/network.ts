/**
 * A network from tfjs-layers layers, wired twice over the same layer objects: into a symbolic
 * `tf.LayersModel` (inference, summary, saving) and, on demand, eagerly for the training step.
 * A tfjs-layers functional model records each layer's call arguments when it is built, so
 * `model.apply(x, {training: true})` would not reach the batch-norm layers; wiring the same
 * layers eagerly does, and the weights are shared because the layers are.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormLayerForTraining } from './batch-norm';
import { fusedBatchNormLayerForTraining, hasFusedBatchNorm } from './batch-norm-fused';

export const IMAGE_SHAPE = [28, 28, 1] as const;

export type GraphNode = tf.Tensor | tf.SymbolicTensor;
/**
 * Calls one layer on symbolic or concrete tensors. `pair`, where present, wires a batch norm
 * and the ReLU after it together (one fused op in training, see {@link chain}).
 */
export type Wire = ((layer: tf.layers.Layer, input: GraphNode | GraphNode[]) => GraphNode) & {
  pair?: (batchNorm: tf.layers.Layer, relu: tf.layers.Layer, input: GraphNode) => GraphNode;
};

const isBatchNormThenRelu = (layer: tf.layers.Layer, next: tf.layers.Layer | undefined) =>
  layer.getClassName() === 'BatchNormalization' &&
  next?.getClassName() === 'ReLU' &&
  (next.getConfig() as { maxValue?: number | null }).maxValue == null;

/** Wires `layers` one after another; a batch norm followed by a plain ReLU goes through `wire.pair` where there is one. */
export function chain(layers: readonly tf.layers.Layer[], wire: Wire, input: GraphNode): GraphNode {
  let node = input;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    if (wire.pair && isBatchNormThenRelu(layer, layers[i + 1])) node = wire.pair(layer, layers[++i]!, node);
    else node = wire(layer, node);
  }
  return node;
}
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
 * layer's moving statistics exactly as tfjs-layers does; where the backend has the fused
 * kernels, as one op, together with the ReLU after it (src/model/batch-norm-fused.ts).
 */
const wireForTraining: Wire = Object.assign(
  (layer: tf.layers.Layer, input: GraphNode | GraphNode[]) => {
    if (layer.getClassName() !== 'BatchNormalization') return applyWith({ training: true })(layer, input);
    return hasFusedBatchNorm()
      ? fusedBatchNormLayerForTraining(layer, input as tf.Tensor, false)
      : batchNormLayerForTraining(layer, input as tf.Tensor);
  },
  {
    pair: (batchNorm: tf.layers.Layer, relu: tf.layers.Layer, input: GraphNode) =>
      hasFusedBatchNorm()
        ? fusedBatchNormLayerForTraining(batchNorm, input as tf.Tensor, true)
        : wireForTraining(relu, wireForTraining(batchNorm, input)),
  },
);

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
