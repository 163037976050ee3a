import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { buildDenseNet, REFERENCE_DENSENET } from '../model/densenet';
import { FusedAdamOptimizer } from './adam';
import { crossEntropyPerExample } from './loss';

const BATCH = 4;
const STEPS = 3;

/** Losses of `STEPS` training steps of the reference model from seeded weights on real digits. */
async function losses(backend: 'cpu' | 'wasm'): Promise<number[]> {
  await tf.setBackend(backend);
  const { pixels, labels } = mnistSubset(BATCH * STEPS, 0);
  const net = buildDenseNet(REFERENCE_DENSENET, 42);
  const optimizer = new FusedAdamOptimizer(1e-3);
  const result: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const rows = pixels.subarray(step * BATCH * 784, (step + 1) * BATCH * 784);
    const images = tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(rows), [BATCH, 28, 28, 1]), 255) as tf.Tensor4D);
    const targets = tf.tensor1d(Int32Array.from(labels.subarray(step * BATCH, (step + 1) * BATCH)), 'int32');
    const loss = optimizer.minimize(
      () => tf.mean(crossEntropyPerExample(net.logits(images, true), targets)) as tf.Scalar,
      true,
      net.trainableVariables(),
    );
    result.push((await loss!.data())[0]!);
    tf.dispose([images, targets, loss!]);
  }
  optimizer.dispose();
  net.model.dispose();
  return result;
}

beforeAll(readyWasm);

describe('training the reference model on wasm', () => {
  test('follows the cpu backend step for step from the same weights', async () => {
    const onCpu = await losses('cpu');
    const tensorsBefore = tf.memory().numTensors;
    const onWasm = await losses('wasm');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // Training changes the loss, so agreement after several steps means the gradients agree.
    expect(new Set(onCpu).size).toBe(STEPS);
    onWasm.forEach((loss, step) =>
      expect(
        Math.abs(loss - onCpu[step]!) / onCpu[step]!,
        `step ${step + 1}: wasm ${loss} cpu ${onCpu[step]}`,
      ).toBeLessThan(1e-4),
    );
  });
});
