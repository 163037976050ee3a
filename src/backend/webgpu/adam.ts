/**
 * The fused Adam update (`ADAM_UPDATE`, maths in src/train/adam.ts) for WebGPU: three
 * elementwise dispatches per variable — new m, new v, then the new value from those two —
 * instead of the dozen or so of `tf.train.adam`. The step's numbers are uniforms and every
 * variable is viewed flat, so one pipeline per program serves every variable and step.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernel-names';
import { elementwiseProgram, float } from './program';

/** The same data as a flat vector (free on WebGPU): one pipeline per program for every variable's rank. */
const flat = (t: TensorInfo): TensorInfo => ({ ...t, shape: [t.shape.reduce((a, b) => a * b, 1)] });

function adamUpdate(args: {
  inputs: { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };
  backend: WebGPUBackend;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const [value, gradient, m, v] = [inputs.value, inputs.gradient, inputs.m, inputs.v].map(flat) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const shape = value.shape;
  const moment = (key: string, square: boolean, input: TensorInfo, beta: number) => {
    const g = square ? 'grad[index] * grad[index]' : 'grad[index]';
    const program = elementwiseProgram(
      key,
      ['moment', 'grad'],
      shape,
      'beta : f32,',
      `setOutputAtIndex(index, uniforms.beta * moment[index] + (1.0 - uniforms.beta) * ${g});`,
    );
    return backend.runWebGPUProgram(program, [input, gradient], 'float32', [float(beta)]);
  };
  const firstMoment = moment('appAdamFirstMoment', false, m, attrs.beta1);
  const secondMoment = moment('appAdamSecondMoment', true, v, attrs.beta2);
  const valueProgram = elementwiseProgram(
    'appAdamValue',
    ['theta', 'firstMoment', 'secondMoment'],
    shape,
    'learningRate : f32, biasCorrection1 : f32, biasCorrection2 : f32, adamEpsilon : f32,',
    `let mHat = firstMoment[index] / uniforms.biasCorrection1;
     let vHat = secondMoment[index] / uniforms.biasCorrection2;
     setOutputAtIndex(index, theta[index] - uniforms.learningRate * mHat / (sqrt(vHat) + uniforms.adamEpsilon));`,
  );
  const uniforms = [attrs.learningRate, attrs.biasCorrection1, attrs.biasCorrection2, attrs.epsilon].map(float);
  const updated = backend.runWebGPUProgram(valueProgram, [value, firstMoment, secondMoment], 'float32', uniforms);
  // Back to the variable's shape: the engine makes the tensors from these.
  return [updated, firstMoment, secondMoment].map((t) => ({ ...t, shape: inputs.value.shape }));
}

export const webgpuAdamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'webgpu',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
