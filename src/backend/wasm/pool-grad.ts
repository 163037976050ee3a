/**
 * MaxPoolGrad for wasm in JavaScript over the heap. The backend's own kernel is a scalar loop
 * that cost 7 ms per 2×2 pool of the reference model (Node, SIMD build); this is one pass over
 * the input with the channels innermost.
 *
 * Each output's gradient goes to the first maximum of its window in row-major order, as on
 * the cpu backend.
 */
import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats } from './kernel-call';
import { simdKernels } from './simd/kernels';

type Shape4 = [number, number, number, number];

function maxPoolGrad(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, 'float32');
  const [x, gradient, target] = [input, dy, dx].map((tensor) => heapFloats(backend, tensor)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  target.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0) {
    const simd = simdKernels(target.buffer);
    if (simd && channels % 4 === 0) {
      // Four channels per instruction; every input a window covers is written (the fill
      // above leaves the rest, an odd last row or column, at zero).
      simd.maxPoolGrad2x2(
        x.byteOffset,
        gradient.byteOffset,
        target.byteOffset,
        batchSize * outHeight,
        outWidth,
        inWidth,
        channels,
        outHeight,
        inHeight,
      );
      return dx;
    }
    routeTwoByTwo(
      x,
      gradient,
      target,
      batchSize * outHeight,
      outWidth,
      inWidth,
      channels,
      inHeight * inWidth * channels,
      outHeight,
    );
    return dx;
  }
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchBase = b * inHeight * inWidth * channels;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - left;
        for (let c = 0; c < channels; c++, dyIndex++) {
          let best = -Infinity;
          let bestIndex = -1;
          for (let fy = 0; fy < filterHeight; fy++) {
            const y = y0 + fy;
            if (y < 0 || y >= inHeight) continue;
            for (let fx = 0; fx < filterWidth; fx++) {
              const xx = x0 + fx;
              if (xx < 0 || xx >= inWidth) continue;
              const index = batchBase + (y * inWidth + xx) * channels + c;
              const pixel = x[index]!;
              if (pixel > best || bestIndex < 0) {
                best = pixel;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) target[bestIndex]! += gradient[dyIndex]!;
        }
      }
    }
  }
  return dx;
}

/**
 * The reference model's 2×2, stride-2 pool without padding: windows do not overlap, so every
 * input is visited once, with no bounds checks. Same first-maximum rule as above.
 */
function routeTwoByTwo(
  x: Float32Array,
  gradient: Float32Array,
  target: Float32Array,
  outRows: number,
  outWidth: number,
  inWidth: number,
  channels: number,
  imageSize: number,
  outHeight: number,
): void {
  const rowStride = inWidth * channels;
  let dyIndex = 0;
  for (let outRow = 0; outRow < outRows; outRow++) {
    const image = Math.floor(outRow / outHeight);
    const top = image * imageSize + (outRow - image * outHeight) * 2 * rowStride;
    for (let ox = 0; ox < outWidth; ox++) {
      const a = top + ox * 2 * channels;
      const b = a + channels;
      const c = a + rowStride;
      const d = c + channels;
      for (let k = 0; k < channels; k++, dyIndex++) {
        const va = x[a + k]!;
        const vb = x[b + k]!;
        const vc = x[c + k]!;
        const vd = x[d + k]!;
        let best = a + k;
        let max = va;
        if (vb > max) {
          max = vb;
          best = b + k;
        }
        if (vc > max) {
          max = vc;
          best = c + k;
        }
        if (vd > max) best = d + k;
        target[best] = gradient[dyIndex]!;
      }
    }
  }
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
