/**
 * A Keras-style `model.summary()`: each layer's output shape, parameters and forward
 * multiply-adds per image.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSummary, SummaryLayer } from '../worker/insights';
import { countParameters } from './densenet';

/**
 * Multiply-adds of one layer for one image. A convolution computes, for every output
 * position and filter, a kernel-sized dot product: H_out·W_out·k_h·k_w·C_in·C_out. A dense
 * layer is one matrix-vector product: inputs·units. Biases, batch norm, activations and
 * pooling are additions or comparisons and are not counted, as is customary.
 */
export function layerMacs(layer: tf.layers.Layer): number {
  const type = layer.getClassName();
  if (type !== 'Conv2D' && type !== 'Dense') return 0;
  const kernel = layer.getWeights()[0];
  if (!kernel) return 0;
  const kernelSize = kernel.shape.reduce((a, b) => a * b, 1);
  if (type === 'Dense') return kernelSize;
  const [height, width] = outputShape(layer);
  return (height ?? 0) * (width ?? 0) * kernelSize;
}

/** Per-image output shape (batch dimension dropped). */
function outputShape(layer: tf.layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).map((d) => d ?? 0);
}

export function summarize(model: tf.LayersModel): ModelSummary {
  const layers: SummaryLayer[] = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: outputShape(layer),
    params: layer.countParams(),
    macs: layerMacs(layer),
  }));
  const { total, trainable, nonTrainable } = countParameters(model);
  return {
    layers,
    totalParams: total,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    macsPerImage: layers.reduce((sum, layer) => sum + layer.macs, 0),
  };
}
