/**
 * Batch-norm training kernels for WebGPU (maths: src/model/batch-norm.ts). Each per-channel
 * reduction is one dispatch: a workgroup per channel strides over the rows and sums in
 * workgroup memory.
 *   - CHANNEL_MOMENTS: 2 dispatches (mean; variance, which first finds the mean itself and
 *     then sums (x − μ)², so it never subtracts two large sums).
 *   - BATCH_NORM_GRAD: 3 dispatches: dβ = Σdy, dγ = σ⁻¹·Σdy·(x − μ), then elementwise
 *     dx = γσ⁻¹/N · (N·dy − dβ − x̂·dγ).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, type BatchNormGradAttrs } from '../kernel-names';
import { columnPlan } from '../column-plan';
import { channelReduceProgram, elementwiseProgram, forEachRow } from './program';

const epsilonUniform = (epsilon: number) => [{ type: 'float32', data: [epsilon] }];

function channelMoments(args: { inputs: { x: TensorInfo }; backend: WebGPUBackend }): TensorInfo[] {
  const {
    inputs: { x },
    backend,
  } = args;
  const { rows, channels: C } = columnPlan(x.shape);
  const meanBody = `
    var sum = 0.0;
    ${forEachRow(rows, `sum = sum + x[row * ${C} + c];`)}
    let mean = workgroupSum(sum) / ${rows}.0;`;
  const varianceBody = `
    ${meanBody}
    var squares = 0.0;
    ${forEachRow(rows, `let d = x[row * ${C} + c] - mean; squares = squares + d * d;`)}
    let variance = workgroupSum(squares) / ${rows}.0;`;
  const key = `${rows}_${C}`;
  const mean = channelReduceProgram(`appMean_${key}`, ['x'], C, '', `${meanBody} write(c, mean);`);
  const variance = channelReduceProgram(`appVariance_${key}`, ['x'], C, '', `${varianceBody} write(c, variance);`);
  return [backend.runWebGPUProgram(mean, [x], 'float32'), backend.runWebGPUProgram(variance, [x], 'float32')];
}

function batchNormGrad(args: {
  inputs: { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; variance: TensorInfo; gamma: TensorInfo };
  backend: WebGPUBackend;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const {
    inputs: { dy, x, mean, variance, gamma },
    backend,
    attrs,
  } = args;
  const { rows, channels: C } = columnPlan(x.shape);
  const key = `${rows}_${C}`;
  const at = `row * ${C} + c`;
  const dBetaProgram = channelReduceProgram(
    `appDBeta_${key}`,
    ['dy'],
    C,
    '',
    `
    var sum = 0.0;
    ${forEachRow(rows, `sum = sum + dy[${at}];`)}
    let total = workgroupSum(sum);
    write(c, total);`,
  );
  const dGammaProgram = channelReduceProgram(
    `appDGamma_${key}`,
    ['dy', 'x', 'mean', 'variance'],
    C,
    'bnEpsilon : f32,',
    `
    let mu = mean[c];
    var sum = 0.0;
    ${forEachRow(rows, `sum = sum + dy[${at}] * (x[${at}] - mu);`)}
    let total = workgroupSum(sum);
    write(c, total * inverseSqrt(variance[c] + uniforms.bnEpsilon));`,
  );
  const epsilon = epsilonUniform(attrs.epsilon);
  const dBeta = backend.runWebGPUProgram(dBetaProgram, [dy], 'float32');
  const dGamma = backend.runWebGPUProgram(dGammaProgram, [dy, x, mean, variance], 'float32', epsilon);
  const dxProgram = elementwiseProgram(
    `appBatchNormDx_${key}`,
    ['dy', 'x', 'mean', 'variance', 'gamma', 'dBeta', 'dGamma'],
    x.shape,
    'bnEpsilon : f32,',
    `
    let c = index % ${C};
    let invStd = inverseSqrt(variance[c] + uniforms.bnEpsilon);
    let normalized = (x[index] - mean[c]) * invStd;
    let n = ${rows}.0;
    setOutputAtIndex(index, gamma[c] * invStd / n * (n * dy[index] - dBeta[c] - normalized * dGamma[c]));`,
  );
  const dx = backend.runWebGPUProgram(dxProgram, [dy, x, mean, variance, gamma, dBeta, dGamma], 'float32', epsilon);
  return [dx, dGamma, dBeta];
}

export const webgpuChannelMomentsConfig: KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'webgpu',
  kernelFunc: channelMoments as unknown as KernelFunc,
};

export const webgpuBatchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'webgpu',
  kernelFunc: batchNormGrad as unknown as KernelFunc,
};
