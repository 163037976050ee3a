/**
 * What the GPU backends do below the engine's kernels: the shader programs they have compiled
 * (their program caches), the programs a computation dispatches, and its GPU→CPU reads. One
 * engine kernel can run several programs (packing, unpacking, multi-pass reductions), so
 * `tf.profile`'s kernel count understates the dispatches that bound a step on a real GPU.
 * These read private fields of tfjs-backend-webgl/-webgpu 4.22 (`binaryCache`,
 * `pipelineCache`); elsewhere they answer null.
 */
import * as tf from '@tensorflow/tfjs';

/** The backend method every GPU program of that backend goes through (kernels and (un)packing). */
const PROGRAM_METHOD: Record<string, string> = { webgl: 'runWebGLProgram', webgpu: 'runWebGPUProgram' };
/** Methods that bring a tensor's values back to the CPU. */
const READ_METHODS = ['read', 'readSync'] as const;

type Methods = Record<string, (...args: unknown[]) => unknown>;

/** The running backend's program cache: WebGL's compiled binaries or WebGPU's pipelines (possibly still promises). */
export function programCache(): Record<string, unknown> | null {
  const backend = tf.backend() as unknown as {
    binaryCache?: Record<string, unknown>;
    pipelineCache?: Record<string, unknown>;
  };
  switch (tf.getBackend()) {
    case 'webgl':
      return backend.binaryCache ?? null;
    case 'webgpu':
      return backend.pipelineCache ?? null;
    default:
      return null;
  }
}

/** Distinct programs the running backend has compiled so far, or null off WebGL/WebGPU. */
export function compiledPrograms(): number | null {
  const cache = programCache();
  return cache ? Object.keys(cache).length : null;
}

/** What a computation made the backend do. */
export interface GpuWork<T> {
  result: T;
  /** GPU programs dispatched (0 off WebGL/WebGPU). */
  programs: number;
  /** GPU→CPU reads started (`read`/`readSync` on the backend); null off WebGL/WebGPU, where data lives on the CPU. */
  reads: number | null;
}

/**
 * Runs `compute` and counts the GPU programs and reads the current backend performs
 * meanwhile, by wrapping the backend's entry points for the duration.
 */
export function countGpuWork<T>(compute: () => T): GpuWork<T> {
  const method = PROGRAM_METHOD[tf.getBackend()];
  if (method === undefined) return { result: compute(), programs: 0, reads: null };
  const backend = tf.backend() as unknown as Methods;
  const counts = { programs: 0, reads: 0 };
  const restore = [
    wrap(backend, method, () => counts.programs++),
    ...READ_METHODS.map((name) => wrap(backend, name, () => counts.reads++)),
  ];
  try {
    return { result: compute(), ...counts };
  } finally {
    for (const undo of restore) undo();
  }
}

/** Replaces `object[name]` with a counting wrapper; returns the undo. */
function wrap(object: Methods, name: string, count: () => void): () => void {
  const original = object[name];
  if (typeof original !== 'function') return () => undefined;
  const own = Object.prototype.hasOwnProperty.call(object, name);
  object[name] = function (this: unknown, ...args: unknown[]) {
    count();
    return original.apply(this, args);
  };
  return () => {
    if (own) object[name] = original;
    else delete object[name];
  };
}
