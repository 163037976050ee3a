import * as tf from '@tensorflow/tfjs';

/**
 * Sparse categorical cross-entropy from logits, per example:
 *   lossᵢ = −Σ_c qᵢc · log softmax(logitsᵢ)c,  qᵢ = (1 − ε)·onehot(labelᵢ) + ε/classes
 * With label smoothing ε = 0 (the default) this is −log softmax(logitsᵢ)[labelᵢ]. Taking
 * logits (not probabilities) keeps it finite when a probability underflows to 0.
 * `logits` `[n, classes]`, `labels` int32 `[n]` → `[n]` nats.
 */
export function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D, labelSmoothing = 0): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbabilities = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(labels, classes);
    const targets =
      labelSmoothing === 0 ? oneHot : tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / classes);
    return tf.neg(tf.sum(tf.mul(logProbabilities, targets), 1)) as tf.Tensor1D;
  });
}

/** How many rows of `logits` have their largest value at the label: a float32 scalar. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}
