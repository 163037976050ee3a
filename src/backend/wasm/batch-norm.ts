/**
 * Batch-norm kernels for wasm (the maths: src/model/batch-norm.ts). Per-channel sums are one
 * JavaScript pass over the heap (channel-sums.ts: reading is cheap there); every full-size
 * write is a backend SIMD kernel (per-channel affine maps as 1×1 depthwise convolutions with
 * bias, and Add), which writes 5–10× faster than a JavaScript loop. Per-channel coefficients
 * ([C] numbers) are worked out in float64 in JavaScript. Three kernels:
 *   - CHANNEL_MOMENTS: mean and variance from Σx and Σx² (one pass);
 *   - BATCH_NORM_GRAD: dx = A·dy + B·x + K per channel, from Σdy and Σdy·x (one pass);
 *   - FusedBatchNorm (replaces the backend's, 5× slower): y = x·γ/σ + (β − μγ/σ).
 */
import {
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, type BatchNormGradAttrs } from '../kernel-names';
import { channelSumsAndProducts } from './channel-sums';
import { disposeInfos, heapFloats } from './kernel-call';
import { binary, channelAffine, constant } from './primitives';

function channelsOf(x: TensorInfo): { channels: number; count: number } {
  const channels = x.shape[x.shape.length - 1];
  if (channels === undefined || x.dtype !== 'float32')
    throw new Error('batch norm expects a float32 tensor of rank ≥ 1');
  return { channels, count: x.shape.reduce((a, b) => a * b, 1) / channels };
}

const valuesOf = (backend: BackendWasm, info: TensorInfo) => Float64Array.from(heapFloats(backend, info));

function channelMoments(args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo[] {
  const {
    inputs: { x },
    backend,
  } = args;
  const { channels, count } = channelsOf(x);
  const values = heapFloats(backend, x);
  const { sums, products: squareSums } = channelSumsAndProducts(values, values, channels);
  const mean = sums.map((sum) => sum / count);
  // E[x²] − μ² from float32 sums, in float64; a constant channel may round slightly below 0.
  const variance = squareSums.map((sum, c) => Math.max(0, sum / count - mean[c]! ** 2));
  return [constant(backend, [channels], mean), constant(backend, [channels], variance)];
}

function batchNormGrad(args: {
  inputs: { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; variance: TensorInfo; gamma: TensorInfo };
  backend: BackendWasm;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const {
    inputs: { dy, x, mean, variance, gamma },
    backend,
    attrs,
  } = args;
  const { channels, count } = channelsOf(x);
  const mu = valuesOf(backend, mean);
  const invStd = valuesOf(backend, variance).map((value) => 1 / Math.sqrt(value + attrs.epsilon));
  const g = valuesOf(backend, gamma);
  const { sums: dBeta, products: dyTimesX } = channelSumsAndProducts(
    heapFloats(backend, dy),
    heapFloats(backend, x),
    channels,
  );
  // Σ dy·x̂ = σ⁻¹·(Σ dy·x − μ·Σ dy)
  const dGamma = dyTimesX.map((value, c) => invStd[c]! * (value - mu[c]! * dBeta[c]!));
  // dx = s·(N·dy − dβ − x̂·dγ), s = γσ⁻¹/N, x̂ = (x − μ)σ⁻¹  ⇒  dx = A·dy + B·x + K
  const s = g.map((value, c) => (value * invStd[c]!) / count);
  const a = s.map((value) => value * count);
  const b = s.map((value, c) => -value * dGamma[c]! * invStd[c]!);
  const k = s.map((value, c) => -value * dBeta[c]! - b[c]! * mu[c]!);
  const fromDy = channelAffine(backend, dy, a, k);
  const fromX = channelAffine(backend, x, b, new Float64Array(channels));
  const dx = binary(backend, 'Add', fromDy, fromX);
  disposeInfos(backend, fromDy, fromX);
  return [dx, constant(backend, [channels], dGamma), constant(backend, [channels], dBeta)];
}

let originalFusedBatchNorm: KernelFunc | undefined;

export function captureOriginalFusedBatchNorm(kernelFunc: KernelFunc | undefined): void {
  originalFusedBatchNorm = kernelFunc;
}

/** Inference and training forward pass: y = γ(x − μ)/√(var + ε) + β as one affine pass. */
function fusedBatchNorm(args: {
  inputs: { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo; scale?: TensorInfo };
  backend: BackendWasm;
  attrs: FusedBatchNormAttrs;
}): TensorInfo {
  const {
    inputs: { x, mean, variance, offset, scale },
    backend,
    attrs,
  } = args;
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const perChannel = [mean, variance, offset, scale].every(
    (info) => info === undefined || info.shape.reduce((p, q) => p * q, 1) === channels,
  );
  if (x.dtype !== 'float32' || channels === 0 || !perChannel) {
    if (!originalFusedBatchNorm) throw new Error('wasm FusedBatchNorm was not captured before registration.');
    return originalFusedBatchNorm(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const mu = valuesOf(backend, mean);
  const g = scale ? valuesOf(backend, scale) : new Float64Array(channels).fill(1);
  const beta = offset ? valuesOf(backend, offset) : new Float64Array(channels);
  const factor = valuesOf(backend, variance).map((value, c) => g[c]! / Math.sqrt(value + attrs.varianceEpsilon));
  return channelAffine(
    backend,
    x,
    factor,
    beta.map((value, c) => value - mu[c]! * factor[c]!),
  );
}

export const channelMomentsConfig: KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'wasm',
  kernelFunc: channelMoments as unknown as KernelFunc,
};

export const batchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: batchNormGrad as unknown as KernelFunc,
};

export const fusedBatchNormConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'wasm',
  kernelFunc: fusedBatchNorm as unknown as KernelFunc,
};
