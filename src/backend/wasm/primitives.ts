/**
 * Small building blocks over the wasm backend's own (SIMD, XNNPACK) kernels, for composite
 * kernels. Plain JavaScript loops that write over the heap run at 2–10 ns per element here;
 * the backend's elementwise kernels at well under 1. (Reading is another matter: see
 * channel-sums.ts.)
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats, runWasmKernel } from './kernel-call';

/** The same memory under another shape of equal size. Borrowed: never dispose it. */
export function view(x: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Runs a binary elementwise kernel (with broadcasting), e.g. 'Multiply', 'Sub', 'Add'. */
export function binary(
  backend: BackendWasm,
  name: 'Add' | 'Sub' | 'Multiply' | 'RealDiv',
  a: TensorInfo,
  b: TensorInfo,
): TensorInfo {
  return runWasmKernel(backend, name, { a, b });
}

/** A new tensor holding `values` (float32). */
export function constant(backend: BackendWasm, shape: number[], values: ArrayLike<number>): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  heapFloats(backend, out).set(values);
  return out;
}

/**
 * y = x·scale + shift per channel (last axis) as a 1×1 depthwise convolution with bias: one
 * XNNPACK pass. The backend's broadcasting Multiply/Add would take 10–40× longer on [n, h, w, c].
 */
export function channelAffine(
  backend: BackendWasm,
  x: TensorInfo,
  scale: ArrayLike<number>,
  shift: ArrayLike<number>,
): TensorInfo {
  const channels = scale.length;
  const filter = constant(backend, [1, 1, channels, 1], scale);
  const bias = constant(backend, [channels], shift);
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const out = runWasmKernel(
    backend,
    'FusedDepthwiseConv2D',
    { x: view(x, [1, 1, rows, channels]), filter, bias },
    {
      strides: [1, 1],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [1, 1],
      activation: 'linear',
    },
  );
  backend.disposeData(filter.dataId);
  backend.disposeData(bias.dataId);
  return { ...out, shape: [...x.shape] };
}
