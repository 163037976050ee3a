/**
 * Concat and SplitV for wasm as plain copy loops. DenseNet concatenates along channels
 * ([n, h, w, 8] + [n, h, w, 4]): the backend's Concat copies each pixel's few channels with a
 * `subarray` + `set` pair (an allocation per pixel), and its SplitV (the concat gradient) runs
 * one strided Slice per part. Here each is one pass over the memory.
 */
import {
  backend_util,
  Concat,
  SplitV,
  util,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  type SplitVAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats } from './kernel-call';

/** Copies `rows` rows of `width` floats from `source` (row stride `sourceStride`) into `target`. */
function copyRows(
  target: Float32Array,
  targetOffset: number,
  targetStride: number,
  source: Float32Array,
  sourceOffset: number,
  sourceStride: number,
  rows: number,
  width: number,
): void {
  if (width >= 64) {
    for (let row = 0; row < rows; row++) {
      const from = sourceOffset + row * sourceStride;
      target.set(source.subarray(from, from + width), targetOffset + row * targetStride);
    }
    return;
  }
  for (let row = 0; row < rows; row++) {
    const from = sourceOffset + row * sourceStride;
    const to = targetOffset + row * targetStride;
    for (let i = 0; i < width; i++) target[to + i] = source[from + i]!;
  }
}

let originalConcat: KernelFunc | undefined;
let originalSplitV: KernelFunc | undefined;

export function captureOriginalConcatSplit(concat: KernelFunc | undefined, splitV: KernelFunc | undefined): void {
  originalConcat = concat;
  originalSplitV = splitV;
}

function concat(args: { inputs: TensorInfo[]; backend: BackendWasm; attrs: ConcatAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const first = inputs[0];
  if (
    first === undefined ||
    inputs.some((input) => input.dtype !== 'float32' || util.sizeFromShape(input.shape) === 0) ||
    originalConcat === undefined
  ) {
    if (originalConcat === undefined) throw new Error('wasm Concat was not captured before registration.');
    return originalConcat(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const axis = util.parseAxisParam(attrs.axis, first.shape)[0]!;
  backend_util.assertParamsConsistent(
    inputs.map((input) => input.shape),
    axis,
  );
  const outShape = backend_util.computeOutShape(
    inputs.map((input) => input.shape),
    axis,
  );
  const out = backend.makeOutput(outShape, 'float32');
  const target = heapFloats(backend, out);
  const rows = util.sizeFromShape(first.shape.slice(0, axis));
  const outWidth = util.sizeFromShape(outShape.slice(axis));
  let column = 0;
  for (const input of inputs) {
    const width = util.sizeFromShape(input.shape.slice(axis));
    copyRows(target, column, outWidth, heapFloats(backend, input), 0, width, rows, width);
    column += width;
  }
  return out;
}

function splitV(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: SplitVAttrs }): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (x.dtype !== 'float32') {
    if (originalSplitV === undefined) throw new Error('wasm SplitV was not captured before registration.');
    return originalSplitV(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo[];
  }
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
  const rows = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const inWidth = x.shape[axis]! * inner;
  let column = 0;
  return sizes.map((size) => {
    const shape = [...x.shape];
    shape[axis] = size;
    const out = backend.makeOutput(shape, 'float32');
    const width = size * inner;
    copyRows(heapFloats(backend, out), 0, width, heapFloats(backend, x), column, inWidth, rows, width);
    column += width;
    return out;
  });
}

export const concatConfig: KernelConfig = {
  kernelName: Concat,
  backendName: 'wasm',
  kernelFunc: concat as unknown as KernelFunc,
};

export const splitVConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: 'wasm',
  kernelFunc: splitV as unknown as KernelFunc,
};
