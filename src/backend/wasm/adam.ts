/**
 * The fused Adam update (`ADAM_UPDATE`, see src/train/adam.ts) for wasm, one TF.js kernel per
 * variable instead of a dozen: small variables in one JavaScript pass over the heap, large
 * ones (the 401k-weight dense kernel) as backend SIMD kernels, which beat JavaScript there.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernel-names';
import { disposeInfos, heapFloats, runWasmKernel } from './kernel-call';
import { binary, scalar } from './primitives';

/** From this size up the update runs as backend SIMD kernels; below, one JavaScript loop is cheaper than a dozen calls. */
const SIMD_THRESHOLD = 16_384;

function adamUpdate(args: {
  inputs: { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };
  backend: BackendWasm;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { value, gradient, m, v } = inputs;
  if (value.shape.reduce((a, b) => a * b, 1) >= SIMD_THRESHOLD) return adamWithBackendKernels(backend, inputs, attrs);
  const outputs = [value, m, v].map((input) => backend.makeOutput(input.shape, 'float32'));
  // Views after every allocation: makeOutput may grow the heap and detach older views.
  const [theta, g, m0, v0] = [value, gradient, m, v].map((input) => heapFloats(backend, input));
  const [theta1, m1, v1] = outputs.map((output) => heapFloats(backend, output));
  const { learningRate, beta1, beta2, epsilon, biasCorrection1, biasCorrection2 } = attrs;
  for (let i = 0; i < theta!.length; i++) {
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

/** The same update as a chain of the backend's SIMD elementwise kernels (for large variables). */
function adamWithBackendKernels(
  backend: BackendWasm,
  inputs: { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo },
  attrs: AdamUpdateAttrs,
): TensorInfo[] {
  const { value, gradient, m, v } = inputs;
  const temporaries: TensorInfo[] = [];
  const keep = (info: TensorInfo) => (temporaries.push(info), info);
  const constant = (number: number) => keep(scalar(backend, number));
  const times = (a: TensorInfo, b: TensorInfo) => keep(binary(backend, 'Multiply', a, b));
  const first = binary(backend, 'Add', times(m, constant(attrs.beta1)), times(gradient, constant(1 - attrs.beta1)));
  const second = binary(
    backend,
    'Add',
    times(v, constant(attrs.beta2)),
    times(times(gradient, gradient), constant(1 - attrs.beta2)),
  );
  const root = keep(runWasmKernel(backend, 'Sqrt', { x: times(second, constant(1 / attrs.biasCorrection2)) }));
  const denominator = keep(binary(backend, 'Add', root, constant(attrs.epsilon)));
  const step = keep(
    binary(backend, 'RealDiv', times(first, constant(attrs.learningRate / attrs.biasCorrection1)), denominator),
  );
  const updated = binary(backend, 'Sub', value, step);
  disposeInfos(backend, ...temporaries);
  return [updated, first, second];
}

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
