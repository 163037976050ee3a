/**
 * Convolution gradients for the wasm backend, built from its XNNPACK Conv2D kernel.
 *
 * tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter (tfjs#8474), so no conv layer can
 * train on it, and its Conv2DBackpropInput is a plain scalar loop. Both gradients are
 * convolutions themselves, so we express them as one XNNPACK convolution each plus cheap
 * transposes (and, for strided convolutions, a zero-spread copy of the gradient).
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeInfos, heapFloats, runWasmKernel } from './kernel-call';
import { simdKernels } from './simd/kernels';

type Shape4 = [number, number, number, number];

/**
 * dW[kh, kw, ci, co] = Σ_{n,y,x} xPadded[n, y·s + kh·d, x·s + kw·d, ci] · dy[n, y, x, co].
 *
 * Read with ci as the batch, n as the input channels and dy as a [Ho, Wo, N, Co] filter, this is
 * a valid convolution of the padded, transposed input with the transposed gradient, where the
 * gradient "filter" is dilated by the forward stride: one XNNPACK call, output [Ci, kh, kw, Co].
 */
function conv2DBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== 'NHWC') throw new Error('wasm Conv2DBackpropFilter supports NHWC only.');
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { top, left } = info.padInfo;
  const [kh, kw] = [info.filterHeight, info.filterWidth];

  const xT = batchLast(backend, x);
  const dyT = runWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  // Rows or columns past the last full window never meet the gradient: crop them by
  // negative padding (as a smaller explicit pad on the far side, clamped at zero below).
  const usedH = (info.outHeight - 1) * info.strideHeight + kh;
  const usedW = (info.outWidth - 1) * info.strideWidth + kw;
  const padBottom = usedH - info.inHeight - top;
  const padRight = usedW - info.inWidth - left;
  let source = xT;
  let cropped: TensorInfo | null = null;
  if (padBottom < 0 || padRight < 0) {
    cropped = runWasmKernel(
      backend,
      'Slice',
      { x: xT },
      {
        begin: [0, 0, 0, 0],
        size: [-1, info.inHeight + Math.min(0, padBottom), info.inWidth + Math.min(0, padRight), -1],
      },
    );
    source = cropped;
  }
  const dWT = runWasmKernel(
    backend,
    'Conv2D',
    { x: source, filter: dyT },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, Math.max(0, padBottom)],
        [left, Math.max(0, padRight)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
    },
  );
  const dW = runWasmKernel(backend, 'Transpose', { x: dWT }, { perm: [1, 2, 0, 3] });
  disposeInfos(backend, xT, dyT, dWT, ...(cropped ? [cropped] : []));
  return dW;
}

/**
 * x [n, h, w, c] → [c, h, w, n] (the transpose [3, 1, 2, 0]): in 4 × 4 SIMD blocks where n and
 * c come in fours (DenseNet's layers past the first, batch 32), else the backend's Transpose.
 */
function batchLast(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const [n, height, width, c] = x.shape as Shape4;
  const simd = simdKernels(heapFloats(backend, x).buffer);
  if (!simd || n % 4 !== 0 || c % 4 !== 0) return runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const out = backend.makeOutput([c, height, width, n], 'float32');
  // Offsets after makeOutput, which may grow the heap (moving nothing, replacing the buffer).
  simd.transposeBatchLast(heapFloats(backend, x).byteOffset, heapFloats(backend, out).byteOffset, n, height * width, c);
  return out;
}

/**
 * dX = dilate(dy, s) ⊛ flip(W)ᵀ: a "full" correlation of the gradient, with s − 1 zeros
 * inserted between its rows and columns for stride s, with the spatially flipped filter whose
 * in/out channels are swapped, padded by (k − 1 − forward pad). For stride 1 no zeros are
 * inserted. For stride 2 the convolution does 4× the necessary multiplications, still several
 * times faster than the backend's own scalar-loop kernel (41 ms for a [32, 14, 14, 32] → 28×28
 * gradient in Node).
 */
function conv2DBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const info = backend_util.computeConv2DInfo(
    inputShape as Shape4,
    filter.shape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { top, left } = info.padInfo;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const dilatedHeight = (info.outHeight - 1) * sh + 1;
  const dilatedWidth = (info.outWidth - 1) * sw + 1;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  const padBottom = info.inHeight - dilatedHeight - padTop + kh - 1;
  const padRight = info.inWidth - dilatedWidth - padLeft + kw - 1;
  if (dataFormat !== 'NHWC' || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
    return originalBackpropInput(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const spread = sh === 1 && sw === 1 ? dy : insertZeros(backend, dy, sh, sw, dilatedHeight, dilatedWidth);
  const swapped = flipAndSwapChannels(backend, filter);
  const dx = runWasmKernel(
    backend,
    'Conv2D',
    { x: spread, filter: swapped },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    },
  );
  disposeInfos(backend, swapped, ...(spread === dy ? [] : [spread]));
  return dx;
}

/**
 * W [kh, kw, ci, co] → W' [kh, kw, co, ci] with W'[i, j, o, c] = W[kh−1−i, kw−1−j, c, o]: the
 * filter turned by 180° with its channels swapped, in one pass. Filters are small (at most a
 * few thousand numbers here); the backend's Reverse took ~0.3 ms a call for them, more than
 * the transpose and this whole pass together.
 */
function flipAndSwapChannels(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kh, kw, inChannels, outChannels] = filter.shape as Shape4;
  const out = backend.makeOutput([kh, kw, outChannels, inChannels], 'float32');
  const target = heapFloats(backend, out);
  const source = heapFloats(backend, filter);
  const block = inChannels * outChannels;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * block;
      const to = (i * kw + j) * block;
      for (let c = 0; c < inChannels; c++) {
        for (let o = 0; o < outChannels; o++) target[to + o * inChannels + c] = source[from + c * outChannels + o]!;
      }
    }
  }
  return out;
}

/** `dy` [n, h, w, c] → [n, (h−1)·sh + 1, (w−1)·sw + 1, c] with zeros between rows and columns. */
function insertZeros(
  backend: BackendWasm,
  dy: TensorInfo,
  sh: number,
  sw: number,
  height: number,
  width: number,
): TensorInfo {
  const [batch, rows, columns, channels] = dy.shape as Shape4;
  const out = backend.makeOutput([batch, height, width, channels], 'float32');
  const target = heapFloats(backend, out);
  const source = heapFloats(backend, dy);
  target.fill(0);
  let from = 0;
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < rows; y++) {
      let to = (n * height + y * sh) * width * channels;
      for (let x = 0; x < columns; x++, to += sw * channels, from += channels) {
        for (let c = 0; c < channels; c++) target[to + c] = source[from + c]!;
      }
    }
  }
  return out;
}

let originalBackpropInput: KernelFunc = () => {
  throw new Error('wasm Conv2DBackpropInput was not captured before registration.');
};

/** Remembers the backend's own kernel for the layouts the convolution form does not cover (NCHW). */
export function captureOriginalBackpropInput(kernelFunc: KernelFunc): void {
  originalBackpropInput = kernelFunc;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
