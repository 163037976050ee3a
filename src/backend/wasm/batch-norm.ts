/**
 * Batch-norm training kernels for wasm (see src/model/batch-norm.ts for the maths): channel
 * moments in one pass and the whole backward pass in two, in JavaScript over the wasm heap,
 * with per-channel sums in float64.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, type BatchNormGradAttrs } from '../kernel-names';
import { heapFloats } from './kernel-call';

function channelsOf(x: TensorInfo): number {
  const channels = x.shape[x.shape.length - 1];
  if (channels === undefined || x.dtype !== 'float32') throw new Error('batch norm expects a float32 tensor of rank ≥ 1');
  return channels;
}

function channelMoments(args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo[] {
  const { inputs, backend } = args;
  const channels = channelsOf(inputs.x);
  const mean = backend.makeOutput([channels], 'float32');
  const variance = backend.makeOutput([channels], 'float32');
  const x = heapFloats(backend, inputs.x);
  const count = x.length / channels;
  const sum = new Float64Array(channels);
  const sumSquares = new Float64Array(channels);
  for (let offset = 0; offset < x.length; offset += channels) {
    for (let c = 0; c < channels; c++) {
      const value = x[offset + c]!;
      sum[c]! += value;
      sumSquares[c]! += value * value;
    }
  }
  const meanOut = heapFloats(backend, mean);
  const varianceOut = heapFloats(backend, variance);
  for (let c = 0; c < channels; c++) {
    const mu = sum[c]! / count;
    meanOut[c] = mu;
    // E[x²] − μ² in float64; clamp the rounding residue of a constant channel at 0.
    varianceOut[c] = Math.max(0, sumSquares[c]! / count - mu * mu);
  }
  return [mean, variance];
}

function batchNormGrad(args: {
  inputs: { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; variance: TensorInfo; gamma: TensorInfo };
  backend: BackendWasm;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const channels = channelsOf(inputs.x);
  const outputs = [
    backend.makeOutput(inputs.x.shape, 'float32'),
    backend.makeOutput([channels], 'float32'),
    backend.makeOutput([channels], 'float32'),
  ] as const;
  const [dy, x, mean, variance, gamma] = [inputs.dy, inputs.x, inputs.mean, inputs.variance, inputs.gamma].map((info) => heapFloats(backend, info)) as Float32Array[];
  const [dx, dGammaOut, dBetaOut] = outputs.map((info) => heapFloats(backend, info)) as Float32Array[];
  const count = x!.length / channels;
  const invStd = Float64Array.from(variance!, (value) => 1 / Math.sqrt(value + attrs.epsilon));
  const dBeta = new Float64Array(channels);
  const dGamma = new Float64Array(channels);
  for (let offset = 0; offset < x!.length; offset += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dy![offset + c]!;
      dBeta[c]! += g;
      dGamma[c]! += g * (x![offset + c]! - mean![c]!) * invStd[c]!;
    }
  }
  const scale = Float64Array.from(gamma!, (value, c) => (value * invStd[c]!) / count);
  for (let offset = 0; offset < x!.length; offset += channels) {
    for (let c = 0; c < channels; c++) {
      const normalized = (x![offset + c]! - mean![c]!) * invStd[c]!;
      dx![offset + c] = scale[c]! * (count * dy![offset + c]! - dBeta[c]! - normalized * dGamma[c]!);
    }
  }
  dGammaOut!.set(dGamma);
  dBetaOut!.set(dBeta);
  return [...outputs];
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
