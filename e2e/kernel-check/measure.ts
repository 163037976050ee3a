/**
 * Browser-side measuring helpers for the kernel check page: relative errors and a count of
 * the GPU programs a computation dispatches.
 */
import type * as tf from '@tensorflow/tfjs';
import { countGpuWork } from '../../src/backend/programs';

export { relativeError } from '../../src/test-support/relative-error';

/** Runs `compute` and counts the GPU programs the current backend dispatches meanwhile (src/backend/programs.ts). */
export function countPrograms<T>(compute: () => T): { result: T; programs: number } {
  const { result, programs } = countGpuWork(compute);
  return { result, programs };
}

/** Values of `tensors` as float64 arrays (async reads only: dataSync can break WebGPU). */
export async function read(tensors: tf.Tensor[]): Promise<Float64Array[]> {
  return Promise.all(tensors.map(async (tensor) => Float64Array.from(await tensor.data())));
}
