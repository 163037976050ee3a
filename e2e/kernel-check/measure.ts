/**
 * Browser-side measuring helpers for the kernel check page: relative errors and a count of
 * the GPU programs a computation dispatches.
 */
import * as tf from '@tensorflow/tfjs';

export { relativeError } from '../../src/test-support/relative-error';

/** The backend method every GPU program of that backend goes through (kernels and (un)packing). */
const PROGRAM_METHOD: Record<string, string> = { webgl: 'runWebGLProgram', webgpu: 'runWebGPUProgram' };

/**
 * Runs `compute` and counts the GPU programs the current backend dispatches meanwhile, by
 * wrapping the backend's program entry point for the duration (test-only instrumentation).
 */
export function countPrograms<T>(compute: () => T): { result: T; programs: number } {
  const method = PROGRAM_METHOD[tf.getBackend()];
  if (method === undefined) return { result: compute(), programs: 0 };
  const backend = tf.backend() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = backend[method]!;
  const own = Object.prototype.hasOwnProperty.call(backend, method);
  let programs = 0;
  backend[method] = function (this: unknown, ...args: unknown[]) {
    programs++;
    return original.apply(this, args);
  };
  try {
    return { result: compute(), programs };
  } finally {
    if (own) backend[method] = original;
    else delete backend[method];
  }
}

/** Values of `tensors` as float64 arrays (async reads only: dataSync can break WebGPU). */
export async function read(tensors: tf.Tensor[]): Promise<Float64Array[]> {
  return Promise.all(tensors.map(async (tensor) => Float64Array.from(await tensor.data())));
}
