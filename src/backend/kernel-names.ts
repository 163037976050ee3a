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
 */
export const CHANNEL_MOMENTS = 'AppChannelMoments';

/**
 * Batch-norm training gradient in one kernel: inputs `{ dy, x, mean, variance, gamma }`
 * (`dy`, `x` `[…, C]`; the rest `[C]`), attrs {@link BatchNormGradAttrs}; outputs
 * `[dx, dGamma, dBeta]`.
 */
export const BATCH_NORM_GRAD = 'AppBatchNormGrad';

export interface BatchNormGradAttrs {
  epsilon: number;
}
