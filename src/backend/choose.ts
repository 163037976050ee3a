/**
 * Picks the TensorFlow.js backend: WebGPU → WebGL2 → CPU. A backend is accepted only after
 * `tf.setBackend` resolves true (its boolean is the truth; `tf.getBackend()` may still name a
 * backend that failed) and one tiny gradient step returns the right number.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendRequest } from '../settings/settings';
import { describeAdapter } from './adapter';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface BackendAttempt {
  backend: BackendName;
  /** Why it was not used; absent for the backend that was chosen. */
  failure?: string;
}

export interface BackendChoice {
  backend: BackendName;
  /** The adapter or renderer behind it, e.g. "Google SwiftShader (software)". */
  adapter: string;
  /** Every backend tried, in order, with the reasons the earlier ones were passed over. */
  attempts: BackendAttempt[];
  /** Set when `?backend=` named a backend that could not start. */
  requestedFailure?: string;
}

/** Order to try for a request: the requested backend first, then the automatic order. */
export function backendOrder(request: BackendRequest): BackendName[] {
  if (request === 'auto') return [...AUTO_ORDER];
  return [request, ...AUTO_ORDER.filter((name) => name !== request)];
}

/** `exclude`: backends not to try at all (one whose GPU device was lost in this tab). */
export async function chooseBackend(request: BackendRequest, exclude: readonly BackendName[] = []): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  for (const backend of backendOrder(request).filter((name) => !exclude.includes(name))) {
    const failure = await tryBackend(backend);
    attempts.push(failure ? { backend, failure } : { backend });
    if (failure) continue;
    const choice: BackendChoice = { backend, adapter: await describeAdapter(backend), attempts };
    const requested = attempts[0];
    if (request !== 'auto' && requested?.failure) choice.requestedFailure = requested.failure;
    return choice;
  }
  throw new Error(`No TensorFlow.js backend could start: ${attempts.map((a) => `${a.backend}: ${a.failure}`).join('; ')}`);
}

/** Resolves to null when the backend works, or to a sentence saying why it does not. */
async function tryBackend(backend: BackendName): Promise<string | null> {
  const precondition = await missingPrerequisite(backend);
  if (precondition) return precondition;
  try {
    if (!(await tf.setBackend(backend))) return `${backend} failed to initialise (tf.setBackend returned false).`;
  } catch (error) {
    return `${backend} failed to initialise: ${errorMessage(error)}`;
  }
  try {
    await smokeTest();
    return null;
  } catch (error) {
    tf.removeBackend(backend);
    return `${backend} started but a test gradient step failed: ${errorMessage(error)}`;
  }
}

async function missingPrerequisite(backend: BackendName): Promise<string | null> {
  if (backend === 'webgpu') {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'This browser exposes no WebGPU (navigator.gpu is missing in the worker).';
    if (!(await gpu.requestAdapter())) return 'WebGPU is present but no adapter is available (the GPU is blocked or unsupported).';
  }
  if (backend === 'webgl' && typeof OffscreenCanvas === 'undefined') {
    return 'WebGL needs OffscreenCanvas in the worker, which this browser lacks.';
  }
  return null;
}

/**
 * One SGD step of a 3×3 convolution on a 4×4 image of ones. With a kernel of ones and
 * 'same' padding the outputs are 4 (corners), 6 (edges) and 9 (inside), so the mean squared
 * output is (4·16 + 8·36 + 4·81) / 16 = 42.25 — a backend that computes garbage fails here.
 */
export async function smokeTest(): Promise<void> {
  const kernel = tf.variable(tf.ones([3, 3, 1, 2]));
  const image = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
  const optimizer = tf.train.sgd(0.001);
  try {
    const loss = optimizer.minimize(() => tf.mean(tf.square(tf.conv2d(image, kernel as tf.Tensor4D, 1, 'same'))) as tf.Scalar, true, [kernel]);
    const [value] = await loss!.data();
    loss!.dispose();
    if (value === undefined || Math.abs(value - 42.25) > 1e-3) throw new Error(`expected loss 42.25, got ${value}`);
    const updated = await kernel.data();
    if (!updated.every((w) => Number.isFinite(w) && w < 1)) throw new Error('the gradient step did not move the weights');
  } finally {
    tf.dispose([kernel, image]);
    optimizer.dispose();
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
