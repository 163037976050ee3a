/**
 * Browser-side measuring helpers for the kernel check page: relative errors and a count of
 * the GPU programs a computation dispatches.
 */
import * as tf from '@tensorflow/tfjs';
import { countGpuWork } from '../../src/backend/programs';

export { relativeError } from '../../src/test-support/relative-error';

/** Runs `compute` and counts the GPU programs the current backend dispatches meanwhile (src/backend/programs.ts). */
export function countPrograms<T>(compute: () => T): { result: T; programs: number } {
  const { result, programs } = countGpuWork(compute);
  return { result, programs };
}

/**
 * Runs `compute` and lists the engine kernels it runs (what tf.profile counts: every
 * `runKernelFunc`, nested ones included) and the GPU programs they dispatch, in one pass.
 * tf.profile itself would do, but it reads every kernel's output, which adds read-back
 * programs on WebGL.
 */
export function countKernelsAndPrograms<T>(compute: () => T): { result: T; kernels: string[]; programs: number } {
  const engine = tf.engine() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = engine.runKernelFunc!;
  const kernels: string[] = [];
  engine.runKernelFunc = function (this: unknown, ...args: unknown[]) {
    kernels.push((args[0] as { kernelName?: string }).kernelName ?? 'custom');
    return original.apply(this, args);
  };
  try {
    const { result, programs } = countGpuWork(compute);
    return { result, kernels, programs };
  } finally {
    delete engine.runKernelFunc;
  }
}

/** Values of `tensors` as float64 arrays (async reads only: dataSync can break WebGPU). */
export async function read(tensors: tf.Tensor[]): Promise<Float64Array[]> {
  return Promise.all(tensors.map(async (tensor) => Float64Array.from(await tensor.data())));
}
