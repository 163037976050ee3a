import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm, relativeError, valuesOn } from '../test-support/backends';
import { batchNormLayerForTraining, batchNormTraining } from './batch-norm';

const normal = (shape: number[], seed: number, mean = 0) => tf.randomNormal(shape, mean, 1.5, 'float32', seed);
const EPSILON = 1e-3;

/** y, dL/dx, dL/dγ, dL/dβ for a random upstream gradient, through `normalize`. */
function gradients(normalize: (x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D) => tf.Tensor): tf.Tensor[] {
  const x = normal([4, 5, 5, 6], 1, 0.7);
  const gamma = normal([6], 2) as tf.Tensor1D;
  const beta = normal([6], 3) as tf.Tensor1D;
  const upstream = normal(x.shape, 4);
  const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(normalize(a, g as tf.Tensor1D, b as tf.Tensor1D), upstream));
  return [normalize(x, gamma, beta), ...tf.grads(loss)([x, gamma, beta])];
}

/** What tfjs-layers does: moments and batchNormalization, differentiated by autodiff. */
const autodiffReference = (x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, beta, gamma, EPSILON);
};
const closedForm = (x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D) => batchNormTraining(x, gamma, beta, EPSILON);

beforeAll(readyWasm);

describe('batch norm with the closed-form gradient', () => {
  test('equals autodiff through tf.moments on the cpu backend (composed from standard ops)', async () => {
    const expected = await valuesOn('cpu', () => gradients(autodiffReference));
    const actual = await valuesOn('cpu', () => gradients(closedForm));
    actual.forEach((values, i) => expect(relativeError(values, expected[i]!), `output ${i}`).toBeLessThan(1e-5));
  });

  test('the wasm kernels (moments, gradient) match the cpu backend to 1e-4', async () => {
    const expected = await valuesOn('cpu', () => gradients(autodiffReference));
    const actual = await valuesOn('wasm', () => gradients(closedForm));
    actual.forEach((values, i) => expect(relativeError(values, expected[i]!), `output ${i}`).toBeLessThan(1e-4));
  });

  test('a layer in training mode gives the same output and moving statistics as tfjs-layers', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const x = normal([8, 3, 3, 4], 5, 2);
      const [ours, theirs] = [0, 1].map(() => {
        const layer = tf.layers.batchNormalization({ momentum: 0.9 });
        layer.build(x.shape);
        return layer;
      }) as unknown as [tf.layers.Layer, tf.layers.Layer];
      const outputs = tf.tidy(() => [
        batchNormLayerForTraining(ours, x),
        theirs.apply(x, { training: true }) as tf.Tensor,
      ]);
      const [oursOut, theirsOut] = await Promise.all(outputs.map(async (t) => new Float32Array(await t.data())));
      expect(relativeError(oursOut!, theirsOut!), backend).toBeLessThan(1e-4);
      const [oursStats, theirsStats] = [ours, theirs].map((layer) =>
        layer
          .getWeights()
          .slice(2)
          .map((w) => new Float32Array(w.dataSync())),
      );
      oursStats!.forEach((values, i) =>
        expect(relativeError(values, theirsStats![i]!), `${backend} moving statistic ${i}`).toBeLessThan(1e-5),
      );
      expect(Array.from(oursStats![0]!).some((value) => value !== 0)).toBe(true);
      tf.dispose([x, ...outputs]);
      for (const layer of [ours, theirs]) for (const weight of layer.weights) weight.dispose();
    }
  });
});
