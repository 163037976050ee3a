/**
 * Runs the same computation on two TF.js backends in Node and compares the results, for the
 * kernel tests of src/backend/wasm/.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../backend/wasm/register';

/** Registers our wasm kernels (before the backend initialises) and makes wasm ready. */
export async function readyWasm(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.setBackend('cpu');
}

/** Evaluates `compute` on `backend` and returns every output as plain numbers. */
export async function valuesOn(
  backend: 'cpu' | 'wasm',
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => {
    const result = compute();
    return Array.isArray(result) ? result : [result];
  });
  const values = await Promise.all(outputs.map(async (output) => new Float32Array(await output.data())));
  tf.dispose(outputs);
  return values;
}

export { relativeError } from './relative-error';
