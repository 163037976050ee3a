/**
 * The TF.js backends of the unit tests in Node. Tests that train use `trainOnWasm`: the wasm
 * backend with our kernels (as `npm run train` runs it) is about 100× faster here than the
 * cpu backend. The kernel tests of src/backend/wasm/ run one computation on both backends and
 * compare the results (`readyWasm`, `valuesOn`).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../backend/wasm/register';
import { loadSimdKernels } from '../backend/wasm/simd/kernels';

/** Registers our wasm kernels (before the backend initialises) and makes wasm ready. */
export async function readyWasm(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await loadSimdKernelsOrThrow();
  await tf.setBackend('cpu');
}

/**
 * Makes wasm, with our training kernels, the active backend. In Node it runs on one thread
 * (tfjs has no wasm threads there), so the test files Vitest runs side by side do not compete
 * for cores and every result is deterministic.
 */
export async function trainOnWasm(): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend could not start.');
  await loadSimdKernelsOrThrow();
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

/** Our SIMD passes on the wasm heap, as the app and the CLI run them (Node has WebAssembly SIMD). */
async function loadSimdKernelsOrThrow(): Promise<void> {
  const failure = await loadSimdKernels(tf.findBackend('wasm') as BackendWasm, (url) => readFile(url));
  if (failure) throw new Error(`The SIMD kernels did not load (${failure}); run "npm run kernels".`);
}
