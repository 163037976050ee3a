/**
 * Concat, SplitV and Pack for wasm as plain copy loops. DenseNet concatenates along channels
 * ([n, h, w, 8] + [n, h, w, 4]): the backend's Concat copies each pixel's few channels with a
 * `subarray` + `set` pair (an allocation per pixel), and its SplitV (the concat gradient) runs
 * one strided Slice per part. Here each is one pass over the memory.
 */
import {
  backend_util,
  Concat,
  Pack,
  SplitV,
  util,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  type PackAttrs,
  type SplitVAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats } from './kernel-call';
import { simdKernels } from './simd/kernels';

/**
 * Copies `rows` rows of `width` numbers from `source` (row stride `sourceStride`) into
 * `target`, as 32-bit integers: a float32 loop converts every number to a double and back,
 * the integer copy moves the bits (1.7× faster in Node for DenseNet's 4–48-channel rows, four
 * at a time). Bit copies are exact, NaN payloads included. `subarray` + `set` per row costs
 * an allocation a row and loses below a few dozen numbers. With WebAssembly SIMD loaded
 * (simd/kernels.wat) the copy moves four numbers per instruction instead.
 */
function copyRows(
  target: Int32Array,
  targetOffset: number,
  targetStride: number,
  source: Int32Array,
  sourceOffset: number,
  sourceStride: number,
  rows: number,
  width: number,
): void {
  const simd = simdKernels(target.buffer);
  if (simd && source.buffer === target.buffer) {
    const bytes = Int32Array.BYTES_PER_ELEMENT;
    simd.copyRows(
      target.byteOffset + targetOffset * bytes,
      targetStride,
      source.byteOffset + sourceOffset * bytes,
      sourceStride,
      rows,
      width,
    );
    return;
  }
  if (width >= 64) {
    for (let row = 0; row < rows; row++) {
      const from = sourceOffset + row * sourceStride;
      target.set(source.subarray(from, from + width), targetOffset + row * targetStride);
    }
    return;
  }
  const quads = width - (width % 4);
  for (let row = 0; row < rows; row++) {
    let from = sourceOffset + row * sourceStride;
    let to = targetOffset + row * targetStride;
    const quadEnd = from + quads;
    for (; from < quadEnd; from += 4, to += 4) {
      target[to] = source[from]!;
      target[to + 1] = source[from + 1]!;
      target[to + 2] = source[from + 2]!;
      target[to + 3] = source[from + 3]!;
    }
    for (const end = from + width - quads; from < end; from++, to++) target[to] = source[from]!;
  }
}

/** A tensor's float32 memory on the heap, as 32-bit integers (a new view per call; see heapFloats). */
function heapBits(backend: BackendWasm, info: TensorInfo): Int32Array {
  const floats = heapFloats(backend, info);
  return new Int32Array(floats.buffer, floats.byteOffset, floats.length);
}

let originalConcat: KernelFunc | undefined;
let originalSplitV: KernelFunc | undefined;
let originalPack: KernelFunc | undefined;

export function captureOriginalConcatSplit(
  concat: KernelFunc | undefined,
  splitV: KernelFunc | undefined,
  pack: KernelFunc | undefined,
): void {
  originalConcat = concat;
  originalSplitV = splitV;
  originalPack = pack;
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
  const target = heapBits(backend, out);
  const rows = util.sizeFromShape(first.shape.slice(0, axis));
  const outWidth = util.sizeFromShape(outShape.slice(axis));
  let column = 0;
  for (const input of inputs) {
    const width = util.sizeFromShape(input.shape.slice(axis));
    copyRows(target, column, outWidth, heapBits(backend, input), 0, width, rows, width);
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
    copyRows(heapBits(backend, out), 0, width, heapBits(backend, x), column, inWidth, rows, width);
    column += width;
    return out;
  });
}

/**
 * Stack (tf.stack) as a concatenation of the inputs viewed with a 1 inserted at `axis`: the
 * backend's Pack calls its own Concat directly, which copies a row at a time with an
 * allocation each — 3.6 ms per step for the data loader's [32, 262] × 3 byte planes.
 */
function pack(args: { inputs: TensorInfo[]; backend: BackendWasm; attrs: PackAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const first = inputs[0];
  if (first === undefined || inputs.some((input) => !util.arraysEqual(input.shape, first.shape))) {
    if (originalPack === undefined) throw new Error('wasm Pack was not captured before registration.');
    return originalPack(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const axis = attrs.axis < 0 ? attrs.axis + first.shape.length + 1 : attrs.axis;
  const expanded = inputs.map((input) => ({
    ...input,
    shape: [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)],
  }));
  return concat({ inputs: expanded, backend, attrs: { axis } });
}

export const packConfig: KernelConfig = {
  kernelName: Pack,
  backendName: 'wasm',
  kernelFunc: pack as unknown as KernelFunc,
};

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
