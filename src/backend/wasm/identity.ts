/**
 * Identity for wasm without the copy. The engine clones every tensor it saves for the backward
 * pass (and customGrad saves) through Identity, and the wasm backend's Identity copies the
 * data: about 100 full-size copies per training step of the reference model (7 ms of a 110 ms
 * step in Node). Tensors are immutable, so sharing the memory under a reference count is what
 * the cpu and webgl backends' Identity does, and what the wasm backend's own Reshape does.
 */
import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

let originalIdentity: KernelFunc | undefined;

export function captureOriginalIdentity(kernelFunc: KernelFunc | undefined): void {
  originalIdentity = kernelFunc;
}

function identity(args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const {
    inputs: { x },
    backend,
  } = args;
  if (x.dtype === 'string') {
    if (!originalIdentity) throw new Error('wasm Identity was not captured before registration.');
    return originalIdentity(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};
