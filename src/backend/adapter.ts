/**
 * What stands behind each backend, found out before (GPUs) or after (WASM) starting it: the
 * GPU adapter or renderer and whether it is software, and the wasm binary's SIMD and threads.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  classifyWebGlRenderer,
  classifyWebGpuAdapter,
  type GpuAdapterLike,
  type GpuProbe,
  type GpuProbes,
} from './rank';

export async function probeGpus(): Promise<GpuProbes> {
  const [webgpu, webgl] = await Promise.all([probeWebGpu(), Promise.resolve(probeWebGl())]);
  return { webgpu, webgl };
}

async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } | undefined)?.gpu;
  if (!gpu)
    return { usable: false, failure: 'This browser exposes no WebGPU (navigator.gpu is missing in the worker).' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter)
      return {
        usable: false,
        failure: 'WebGPU is present but no adapter is available (the GPU is blocked or unsupported).',
      };
    return classifyWebGpuAdapter(adapter);
  } catch (error) {
    return {
      usable: false,
      failure: `WebGPU could not be asked for an adapter: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Reads the WebGL 2 renderer from a throwaway 1×1 context, then releases the context. */
function probeWebGl(): GpuProbe {
  if (typeof OffscreenCanvas === 'undefined')
    return { usable: false, failure: 'WebGL needs OffscreenCanvas in the worker, which this browser lacks.' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl)
    return {
      usable: false,
      failure: 'This browser cannot create a WebGL 2 context (WebGL is blocked or unsupported).',
    };
  try {
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
    return classifyWebGlRenderer(String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER)));
  } finally {
    // Browsers cap live WebGL contexts; tfjs will make its own if WebGL is chosen.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** The wasm backend as it runs: which binary (SIMD, threads) and how many XNNPACK threads. */
export interface WasmFeatures {
  simd: boolean;
  /** WebAssembly threads usable here (needs SharedArrayBuffer, so cross-origin isolation). */
  multithread: boolean;
  /** XNNPACK's thread-pool size (1 without threads). */
  threads: number;
  crossOriginIsolated: boolean;
}

/** Call only after `tf.setBackend('wasm')` resolved true. */
export async function wasmFeatures(): Promise<WasmFeatures> {
  const [simd, multithread] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return {
    simd: simd === true,
    multithread: multithread === true,
    threads: getThreadsCount(),
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}

/** "SIMD · 2 threads", or "SIMD · 1 thread (page not cross-origin isolated)" and why there is one thread. */
export function formatWasm(features: WasmFeatures): string {
  const simd = features.simd ? 'SIMD' : 'no SIMD';
  const threads = `${features.threads} ${features.threads === 1 ? 'thread' : 'threads'}`;
  let why = '';
  if (!features.multithread) {
    why = features.crossOriginIsolated
      ? ' (this browser has no WebAssembly threads)'
      : ' (page not cross-origin isolated)';
  }
  return `${simd} · ${threads}${why}`;
}
