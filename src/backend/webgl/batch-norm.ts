/**
 * Batch-norm training kernels for WebGL (maths: src/model/batch-norm.ts). WebGL has no
 * workgroup memory, so each per-channel reduction is two passes (src/backend/column-plan.ts):
 * a `[groups, 2C]` program where one thread reduces one group of rows for one statistic, then
 * one `[C]` program per output that combines the groups.
 *   - CHANNEL_MOMENTS: 3 programs. Groups hold their mean and Σ(x − mean_g)², combined with
 *     Chan's formula, so the variance never subtracts two large sums (E[x²] − μ² would).
 *   - BATCH_NORM_GRAD: 4 programs. Groups hold Σdy and Σdy·(x − μ); dβ and dγ combine them;
 *     one elementwise program writes dx = γσ⁻¹/N · (N·dy − dβ − x̂·dγ).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { BATCH_NORM_GRAD, CHANNEL_MOMENTS, type BatchNormGradAttrs } from '../kernel-names';
import { columnPlan, type ColumnPlan } from '../column-plan';
import { channelCoordinate, coordsType, rowReader } from './glsl';

const EPSILON_UNIFORM = [{ name: 'bnEpsilon', type: 'float' as const }];

/** `int groupCount(int g)`: rows in group g (the last group may be short). */
const groupCount = (plan: ColumnPlan) =>
  `int groupCount(int g) { return min(${plan.groupRows}, ${plan.rows} - g * ${plan.groupRows}); }`;

/**
 * First pass over `[groups, 2C]`: column j < C gets statistic `first` of channel j over the
 * group's rows, column C + j statistic `second`. `body` sees `row`, `c`, `stat` and adds to `sum`.
 */
function groupProgram(
  variableNames: string[],
  shape: number[],
  plan: ColumnPlan,
  prologue: string,
  body: string,
): GPGPUProgram {
  return {
    variableNames,
    outputShape: [plan.groups, 2 * plan.channels],
    userCode: `
      ${variableNames
        .filter((name) => name === 'x' || name === 'dy')
        .map((name) => rowReader(name, shape))
        .join('\n')}
      ${groupCount(plan)}
      void main() {
        ivec2 coords = getOutputCoords();
        int stat = coords.y / ${plan.channels};
        int c = coords.y - stat * ${plan.channels};
        int start = coords.x * ${plan.groupRows};
        int count = groupCount(coords.x);
        ${prologue}
        float sum = 0.0;
        for (int k = 0; k < ${plan.groupRows}; k++) {
          if (k >= count) break;
          int row = start + k;
          ${body}
        }
        setOutput(sum);
      }`,
  };
}

/** Group means (stat 0) and Σ(x − group mean)² (stat 1); the latter reads its rows twice. */
function momentGroups(shape: number[], plan: ColumnPlan): GPGPUProgram {
  const prologue = `
    float groupMean = 0.0;
    for (int k = 0; k < ${plan.groupRows}; k++) {
      if (k >= count) break;
      groupMean += readX(start + k, c);
    }
    groupMean /= float(count);
    if (stat == 0) { setOutput(groupMean); return; }`;
  return groupProgram(['x'], shape, plan, prologue, 'float d = readX(row, c) - groupMean; sum += d * d;');
}

/** Combines momentGroups into the mean or the biased variance `[C]` (Chan et al.). */
function momentsFinal(plan: ColumnPlan, output: 'mean' | 'variance'): GPGPUProgram {
  const variance = `
    float m2 = 0.0;
    for (int g = 0; g < ${plan.groups}; g++) {
      float d = getGroups(g, c) - mean;
      m2 += getGroups(g, ${plan.channels} + c) + float(groupCount(g)) * d * d;
    }
    setOutput(m2 / ${plan.rows}.0);`;
  return {
    variableNames: ['groups'],
    outputShape: [plan.channels],
    userCode: `
      ${groupCount(plan)}
      void main() {
        int c = getOutputCoords();
        float total = 0.0;
        for (int g = 0; g < ${plan.groups}; g++) total += float(groupCount(g)) * getGroups(g, c);
        float mean = total / ${plan.rows}.0;
        ${output === 'mean' ? 'setOutput(mean);' : variance}
      }`,
  };
}

function channelMoments(args: { inputs: { x: TensorInfo }; backend: MathBackendWebGL }): TensorInfo[] {
  const {
    inputs: { x },
    backend,
  } = args;
  const plan = columnPlan(x.shape);
  const groups = backend.compileAndRun(momentGroups(x.shape, plan), [x], 'float32');
  const outputs = (['mean', 'variance'] as const).map((output) =>
    backend.compileAndRun(momentsFinal(plan, output), [groups], 'float32'),
  );
  backend.disposeIntermediateTensorInfo(groups);
  return outputs;
}

/** Per group: Σdy (stat 0) and Σdy·(x − μ) (stat 1). */
function gradientGroups(shape: number[], plan: ColumnPlan): GPGPUProgram {
  const body =
    'float gradient = readDy(row, c); sum += stat == 0 ? gradient : gradient * (readX(row, c) - getMean(c));';
  return groupProgram(['dy', 'x', 'mean'], shape, plan, '', body);
}

/** dβ = Σ_g Σdy, or dγ = σ⁻¹ · Σ_g Σdy·(x − μ), `[C]`. */
function gradientFinal(plan: ColumnPlan, output: 'dGamma' | 'dBeta'): GPGPUProgram {
  const isBeta = output === 'dBeta';
  const column = isBeta ? 'c' : `${plan.channels} + c`;
  const scale = isBeta ? '1.0' : 'inversesqrt(getVariance(c) + bnEpsilon)';
  return {
    variableNames: isBeta ? ['groups'] : ['groups', 'variance'],
    outputShape: [plan.channels],
    ...(isBeta ? {} : { customUniforms: EPSILON_UNIFORM }),
    userCode: `
      void main() {
        int c = getOutputCoords();
        float total = 0.0;
        for (int g = 0; g < ${plan.groups}; g++) total += getGroups(g, ${column});
        setOutput(total * ${scale});
      }`,
  };
}

/** dx = γσ⁻¹/N · (N·dy − dβ − x̂·dγ), elementwise over x's shape. */
function gradientDx(shape: number[], plan: ColumnPlan): GPGPUProgram {
  return {
    variableNames: ['dy', 'x', 'mean', 'variance', 'gamma', 'dBeta', 'dGamma'],
    outputShape: shape,
    customUniforms: EPSILON_UNIFORM,
    userCode: `
      void main() {
        ${coordsType(shape.length)} coords = getOutputCoords();
        int c = ${channelCoordinate(shape.length)};
        float invStd = inversesqrt(getVariance(c) + bnEpsilon);
        float normalized = (getXAtOutCoords() - getMean(c)) * invStd;
        float n = ${plan.rows}.0;
        setOutput(getGamma(c) * invStd / n * (n * getDyAtOutCoords() - getDBeta(c) - normalized * getDGamma(c)));
      }`,
  };
}

function batchNormGrad(args: {
  inputs: { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; variance: TensorInfo; gamma: TensorInfo };
  backend: MathBackendWebGL;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const {
    inputs: { dy, x, mean, variance, gamma },
    backend,
    attrs,
  } = args;
  const plan = columnPlan(x.shape);
  const epsilon = [[attrs.epsilon]];
  const groups = backend.compileAndRun(gradientGroups(x.shape, plan), [dy, x, mean], 'float32');
  const dGamma = backend.compileAndRun(gradientFinal(plan, 'dGamma'), [groups, variance], 'float32', epsilon);
  const dBeta = backend.compileAndRun(gradientFinal(plan, 'dBeta'), [groups], 'float32');
  backend.disposeIntermediateTensorInfo(groups);
  const dx = backend.compileAndRun(
    gradientDx(x.shape, plan),
    [dy, x, mean, variance, gamma, dBeta, dGamma],
    'float32',
    epsilon,
  );
  return [dx, dGamma, dBeta];
}

export const webglChannelMomentsConfig: KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'webgl',
  kernelFunc: channelMoments as unknown as KernelFunc,
};

export const webglBatchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'webgl',
  kernelFunc: batchNormGrad as unknown as KernelFunc,
};
