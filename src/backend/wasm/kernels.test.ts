import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm, relativeError, valuesOn } from '../../test-support/backends';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM_TRAINING_KERNELS } from './register';
import { simdKernels, useSimdKernels } from './simd/kernels';
import { batchNormTraining } from '../../model/batch-norm';
import { FusedAdamOptimizer } from '../../train/adam';

const TOLERANCE = 1e-4;

/** Compares `compute` on wasm (our kernels) with the cpu backend, output by output. */
async function expectWasmMatchesCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const expected = await valuesOn('cpu', compute);
  const actual = await valuesOn('wasm', compute);
  expect(actual.length).toBe(expected.length);
  actual.forEach((values, index) => {
    expect(relativeError(values, expected[index]!), `output ${index}`).toBeLessThan(TOLERANCE);
  });
}

/** Same seeds on both backends: randomNormal with a seed is backend-independent. */
const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

beforeAll(readyWasm);

describe('registration', () => {
  test('provides the gradient TF.js wasm lacks and the faster kernels', () => {
    expect(WASM_TRAINING_KERNELS).toEqual(
      expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul']),
    );
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });
});

// Shapes the presets use: the seed's 3×3 same convolutions from 1 to 48 input channels,
// DenseNet-BC's 1×1 bottlenecks, a ResNet's strided 3×3 and 1×1 shortcuts, and odd sizes.
const CONVOLUTIONS: { x: number[]; filter: number[]; stride: number; pad: 'same' | 'valid' }[] = [
  { x: [2, 28, 28, 1], filter: [3, 3, 1, 8], stride: 1, pad: 'same' },
  { x: [2, 14, 14, 16], filter: [3, 3, 16, 8], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 48], filter: [3, 3, 48, 16], stride: 1, pad: 'same' },
  { x: [3, 8, 8, 12], filter: [1, 1, 12, 16], stride: 1, pad: 'valid' },
  { x: [2, 9, 9, 4], filter: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { x: [2, 10, 10, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 8], filter: [1, 1, 8, 16], stride: 2, pad: 'valid' },
  { x: [1, 7, 6, 5], filter: [2, 3, 5, 3], stride: 1, pad: 'valid' },
  // Batch and channels in fours: the filter gradient's input transpose runs in SIMD blocks.
  { x: [8, 6, 5, 12], filter: [3, 3, 12, 4], stride: 1, pad: 'same' },
];

describe('convolution gradients match the cpu backend', () => {
  for (const { x, filter, stride, pad } of CONVOLUTIONS) {
    test(`x ${x.join('×')}, filter ${filter.join('×')}, stride ${stride}, ${pad}`, async () => {
      await expectWasmMatchesCpu(() => {
        const input = normal(x, 1);
        const weights = normal(filter, 2);
        const probe = (a: tf.Tensor, w: tf.Tensor) => {
          const y = tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, stride, pad);
          return tf.sum(tf.mul(y, normal(y.shape, 3)));
        };
        return tf.grads(probe)([input, weights]);
      });
    });
  }
});

describe('pooling, products, concatenation and reductions match the cpu backend', () => {
  test('max-pool gradient, 2×2 stride 2 and 3×3 stride 2 same', async () => {
    for (const [size, stride, pad] of [
      [2, 2, 'valid'],
      [3, 2, 'same'],
    ] as const) {
      await expectWasmMatchesCpu(() =>
        tf.grad((a: tf.Tensor) => {
          const y = tf.maxPool(a as tf.Tensor4D, size, stride, pad);
          return tf.sum(tf.mul(y, normal(y.shape, 5)));
        })(normal([2, 9, 8, 3], 4)),
      );
    }
  });

  test('dense-layer products with transposed operands, rank 2 and 3', async () => {
    await expectWasmMatchesCpu(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), normal([32, 20], 8))),
      )([normal([32, 300], 6), normal([300, 20], 7)]),
    );
    await expectWasmMatchesCpu(() =>
      [true, false].flatMap((ta) =>
        [true, false].map((tb) =>
          tf.matMul(
            normal(ta ? [2, 5, 4] : [2, 4, 5], 9) as tf.Tensor3D,
            normal(tb ? [2, 3, 5] : [2, 5, 3], 10) as tf.Tensor3D,
            ta,
            tb,
          ),
        ),
      ),
    );
  });

  test('channel concatenation, its gradient (SplitV) and stacking (Pack)', async () => {
    await expectWasmMatchesCpu(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const y = tf.concat([a, b], 3);
        return tf.sum(tf.mul(y, normal(y.shape, 13)));
      })([normal([2, 5, 5, 8], 11), normal([2, 5, 5, 4], 12)]),
    );
    await expectWasmMatchesCpu(() => [
      tf.concat([normal([3, 70], 14), normal([3, 100], 15)], 1),
      ...tf.split(normal([4, 6, 3], 16), [2, 4], 1),
      // Rows of 7 and 5 numbers: the four-at-a-time copy and its remainder.
      tf.concat([normal([3, 2, 7], 20), normal([3, 2, 5], 21)], 2),
      ...tf.split(normal([3, 2, 13], 22), [7, 6], 2),
      tf.stack([normal([4, 6], 23), normal([4, 6], 24), normal([4, 6], 25)], 2),
      tf.stack([normal([4, 6], 26), normal([4, 6], 27)], 0),
      tf.stack([normal([2, 3], 28), normal([2, 3], 29)], -2),
      tf.stack([tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')], 1).toFloat(),
    ]);
  });

  test('sums over leading axes (keepDims or not), other axes, and block tiling', async () => {
    await expectWasmMatchesCpu(() => {
      const x = normal([4, 6, 5, 7], 17);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.sum(x, [0, 1], true),
        tf.sum(x, [1, 3]),
        tf.sum(x, -1),
        tf.tile(normal([1, 1, 7], 18), [3, 2, 1]),
        tf.tile(normal([2, 3], 19), [2, 2]),
      ];
    });
  });
});

describe("the other presets' operations train on wasm and match the cpu backend", () => {
  test('DenseNet-BC: BN-ReLU-1×1 bottleneck, 3×3 conv, 2×2 average pool, global average pool, dense', async () => {
    await expectWasmMatchesCpu(() => {
      const x = normal([4, 8, 8, 6], 20);
      const bottleneck = normal([1, 1, 6, 16], 21);
      const conv = normal([3, 3, 16, 4], 22);
      const dense = normal([4, 10], 23);
      const probe = (input: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) => {
        const { mean, variance } = tf.moments(input, [0, 1, 2]);
        const normalized = tf.relu(tf.batchNorm(input, mean, variance, normal([6], 29), normal([6], 30), 1e-3));
        const h = tf.conv2d(
          tf.relu(tf.conv2d(normalized as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid')),
          w2 as tf.Tensor4D,
          1,
          'same',
        );
        const pooled = tf.avgPool(h, 2, 2, 'valid');
        const features = tf.mean(pooled, [1, 2]) as tf.Tensor2D;
        return tf.sum(tf.mul(tf.matMul(features, w3 as tf.Tensor2D), normal([4, 10], 24)));
      };
      return tf.grads(probe)([x, bottleneck, conv, dense]);
    });
  });

  test('ResNet: strided 3×3 convolution, 1×1 projection shortcut, residual add', async () => {
    await expectWasmMatchesCpu(() => {
      const x = normal([2, 8, 8, 4], 25);
      const conv = normal([3, 3, 4, 8], 26);
      const projection = normal([1, 1, 4, 8], 27);
      const probe = (input: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor) => {
        const residual = tf.conv2d(tf.relu(input) as tf.Tensor4D, w1 as tf.Tensor4D, 2, 'same');
        const shortcut = tf.conv2d(input as tf.Tensor4D, w2 as tf.Tensor4D, 2, 'valid');
        const y = tf.add(residual, shortcut);
        return tf.sum(tf.mul(y, normal(y.shape, 28)));
      };
      return tf.grads(probe)([x, conv, projection]);
    });
  });
});

describe('the WebAssembly SIMD passes and their JavaScript fallbacks both match the cpu backend', () => {
  test('the SIMD passes run on the wasm heap', async () => {
    await tf.setBackend('wasm');
    const backend = tf.findBackend('wasm') as BackendWasm;
    const tensor = tf.zeros([4]);
    expect(simdKernels(backend.typedArrayFromHeap(tensor).buffer)).not.toBeNull();
    tensor.dispose();
  });

  test("the SIMD passes give the JavaScript loops' results bit for bit (same arithmetic, same order)", async () => {
    const compute = () => {
      const weights = [tf.variable(normal([3, 3, 8, 4], 50)), tf.variable(normal([9], 51))];
      const input = tf.relu(normal([4, 6, 6, 8], 52));
      const optimizer = new FusedAdamOptimizer(0.01);
      const loss = () => {
        const h = tf.conv2d(input as tf.Tensor4D, weights[0] as tf.Variable<tf.Rank.R4>, 1, 'same');
        // The app's batch norm: its moments and gradient kernels take the channel sums.
        const normalized = tf.relu(
          batchNormTraining(h, normal([4], 54) as tf.Tensor1D, normal([4], 55) as tf.Tensor1D, 1e-3),
        );
        const pooled = tf.maxPool(tf.concat([input, normalized], 3) as tf.Tensor4D, 2, 2, 'valid');
        return tf.add(tf.sum(tf.mul(pooled, normal(pooled.shape, 53))), tf.sum(tf.square(weights[1]!))) as tf.Scalar;
      };
      for (let step = 0; step < 3; step++) optimizer.minimize(loss, false, weights);
      const result = weights.map((w) => w.clone());
      tf.dispose([...weights, input]);
      optimizer.dispose();
      return result;
    };
    const withSimd = await valuesOn('wasm', compute);
    useSimdKernels(false);
    try {
      expect(await valuesOn('wasm', compute)).toEqual(withSimd);
    } finally {
      useSimdKernels(true);
    }
  });

  for (const simd of [true, false]) {
    const path = simd ? 'SIMD' : 'JavaScript';
    test(`${path}: max-pool gradient with channels in fours, an odd last row, and tied maxima`, async () => {
      useSimdKernels(simd);
      try {
        await expectWasmMatchesCpu(() =>
          tf.grad((a: tf.Tensor) => {
            const y = tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid');
            return tf.sum(tf.mul(y, normal(y.shape, 31)));
          })(tf.relu(normal([2, 9, 8, 8], 30))),
        );
        // All equal (MNIST's blank borders): every window's gradient goes to its first input.
        await expectWasmMatchesCpu(() =>
          tf.grad((a: tf.Tensor) =>
            tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), normal([1, 2, 2, 4], 32))),
          )(tf.zeros([1, 4, 4, 4])),
        );
      } finally {
        useSimdKernels(true);
      }
    });

    test(`${path}: batch-norm moments and gradient, channel sums and concatenation with channels in fours`, async () => {
      useSimdKernels(simd);
      try {
        await expectWasmMatchesCpu(() =>
          tf.grads((input: tf.Tensor, other: tf.Tensor) => {
            const { mean, variance } = tf.moments(input, [0, 1, 2]);
            const normalized = tf.batchNorm(input, mean, variance, normal([12], 35), normal([12], 36), 1e-3);
            const joined = tf.concat([normalized, other], 3);
            return tf.sum(tf.mul(joined, normal(joined.shape, 37)));
          })([normal([3, 7, 7, 12], 33), normal([3, 7, 7, 4], 34)]),
        );
        await expectWasmMatchesCpu(() => [tf.sum(normal([5, 6, 16], 38), [0, 1]), tf.sum(normal([9, 8], 39), 0)]);
      } finally {
        useSimdKernels(true);
      }
    });

    test(`${path}: fused Adam steps, an even size and an odd one`, async () => {
      useSimdKernels(simd);
      try {
        const steps = async (backend: 'cpu' | 'wasm') => {
          await tf.setBackend(backend);
          const weights = [tf.variable(normal([10, 30], 40)), tf.variable(normal([7], 41))];
          const optimizer = new FusedAdamOptimizer(0.01);
          for (let step = 0; step < 3; step++) {
            optimizer.minimize(
              () => tf.add(tf.sum(tf.square(weights[0]!)), tf.sum(tf.cos(weights[1]!))) as tf.Scalar,
              false,
              weights,
            );
          }
          const values = await Promise.all(weights.map(async (w) => new Float32Array(await w.data())));
          tf.dispose(weights);
          optimizer.dispose();
          return values;
        };
        const expected = await steps('cpu');
        const actual = await steps('wasm');
        actual.forEach((values, i) => expect(relativeError(values, expected[i]!), `weight ${i}`).toBeLessThan(1e-5));
      } finally {
        useSimdKernels(true);
      }
    });
  }
});
