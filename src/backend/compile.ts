/**
 * Compiling GPU programs without running them (design.md §4), so a training step's shaders
 * are ready before the step is needed:
 *   - WebGL: `ENGINE_COMPILE_ONLY` makes every kernel create and link its program but run
 *     nothing; with KHR_parallel_shader_compile the driver compiles them in parallel and we
 *     poll each one's COMPLETION_STATUS_KHR; then the uniform locations are looked up.
 *   - WebGPU: `WEBGPU_ENGINE_COMPILE_ONLY` makes every kernel create its pipeline with
 *     `createComputePipelineAsync`; the backend's `checkCompileCompletionAsync` swaps the
 *     resolved pipelines into its cache.
 * The computation still allocates outputs, and in compile-only mode they hold garbage: it
 * must work on scratch tensors and never read a result. Other backends have nothing to
 * compile; callers run a real step instead.
 */
import * as tf from '@tensorflow/tfjs';
import { programCache } from './programs';

/** Progress of a compilation: programs finished of those started. */
export type CompileProgress = (done: number, total: number) => void;

/** Backends with a compile-only mode, and its flag. */
const COMPILE_ONLY_FLAG: Record<string, string> = {
  webgl: 'ENGINE_COMPILE_ONLY',
  webgpu: 'WEBGPU_ENGINE_COMPILE_ONLY',
};

/** The parts of tfjs-backend-webgl's MathBackendWebGL used here (private in its typings). */
interface WebGlBackendInternals {
  binaryCache: Record<string, { webGLProgram: WebGLProgram }>;
  gpgpu: { gl: WebGL2RenderingContext; parallelCompilationExtension?: { COMPLETION_STATUS_KHR: number } | null };
  checkCompileCompletion(): void;
  getUniformLocations(): void;
}

interface WebGpuBackendInternals {
  pipelineCache: Record<string, unknown>;
  checkCompileCompletionAsync(): Promise<void>;
}

/** Whether the running backend can compile without running (WebGL and WebGPU). */
export function canCompileOnly(): boolean {
  return tf.getBackend() in COMPILE_ONLY_FLAG && programCache() !== null;
}

/**
 * Runs `work` in the running backend's compile-only mode and waits until every program it
 * created is compiled, reporting progress. Resolves to the number of new programs. While it
 * waits, the new programs are not runnable: the caller must keep other work off the backend.
 */
export async function compileOnly(work: () => void, onProgress: CompileProgress): Promise<number> {
  const flag = COMPILE_ONLY_FLAG[tf.getBackend()];
  const cache = programCache();
  if (flag === undefined || cache === null) throw new Error(`${tf.getBackend()} has no compile-only mode.`);
  const before = new Set(Object.keys(cache));
  tf.env().set(flag, true);
  try {
    work();
  } finally {
    tf.env().set(flag, false);
  }
  const fresh = Object.keys(cache).filter((key) => !before.has(key));
  onProgress(0, fresh.length);
  if (tf.getBackend() === 'webgl') await finishWebGl(fresh, onProgress);
  else await finishWebGpu(fresh, onProgress);
  return fresh.length;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const POLL_MS = 50;

async function finishWebGl(keys: string[], onProgress: CompileProgress): Promise<void> {
  const backend = tf.backend() as unknown as WebGlBackendInternals;
  const { gl, parallelCompilationExtension: parallel } = backend.gpgpu;
  const programs = keys.map((key) => backend.binaryCache[key]!.webGLProgram);
  if (parallel) {
    // Non-blocking: the driver compiles in the background; ask which are done.
    for (;;) {
      const done = programs.filter((program) => gl.getProgramParameter(program, parallel.COMPLETION_STATUS_KHR)).length;
      onProgress(done, programs.length);
      if (done === programs.length) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } else {
    // Each link-status query blocks until that program is linked: one at a time, yielding between.
    for (const [index, program] of programs.entries()) {
      gl.getProgramParameter(program, gl.LINK_STATUS);
      onProgress(index + 1, programs.length);
      await nextTask();
    }
  }
  // Throws with the info log if any program failed; then fills in what compile-only skipped.
  backend.checkCompileCompletion();
  backend.getUniformLocations();
}

async function finishWebGpu(keys: string[], onProgress: CompileProgress): Promise<void> {
  const backend = tf.backend() as unknown as WebGpuBackendInternals;
  let done = 0;
  const pending = keys.map((key) => Promise.resolve(backend.pipelineCache[key]));
  for (const pipeline of pending)
    void pipeline.then(
      () => onProgress(++done, keys.length),
      () => undefined,
    );
  await backend.checkCompileCompletionAsync();
  onProgress(keys.length, keys.length);
}
