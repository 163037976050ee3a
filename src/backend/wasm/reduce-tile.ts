/**
 * Sum over leading axes and Tile of a block for wasm.
 *
 * Bias and batch-norm gradients sum [N, H, W, C] over N, H, W, and tile [1, 1, 1, C] back up.
 * The wasm backend's Sum reduces only innermost axes, so it first transposes the whole
 * activation; here the sum is one JavaScript pass over the heap (channel-sums.ts). Its Tile is a generic
 * strided copy; repeating a whole block is a few memcpy calls here. Any other case goes to the
 * backend's own kernel.
 */
import {
  Sum,
  Tile,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type TileAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelSums } from './channel-sums';
import { heapFloats } from './kernel-call';

const originals: Partial<Record<string, KernelFunc>> = {};

/** Remembers the backend's own kernel for the cases we do not special-case. */
export function captureOriginal(name: typeof Sum | typeof Tile, kernelFunc: KernelFunc): void {
  originals[name] = kernelFunc;
}

function callOriginal(name: string, args: Parameters<KernelFunc>[0]): TensorInfo {
  const original = originals[name];
  if (original === undefined) throw new Error(`wasm ${name} was not captured before registration.`);
  return original(args) as TensorInfo;
}

/** How many leading axes `axis` names, if it names exactly axes 0…k−1 (k ≥ 1); else 0. */
export function leadingAxesCount(axis: number | number[], rank: number): number {
  const axes = util
    .parseAxisParam(
      axis,
      Array.from({ length: rank }, () => 1),
    )
    .sort((a, b) => a - b);
  return axes.every((value, index) => value === index) && axes.length < rank ? axes.length : 0;
}

function sum(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: SumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const leading = leadingAxesCount(attrs.axis, x.shape.length);
  if (x.dtype !== 'float32' || leading === 0) {
    return callOriginal(Sum, args as unknown as Parameters<KernelFunc>[0]);
  }
  const keptShape = x.shape.slice(leading);
  const sums = channelSums(heapFloats(backend, x), util.sizeFromShape(keptShape));
  const shape = attrs.keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...keptShape] : keptShape;
  const out = backend.makeOutput(shape, 'float32');
  heapFloats(backend, out).set(sums);
  return out;
}

function tile(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: TileAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const { reps } = attrs;
  // Only "repeat the whole block": every axis of size 1 except a trailing block that is not
  // repeated. That is [1, …, 1, C] → [n1, …, nk, C], batch-norm's case.
  const firstKept = reps.findIndex(
    (rep, axis) => rep === 1 && x.shape.slice(axis).every((_, i) => reps[axis + i] === 1),
  );
  const simple = x.dtype === 'float32' && firstKept > 0 && x.shape.slice(0, firstKept).every((size) => size === 1);
  if (!simple) return callOriginal(Tile, args as unknown as Parameters<KernelFunc>[0]);
  const outShape = x.shape.map((size, axis) => size * (reps[axis] ?? 1));
  const out = backend.makeOutput(outShape, 'float32');
  const block = heapFloats(backend, x);
  const target = heapFloats(backend, out);
  const copies = util.sizeFromShape(reps.slice(0, firstKept));
  for (let copy = 0; copy < copies; copy++) target.set(block, copy * block.length);
  return out;
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as KernelFunc,
};

export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: tile as unknown as KernelFunc,
};
