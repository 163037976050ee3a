/**
 * The fused Adam update (`ADAM_UPDATE`, see src/train/adam.ts) for wasm, one TF.js kernel per
 * variable instead of a dozen, as one JavaScript pass over the heap. For the 401k-weight dense
 * kernel a chain of thirteen backend SIMD kernels (one full pass and one allocation each) took
 * 13 ms per step in Node, four times this single pass: the update is bound by memory traffic.
 * With WebAssembly SIMD (simd/kernels.wat) the pass is several times faster again (1.4 against
 * 5.9 ms a step in the browser's profile).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernel-names';
import { heapFloats } from './kernel-call';
import { simdKernels } from './simd/kernels';

function adamUpdate(args: {
  inputs: { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };
  backend: BackendWasm;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { value, gradient, m, v } = inputs;
  const outputs = [value, m, v].map((input) => backend.makeOutput(input.shape, 'float32'));
  // Views after every allocation: makeOutput may grow the heap and detach older views.
  const [theta, g, m0, v0] = [value, gradient, m, v].map((input) => heapFloats(backend, input));
  const [theta1, m1, v1] = outputs.map((output) => heapFloats(backend, output));
  const { learningRate, beta1, beta2, epsilon, biasCorrection1, biasCorrection2 } = attrs;
  // Two at a time in WebAssembly SIMD, in float64 as here; an odd last one here.
  const simd = simdKernels(theta!.buffer);
  let start = 0;
  if (simd) {
    start = theta!.length - (theta!.length % 2);
    simd.adam(
      theta!.byteOffset,
      g!.byteOffset,
      m0!.byteOffset,
      v0!.byteOffset,
      theta1!.byteOffset,
      m1!.byteOffset,
      v1!.byteOffset,
      start,
      learningRate,
      beta1,
      beta2,
      epsilon,
      biasCorrection1,
      biasCorrection2,
    );
  }
  for (let i = start; i < theta!.length; i++) {
    const grad = g![i]!;
    const first = beta1 * m0![i]! + (1 - beta1) * grad;
    const second = beta2 * v0![i]! + (1 - beta2) * grad * grad;
    m1![i] = first;
    v1![i] = second;
    theta1![i] =
      theta![i]! - (learningRate * (first / biasCorrection1)) / (Math.sqrt(second / biasCorrection2) + epsilon);
  }
  return outputs;
}

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
