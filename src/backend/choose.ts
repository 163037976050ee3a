/**
 * Picks the TensorFlow.js backend: WebGPU → WebGL 2 → WASM → CPU, with software GPU adapters
 * ranked below WASM (rank.ts). A backend is accepted only after `tf.setBackend` resolves true
 * (its boolean is the truth; `tf.getBackend()` may still name a backend that failed) and one
 * tiny gradient step returns the right number.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendRequest } from '../shared/params';
import { formatWasm, probeGpus, wasmFeatures, type WasmFeatures } from './adapter';
import { attemptsFor, planBackends, type Attempt, type BackendName, type GpuProbes } from './rank';
import { registerGpuTrainingKernels } from './gpu-kernels';
import { registerWasmTrainingKernels } from './wasm/register';
import { loadSimdKernels } from './wasm/simd/kernels';
import { useFlags } from './flags';
import type { BackendDecision } from './decision';

export type { BackendName };

/** A backend tried or passed over; `failure` says why it was not used (it failed, or it is a software GPU ranked below WASM). */
export type BackendAttempt = Attempt;

export interface BackendChoice {
  backend: BackendName;
  /** The adapter, renderer or wasm build behind it, e.g. "Google SwiftShader (software)" or "SIMD · 2 threads". */
  adapter: string;
  /** The backends that outrank the chosen one but were not used, best first, with the reasons; then the one chosen. */
  attempts: BackendAttempt[];
  /** Set when `?backend=` named a backend that could not start. */
  requestedFailure?: string;
  /** `auto` only: how the backend was chosen by timing the step on each candidate (decision.ts). */
  decision?: { how: 'measured' | 'stored' } & BackendDecision;
  /** `auto` only: why measuring did not decide, so the fixed ranking did. */
  measurementFailure?: string;
}

/**
 * Order to try for a request, given what the GPU probes found (see planBackends).
 * `exclude`: backends not to try at all (one whose GPU device was lost in this tab).
 */
export async function chooseBackend(
  request: BackendRequest,
  exclude: readonly BackendName[] = [],
): Promise<BackendChoice> {
  const probes = await probeGpus();
  const plan = planBackends(request, probes);
  const tried: Attempt[] = [];
  for (const backend of plan.order.filter((name) => !exclude.includes(name))) {
    const failure = await startBackend(backend, probes);
    tried.push(failure ? { backend, failure } : { backend });
    if (failure) continue;
    const choice: BackendChoice = {
      backend,
      adapter: await describeBackend(backend, probes),
      attempts: attemptsFor(request, plan, tried, backend),
    };
    const requested = tried[0];
    if (request !== 'auto' && requested?.failure) choice.requestedFailure = requested.failure;
    return choice;
  }
  throw new Error(`No TensorFlow.js backend could start: ${tried.map((a) => `${a.backend}: ${a.failure}`).join('; ')}`);
}

/**
 * Starts exactly one backend and checks it with a gradient step. Resolves to null when it
 * works, or to a sentence saying why it does not. `probes` may be passed when already known.
 */
export async function startBackend(
  backend: BackendName,
  probes?: GpuProbes,
  flags: 'app' | 'tfjs-defaults' = 'app',
  /** Test hook (`?hooks=1` only): the smoke test computes with a wrong kernel, so it fails for real. */
  sabotageSmokeTest = false,
): Promise<string | null> {
  if (backend === 'webgpu' || backend === 'webgl') {
    const probe = (probes ?? (await probeGpus()))[backend];
    if (!probe.usable) return probe.failure;
  }
  // Our kernels must be in the registry before the backend starts: tfjs-backend-wasm 4.22 has
  // no Conv2DBackpropFilter, so without them no convolution could train (tfjs#8474).
  if (backend === 'wasm') registerWasmTrainingKernels();
  // The fused Adam and batch-norm programs: one dispatch where standard ops take many.
  if (backend === 'webgpu' || backend === 'webgl') registerGpuTrainingKernels();
  useFlags(flags);
  try {
    if (!(await tf.setBackend(backend))) return `${backend} failed to initialise (tf.setBackend returned false).`;
  } catch (error) {
    return `${backend} failed to initialise: ${errorMessage(error)}`;
  }
  // Our SIMD passes on its heap; where they cannot load, the kernels' JavaScript loops run
  // (same results, slower), which the console says so a slow run can be explained.
  if (backend === 'wasm') {
    const simdFailure = await loadSimdKernels(tf.backend() as BackendWasm);
    if (simdFailure) console.warn(`WASM training passes run in JavaScript: ${simdFailure}`);
  }
  try {
    await smokeTest(sabotageSmokeTest);
    return null;
  } catch (error) {
    tf.removeBackend(backend);
    return `${backend} started but a test gradient step failed: ${errorMessage(error)}`;
  }
}

/** The badge's text after the backend name. */
export async function describeBackend(backend: BackendName, probes: GpuProbes): Promise<string> {
  switch (backend) {
    case 'webgpu':
    case 'webgl': {
      const probe = probes[backend];
      return probe.usable ? probe.adapter : 'unknown adapter';
    }
    case 'wasm':
      return formatWasm(await wasmFeatures());
    case 'cpu':
      return 'JavaScript on the CPU';
    default:
      return backend satisfies never;
  }
}

/** For the benchmark: the running backend's badge text and, on wasm, its build and threads. */
export async function describeRunning(backend: BackendName): Promise<{ adapter: string; wasm: WasmFeatures | null }> {
  const adapter = await describeBackend(backend, await probeGpus());
  return { adapter, wasm: backend === 'wasm' ? await wasmFeatures() : null };
}

/**
 * One SGD step of a 3×3 convolution on a 4×4 image of ones. With a kernel of ones and
 * 'same' padding the outputs are 4 (corners), 6 (edges) and 9 (inside), so the mean squared
 * output is (4·16 + 8·36 + 4·81) / 16 = 42.25 — a backend that computes garbage fails here.
 */
export async function smokeTest(sabotage = false): Promise<void> {
  const kernel = tf.variable(sabotage ? tf.zeros([3, 3, 1, 2]) : tf.ones([3, 3, 1, 2]));
  const image = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
  const optimizer = tf.train.sgd(0.001);
  try {
    const loss = optimizer.minimize(
      () => tf.mean(tf.square(tf.conv2d(image, kernel as tf.Tensor4D, 1, 'same'))) as tf.Scalar,
      true,
      [kernel],
    );
    const [value] = await loss!.data();
    loss!.dispose();
    if (value === undefined || Math.abs(value - 42.25) > 1e-3) throw new Error(`expected loss 42.25, got ${value}`);
    const updated = await kernel.data();
    if (!updated.every((w) => Number.isFinite(w) && w < 1))
      throw new Error('the gradient step did not move the weights');
  } finally {
    tf.dispose([kernel, image]);
    optimizer.dispose();
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
