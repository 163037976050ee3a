/**
 * Kernels this app adds to TF.js beyond the built-in ones. A backend that registers one gets the
 * fused path; on any other backend the caller composes the same maths from standard ops.
 */

/**
 * One Adam step for one variable, fused: inputs `{ value, gradient, m, v }` (same shape,
 * float32), attrs {@link AdamUpdateAttrs}; outputs `[newValue, newM, newV]`.
 */
export const ADAM_UPDATE = 'AppAdamUpdate';

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − beta1^t and 1 − beta2^t for this step t (1-based): the bias corrections. */
  biasCorrection1: number;
  biasCorrection2: number;
}

/**
 * Per-channel batch statistics in one pass: input `{ x }` `[…, C]` float32; outputs
 * `[mean, variance]`, each `[C]`, the variance biased (divided by the count, as `tf.moments`).
 * With `{ movingMean, movingVariance }` (`[C]`) as well, also their updates as tfjs-layers
 * makes them, moving − (moving − batch)·(1 − momentum): outputs
 * `[mean, variance, newMovingMean, newMovingVariance]`.
 */
export const CHANNEL_MOMENTS = 'AppChannelMoments';

export interface ChannelMomentsAttrs {
  /** The layer's momentum (Keras's 0.99); used only with the moving statistics. */
  momentum?: number;
}

/**
 * Batch norm applied with given statistics, then ReLU if `relu`: inputs
 * `{ x, mean, variance, gamma, beta }` (`x` `[…, C]`, the rest `[C]`), attrs
 * {@link BatchNormApplyAttrs}; output y (one tensor, x's shape): y = γ(x − μ)/√(var + ε) + β.
 */
export const BATCH_NORM_APPLY = 'AppBatchNormApply';

export interface BatchNormApplyAttrs {
  epsilon: number;
  relu: boolean;
}

/**
 * Batch-norm training gradient in one kernel: inputs `{ dy, x, mean, variance, gamma, beta }`
 * (`dy`, `x` `[…, C]`; the rest `[C]`), attrs {@link BatchNormGradAttrs}; outputs
 * `[dx, dGamma, dBeta]`. With `relu`, `dy` is the gradient of ReLU(batch norm) and is first
 * zeroed where the batch norm's output was not positive (as tf.relu's gradient does).
 */
export const BATCH_NORM_GRAD = 'AppBatchNormGrad';

export interface BatchNormGradAttrs {
  epsilon: number;
  relu?: boolean;
}
