import * as tf from '@tensorflow/tfjs';

/**
 * Sparse categorical cross-entropy from logits, per example:
 *   lossᵢ = −log softmax(logitsᵢ)[labelᵢ] = logsumexp(logitsᵢ) − logitsᵢ[labelᵢ].
 * Taking logits (not probabilities) keeps it finite when a probability underflows to 0.
 * `logits` `[n, classes]`, `labels` int32 `[n]` → `[n]` nats.
 */
export function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbabilities = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(logProbabilities, tf.oneHot(labels, classes)), 1)) as tf.Tensor1D;
  });
}

/** How many rows of `logits` have their largest value at the label: a float32 scalar. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}
