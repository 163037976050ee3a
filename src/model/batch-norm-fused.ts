/**
 * Batch norm in training mode as one op per layer on backends that register our fused
 * kernels (WebGL and WebGPU, src/backend/gpu-kernels.ts), optionally with the ReLU after it:
 * the moments kernel also updates the moving statistics, one program applies the
 * normalisation and the ReLU, and the gradient kernel masks by the ReLU itself. Standard ops
 * would take about a dozen programs for the same (moments, three per moving statistic, the
 * batch norm with its packed inputs, the ReLU and its gradient). Elsewhere the unfused path
 * of batch-norm.ts is used, unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import {
  BATCH_NORM_APPLY,
  BATCH_NORM_GRAD,
  CHANNEL_MOMENTS,
  type BatchNormApplyAttrs,
  type BatchNormGradAttrs,
  type ChannelMomentsAttrs,
} from '../backend/kernel-names';
import { layerSettings } from './batch-norm';

/** Whether the running backend has the whole fused set (the wasm backend has only some of these names). */
export function hasFusedBatchNorm(): boolean {
  const backend = tf.getBackend();
  return [BATCH_NORM_APPLY, CHANNEL_MOMENTS, BATCH_NORM_GRAD].every(
    (name) => tf.getKernel(name, backend) !== undefined,
  );
}

/**
 * A BatchNormalization layer called in training mode, then ReLU when `relu`, as one
 * differentiable op: same output and the same moving-statistics update as tfjs-layers.
 * Needs {@link hasFusedBatchNorm}.
 */
export function fusedBatchNormLayerForTraining(layer: tf.layers.Layer, x: tf.Tensor, relu: boolean): tf.Tensor {
  const [gamma, beta] = layer.trainableWeights;
  const [movingMean, movingVariance] = layer.nonTrainableWeights;
  if (!gamma || !beta || !movingMean || !movingVariance)
    throw new Error(`${layer.name}: expected gamma, beta and moving statistics`);
  const { epsilon, momentum } = layerSettings(layer);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, gammaIn, betaIn, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const momentsAttrs: ChannelMomentsAttrs = { momentum };
    const [mean, variance, newMean, newVariance] = tf
      .engine()
      .runKernel(
        CHANNEL_MOMENTS,
        { x: xIn, movingMean: movingMean.read(), movingVariance: movingVariance.read() },
        { ...momentsAttrs },
      ) as tf.Tensor[];
    movingMean.write(newMean!);
    movingVariance.write(newVariance!);
    save([xIn, mean!, variance!, gammaIn, betaIn]);
    const applyAttrs: BatchNormApplyAttrs = { epsilon, relu };
    const value = tf.engine().runKernel(
      BATCH_NORM_APPLY,
      { x: xIn, mean: mean!, variance: variance!, gamma: gammaIn, beta: betaIn },
      {
        ...applyAttrs,
      },
    ) as tf.Tensor;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xSaved, meanSaved, varianceSaved, gammaSaved, betaSaved] = saved as tf.Tensor[];
      const gradAttrs: BatchNormGradAttrs = { epsilon, relu };
      return tf
        .engine()
        .runKernel(
          BATCH_NORM_GRAD,
          { dy, x: xSaved!, mean: meanSaved!, variance: varianceSaved!, gamma: gammaSaved!, beta: betaSaved! },
          { ...gradAttrs },
        ) as tf.Tensor[];
    };
    return { value, gradFunc };
  });
  return op(x, gamma.read(), beta.read());
}
