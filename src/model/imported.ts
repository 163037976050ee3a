/**
 * A network around a model loaded from files: the inference model as it came, plus the eager
 * pass to the logits that training and fine-tuning need. Batch norm always runs on its moving
 * statistics here: a file's functional graph fixed each layer's call arguments when it was
 * built, so only inference mode reaches it — which is what fine-tuning wants anyway.
 */
import * as tf from '@tensorflow/tfjs';
import type { Network } from './network';

const SOFTMAX_CLASSES = new Set(['Softmax']);

/**
 * `model`'s output is taken as probabilities. When its last layer is a softmax (as in this
 * app's files), the logits are that layer's input; otherwise log(p) serves, since
 * softmax(log p) = p — though its gradient vanishes where p is clipped at 1e-7.
 */
export function importedNetwork(model: tf.LayersModel): Network {
  const last = model.layers.at(-1);
  const beforeSoftmax =
    last && SOFTMAX_CLASSES.has(last.getClassName()) && !Array.isArray(last.input)
      ? tf.model({ inputs: model.inputs, outputs: last.input })
      : null;
  return {
    model,
    logits: (images) =>
      tf.tidy(() =>
        beforeSoftmax
          ? (beforeSoftmax.apply(images, { training: false }) as tf.Tensor2D)
          : tf.log(tf.clipByValue(model.apply(images, { training: false }) as tf.Tensor2D, 1e-7, 1)),
      ),
    trainableVariables: () => model.trainableWeights.map((weight) => weight.read() as tf.Variable),
  };
}
