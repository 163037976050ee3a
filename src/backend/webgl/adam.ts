/**
 * The fused Adam update (`ADAM_UPDATE`, maths in src/train/adam.ts) for WebGL: three
 * elementwise programs per variable — new m, new v, then the new value from those two —
 * instead of the dozen or so kernels `tf.train.adam` dispatches. The step's numbers (learning
 * rate, betas, bias corrections) and the shapes are uniforms, so one shader per rank serves
 * every variable and step.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernel-names';

type Uniforms = NonNullable<GPGPUProgram['customUniforms']>;

const uniform = (name: string): Uniforms[number] => ({ name, type: 'float' });

/** m' = β₁·m + (1−β₁)·g  or  v' = β₂·v + (1−β₂)·g², by `which`. */
function momentProgram(shape: number[], which: 'first' | 'second'): GPGPUProgram {
  const gradient = which === 'first' ? 'getGradAtOutCoords()' : 'getGradAtOutCoords() * getGradAtOutCoords()';
  return {
    variableNames: ['moment', 'grad'],
    outputShape: shape,
    enableShapeUniforms: true,
    customUniforms: [uniform('beta')],
    userCode: `void main() { setOutput(beta * getMomentAtOutCoords() + (1.0 - beta) * ${gradient}); }`,
  };
}

/** θ' = θ − lr·(m'/c₁) / (√(v'/c₂) + ε) from the new moments. */
function valueProgram(shape: number[]): GPGPUProgram {
  return {
    variableNames: ['param', 'firstMoment', 'secondMoment'],
    outputShape: shape,
    enableShapeUniforms: true,
    customUniforms: ['learningRate', 'biasCorrection1', 'biasCorrection2', 'adamEpsilon'].map(uniform),
    userCode: `void main() {
      float mHat = getFirstMomentAtOutCoords() / biasCorrection1;
      float vHat = getSecondMomentAtOutCoords() / biasCorrection2;
      setOutput(getParamAtOutCoords() - learningRate * mHat / (sqrt(vHat) + adamEpsilon));
    }`,
  };
}

function adamUpdate(args: {
  inputs: { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };
  backend: MathBackendWebGL;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const {
    inputs: { value, gradient, m, v },
    backend,
    attrs,
  } = args;
  const firstMoment = backend.compileAndRun(momentProgram(value.shape, 'first'), [m, gradient], 'float32', [
    [attrs.beta1],
  ]);
  const secondMoment = backend.compileAndRun(momentProgram(value.shape, 'second'), [v, gradient], 'float32', [
    [attrs.beta2],
  ]);
  const uniforms = [attrs.learningRate, attrs.biasCorrection1, attrs.biasCorrection2, attrs.epsilon].map((number) => [
    number,
  ]);
  const updated = backend.compileAndRun(
    valueProgram(value.shape),
    [value, firstMoment, secondMoment],
    'float32',
    uniforms,
  );
  return [updated, firstMoment, secondMoment];
}

export const webglAdamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'webgl',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
