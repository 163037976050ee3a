import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm } from '../../test-support/backends';
import { DISPOSE_PATH, installKernelTimer, KernelTimer } from './kernel-timer';

beforeAll(async () => {
  await readyWasm();
  await tf.setBackend('wasm');
});

describe('kernel timer', () => {
  test('books exclusive time: a nested call is taken out of its caller', () => {
    // A fake clock that the work advances: the accounting is checked exactly, not timed.
    let clock = 0;
    const timer = new KernelTimer(() => clock);
    const work = (ms: number) => {
      clock += ms;
    };
    timer.time('Outer', () => {
      work(4);
      timer.time('Inner', () => work(6));
      timer.time('Inner', () => timer.time('Deeper', () => work(1)));
    });
    const byPath = new Map(timer.paths().map((row) => [row.path, row]));
    expect([...byPath.keys()]).toEqual(['Outer › Inner', 'Outer', 'Outer › Deeper']);
    expect(byPath.get('Outer › Inner')).toEqual({ path: 'Outer › Inner', ms: 6, calls: 2 });
    expect(byPath.get('Outer')).toEqual({ path: 'Outer', ms: 4, calls: 1 });
    expect(byPath.get('Outer › Deeper')).toEqual({ path: 'Outer › Deeper', ms: 1, calls: 1 });
  });

  test('times the kernels of a gradient step on wasm and restores them afterwards', () => {
    const backend = tf.backend() as BackendWasm;
    const conv = tf.getKernel('Conv2D', 'wasm')!.kernelFunc;
    const timer = new KernelTimer();
    const uninstall = installKernelTimer(backend, timer);
    try {
      const x = tf.ones([2, 6, 6, 3]) as tf.Tensor4D;
      const w = tf.ones([3, 3, 3, 4]) as tf.Tensor4D;
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')),
      )([x, w]);
      tf.dispose([x, w, dx!, dw!]);
    } finally {
      uninstall();
    }
    const paths = timer.paths().map((row) => row.path);
    expect(paths).toEqual(
      expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter › Conv2D', 'Conv2DBackpropInput › Conv2D', DISPOSE_PATH]),
    );
    expect(tf.getKernel('Conv2D', 'wasm')!.kernelFunc).toBe(conv);
    expect(Object.hasOwn(backend, 'disposeData')).toBe(false);
  });
});
