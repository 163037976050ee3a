/**
 * Calling the wasm backend's own kernels from inside our kernels.
 *
 * A kernel registered with `tf.registerKernel` receives the backend and returns a `TensorInfo`;
 * it may not call `tf.*` ops (the engine is mid-kernel). So composite kernels call the
 * registered wasm kernel functions directly and free their intermediates with `disposeData`.
 */
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Runs the wasm kernel `name` (ours if we registered one, else the backend's own). */
export function runWasmKernel(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`The wasm backend has no ${name} kernel.`);
  const result = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(result)) throw new Error(`${name} returned several outputs; expected one.`);
  return result;
}

/** Frees intermediates made inside a kernel. */
export function disposeInfos(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * A Float32Array over a tensor's bytes on the wasm heap. Make a new view per call: the heap can
 * grow (which detaches old views) and with threads it is a SharedArrayBuffer.
 */
export function heapFloats(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}
