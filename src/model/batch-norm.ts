/**
 * Batch normalisation in training mode with a hand-written gradient.
 *
 * tfjs-layers normalises with `tf.moments` + `tf.batchNormalization` and lets autodiff
 * differentiate through both: about thirty kernels per layer on the backward pass, most of
 * them full-size (Tile, Sub, Mul, Sum…). The closed form needs two reductions and one
 * elementwise pass. With x̂ = (x − μ)/σ, σ = √(var + ε), N values per channel:
 *
 *   ∂L/∂β = Σ dy        ∂L/∂γ = Σ dy·x̂
 *   ∂L/∂x = γ/(N·σ) · (N·dy − ∂L/∂β − x̂·∂L/∂γ)
 *
 * (the terms with ∂L/∂β and ∂L/∂γ are the gradient through μ and var). Backends that register
 * `CHANNEL_MOMENTS` / `BATCH_NORM_GRAD` run each step as one kernel; others compose it from
 * standard ops. Inference keeps the tfjs-layers layer as it is.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, type BatchNormGradAttrs } from '../backend/kernel-names';

const hasKernel = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;

/** Mean and biased variance per channel (last axis) of `x` `[…, C]` → two `[C]` tensors. */
export function channelMoments(x: tf.Tensor): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (hasKernel(CHANNEL_MOMENTS)) {
    const [mean, variance] = tf.engine().runKernel(CHANNEL_MOMENTS, { x }, {}) as tf.Tensor1D[];
    return { mean: mean!, variance: variance! };
  }
  const axes = x.shape.slice(0, -1).map((_, axis) => axis);
  const { mean, variance } = tf.moments(x, axes);
  return { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/** `[dx, dGamma, dBeta]` from the closed form above. */
export function batchNormGradient(
  dy: tf.Tensor,
  x: tf.Tensor,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  gamma: tf.Tensor1D,
  epsilon: number,
): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  if (hasKernel(BATCH_NORM_GRAD)) {
    const attrs: BatchNormGradAttrs = { epsilon };
    return tf.engine().runKernel(BATCH_NORM_GRAD, { dy, x, mean, variance, gamma }, { ...attrs }) as [
      tf.Tensor,
      tf.Tensor1D,
      tf.Tensor1D,
    ];
  }
  return tf.tidy(() => {
    const axes = x.shape.slice(0, -1).map((_, axis) => axis);
    const count = x.size / gamma.size;
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const normalized = tf.mul(tf.sub(x, mean), invStd);
    const dBeta = tf.sum(dy, axes) as tf.Tensor1D;
    const dGamma = tf.sum(tf.mul(dy, normalized), axes) as tf.Tensor1D;
    const scale = tf.div(tf.mul(gamma, invStd), count);
    const inner = tf.sub(tf.sub(tf.mul(dy, count), dBeta), tf.mul(normalized, dGamma));
    return [tf.mul(inner, scale), dGamma, dBeta];
  });
}

/** Receives a batch's per-channel mean and variance `[C]` while they are alive (e.g. for moving averages). */
export type StatisticsCallback = (mean: tf.Tensor1D, variance: tf.Tensor1D) => void;

/**
 * y = γ·(x − μ_B)/√(var_B + ε) + β with the batch's statistics, differentiable in x, γ and β.
 * The statistics are handed to `onStatistics` inside the op: they are freed when it returns
 * (only the clones saved for the backward pass live on).
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  onStatistics?: StatisticsCallback,
): tf.Tensor {
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, gammaIn, betaIn, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const { mean, variance } = channelMoments(xIn);
    onStatistics?.(mean, variance);
    save([xIn, mean, variance, gammaIn]);
    const value = tf.batchNorm(xIn, mean, variance, betaIn as tf.Tensor1D, gammaIn as tf.Tensor1D, epsilon);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xSaved, meanSaved, varianceSaved, gammaSaved] = saved as [
        tf.Tensor,
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor1D,
      ];
      return batchNormGradient(dy, xSaved, meanSaved, varianceSaved, gammaSaved, epsilon);
    };
    return { value, gradFunc };
  });
  return normalize(x, gamma, beta);
}

const settingsCache = new WeakMap<tf.layers.Layer, { epsilon: number; momentum: number }>();

/** ε and momentum from the layer's config, read once: getConfig serialises the whole layer. */
export function layerSettings(layer: tf.layers.Layer): { epsilon: number; momentum: number } {
  let settings = settingsCache.get(layer);
  if (!settings) {
    const { epsilon, momentum } = layer.getConfig() as { epsilon: number; momentum: number };
    settingsCache.set(layer, (settings = { epsilon, momentum }));
  }
  return settings;
}

/**
 * A tfjs-layers BatchNormalization layer called in training mode, through the op above: same
 * output, and the layer's moving statistics updated exactly as tfjs-layers does
 * (moving ← moving − (moving − batch)·(1 − momentum), momentum from the layer's config).
 */
export function batchNormLayerForTraining(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor {
  const [gamma, beta] = layer.trainableWeights;
  const [movingMean, movingVariance] = layer.nonTrainableWeights;
  const { epsilon, momentum } = layerSettings(layer);
  if (!gamma || !beta || !movingMean || !movingVariance)
    throw new Error(`${layer.name}: expected gamma, beta and moving statistics`);
  const updateMovingAverages = (mean: tf.Tensor1D, variance: tf.Tensor1D) => {
    for (const [moving, batch] of [
      [movingMean, mean],
      [movingVariance, variance],
    ] as const) {
      moving.write(tf.sub(moving.read(), tf.mul(tf.sub(moving.read(), batch), 1 - momentum)));
    }
  };
  return batchNormTraining(x, gamma.read() as tf.Tensor1D, beta.read() as tf.Tensor1D, epsilon, updateMovingAverages);
}
