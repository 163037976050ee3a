import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm, relativeError } from '../test-support/backends';
import { FusedAdamOptimizer } from './adam';

/**
 * Runs five Adam steps on a least-squares problem and returns the fitted weights: a
 * 19,200-weight matrix and a 300-weight bias.
 */
async function fit(backend: 'cpu' | 'wasm', optimizer: tf.Optimizer): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const weights = [tf.variable(tf.randomNormal([64, 300], 0, 1, 'float32', 1)), tf.variable(tf.zeros([300]))];
  const inputs = tf.randomNormal([16, 64], 0, 1, 'float32', 2);
  const targets = tf.randomNormal([16, 300], 0, 1, 'float32', 3);
  for (let step = 0; step < 5; step++) {
    optimizer.minimize(
      () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(inputs, weights[0]!), weights[1]!), targets))) as tf.Scalar,
      false,
      weights,
    );
  }
  const values = await Promise.all(weights.map(async (w) => new Float32Array(await w.data())));
  tf.dispose([...weights, inputs, targets]);
  return values;
}

beforeAll(readyWasm);

describe('FusedAdamOptimizer', () => {
  test('takes the same steps as tf.train.adam, composed on cpu and fused on wasm', async () => {
    const reference = await fit('cpu', tf.train.adam(0.05));
    for (const backend of ['cpu', 'wasm'] as const) {
      const fused = await fit(backend, new FusedAdamOptimizer(0.05));
      fused.forEach((values, i) =>
        expect(relativeError(values, reference[i]!), `${backend} weight ${i}`).toBeLessThan(1e-5),
      );
    }
  });

  test("saves its state in tf.train.adam's layout and restores it exactly", async () => {
    await tf.setBackend('wasm');
    const weight = tf.variable(tf.tensor1d([1, -2, 3]));
    const loss = () => tf.sum(tf.square(weight)) as tf.Scalar;
    const first = new FusedAdamOptimizer(0.1);
    first.minimize(loss, false, [weight]);
    const saved = await first.getWeights();
    const plain = tf.train.adam(0.1);
    plain.minimize(loss, false, [weight]);
    expect(saved.map((entry) => entry.name)).toEqual((await plain.getWeights()).map((entry) => entry.name));

    const start = weight.clone();
    const stepFrom = async (optimizer: tf.Optimizer) => {
      weight.assign(start);
      optimizer.minimize(loss, false, [weight]);
      return Array.from(await weight.data());
    };
    const restored = new FusedAdamOptimizer(0.1);
    await restored.setWeights(saved.map((entry) => ({ name: entry.name, tensor: entry.tensor.clone() })));
    expect(restored.iterations).toBe(1);
    const fromOriginal = await stepFrom(first);
    expect(await stepFrom(restored)).toEqual(fromOriginal);
    tf.dispose([weight, start]);
  });

  test('decays kernels but not biases with weight decay, on composed and fused paths alike', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const kernel = tf.variable(tf.fill([2, 2], 2));
      const bias = tf.variable(tf.fill([2], 2));
      const optimizer = new FusedAdamOptimizer(0.1);
      optimizer.weightDecay = 0.5;
      // A zero gradient: Adam itself moves nothing, so only the decay acts.
      optimizer.applyGradients({ [kernel.name]: tf.zeros([2, 2]), [bias.name]: tf.zeros([2]) });
      expect(Array.from(await kernel.data()), backend).toEqual([1.9, 1.9, 1.9, 1.9].map((v) => expect.closeTo(v, 6)));
      expect(Array.from(await bias.data()), backend).toEqual([2, 2]);
      optimizer.learningRate = 0;
      optimizer.applyGradients({ [kernel.name]: tf.ones([2, 2]), [bias.name]: tf.ones([2]) });
      expect(Array.from(await bias.data()), `${backend}: a zero learning rate stops the updates`).toEqual([2, 2]);
      tf.dispose([kernel, bias]);
    }
  });
});
