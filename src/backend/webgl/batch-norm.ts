/**
 * Batch-norm training kernels for WebGL (maths: src/model/batch-norm.ts). WebGL has no
 * workgroup memory, so each per-channel reduction is two passes (src/backend/column-plan.ts):
 * a `[groups, 2C]` program where one thread reduces one group of rows for one statistic, then
 * `[C]` programs that combine the groups. Sizes are uniforms, so each program compiles once
 * per rank, not once per layer.
 *   - CHANNEL_MOMENTS: 3 programs (groups hold their mean and Σ(x − mean_g)², combined with
 *     Chan's formula, so the variance never subtracts two large sums); 5 with the moving
 *     statistics, each updated from the groups as tfjs-layers does.
 *   - BATCH_NORM_APPLY: 1 program, y = γ(x − μ)/σ + β, ReLU'd if asked.
 *   - BATCH_NORM_GRAD: 4 programs. Groups hold Σdy' and Σdy'·(x − μ) (dy' is dy masked by the
 *     fused ReLU); dβ and dγ combine them; one elementwise program writes
 *     dx = γσ⁻¹/N · (N·dy' − dβ − x̂·dγ).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import {
  BATCH_NORM_APPLY,
  BATCH_NORM_GRAD,
  CHANNEL_MOMENTS,
  type BatchNormApplyAttrs,
  type BatchNormGradAttrs,
  type ChannelMomentsAttrs,
} from '../kernel-names';
import { columnPlan } from '../column-plan';
import { channelCoordinate, coordsType, rowReader, SIZE_UNIFORMS, sizeValues } from './glsl';

type Uniforms = NonNullable<GPGPUProgram['customUniforms']>;

const uniform = (name: string, type: 'int' | 'float' = 'float'): Uniforms[number] => ({ name, type });
const BN_UNIFORMS: Uniforms = [...SIZE_UNIFORMS, uniform('bnEpsilon'), uniform('bnRelu', 'int')];

/** `int groupCount(int g)`: rows in group g (the last group may be short). */
const GROUP_COUNT = 'int groupCount(int g) { return min(bnGroupRows, bnRows - g * bnGroupRows); }';

/** GLSL: x̂ and the batch norm's output at (row, c) or at the output's coordinates, for the ReLU mask. */
const NORMALIZE = `
  float normalizedOf(float x, int c) { return (x - getMean(c)) * inversesqrt(getVariance(c) + bnEpsilon); }
  float maskedDy(float dy, float x, int c) {
    return bnRelu == 1 && normalizedOf(x, c) * getGamma(c) + getBeta(c) <= 0.0 ? 0.0 : dy;
  }`;

/**
 * First pass over `[groups, 2C]`: column j < C gets statistic 0 of channel j over the group's
 * rows, column C + j statistic 1. `body` sees `row`, `c`, `stat` and adds to `sum`.
 */
function groupProgram(
  variableNames: string[],
  rank: number,
  uniforms: Uniforms,
  prologue: string,
  body: string,
): GPGPUProgram {
  return {
    variableNames,
    outputShape: [1, 1],
    enableShapeUniforms: true,
    customUniforms: uniforms,
    userCode: `
      ${variableNames
        .filter((name) => name === 'x' || name === 'dy')
        .map((name) => rowReader(name, rank))
        .join('\n')}
      ${GROUP_COUNT}
      ${variableNames.includes('gamma') ? NORMALIZE : ''}
      void main() {
        ivec2 coords = getOutputCoords();
        int stat = coords.y / bnChannels;
        int c = coords.y - stat * bnChannels;
        int start = coords.x * bnGroupRows;
        int count = groupCount(coords.x);
        ${prologue}
        float sum = 0.0;
        for (int k = 0; k < count; k++) {
          int row = start + k;
          ${body}
        }
        setOutput(sum);
      }`,
  };
}

function run(
  backend: MathBackendWebGL,
  program: GPGPUProgram,
  outputShape: number[],
  inputs: TensorInfo[],
  values: number[][],
): TensorInfo {
  return backend.compileAndRun({ ...program, outputShape }, inputs, 'float32', values);
}

/** Group means (stat 0) and Σ(x − group mean)² (stat 1); the latter reads its rows twice. */
function momentGroups(rank: number): GPGPUProgram {
  const prologue = `
    float groupMean = 0.0;
    for (int k = 0; k < count; k++) groupMean += readX(start + k, c);
    groupMean /= float(count);
    if (stat == 0) { setOutput(groupMean); return; }`;
  return groupProgram(['x'], rank, SIZE_UNIFORMS, prologue, 'float d = readX(row, c) - groupMean; sum += d * d;');
}

/** GLSL: the mean and the biased variance of channel c from momentGroups (Chan et al.). */
const COMBINE_MOMENTS = `
  ${GROUP_COUNT}
  float meanOf(int c) {
    float total = 0.0;
    for (int g = 0; g < bnGroups; g++) total += float(groupCount(g)) * getGroups(g, c);
    return total / float(bnRows);
  }
  float varianceOf(int c, float mean) {
    float m2 = 0.0;
    for (int g = 0; g < bnGroups; g++) {
      float d = getGroups(g, c) - mean;
      m2 += getGroups(g, bnChannels + c) + float(groupCount(g)) * d * d;
    }
    return m2 / float(bnRows);
  }`;

/** `[C]`: the mean (bnWhich 0) or variance (1); with `moving` given, that moving statistic updated towards it. */
function momentsFinal(moving: boolean): GPGPUProgram {
  const statistic = 'bnWhich == 0 ? mean : varianceOf(c, mean)';
  return {
    variableNames: moving ? ['groups', 'moving'] : ['groups'],
    outputShape: [1],
    enableShapeUniforms: true,
    customUniforms: [...SIZE_UNIFORMS, uniform('bnWhich', 'int'), uniform('bnDecay')],
    userCode: `
      ${COMBINE_MOMENTS}
      void main() {
        int c = getOutputCoords();
        float mean = meanOf(c);
        float batch = ${statistic};
        ${moving ? 'float old = getMoving(c); setOutput(old - (old - batch) * bnDecay);' : 'setOutput(batch);'}
      }`,
  };
}

function channelMoments(args: {
  inputs: { x: TensorInfo; movingMean?: TensorInfo; movingVariance?: TensorInfo };
  backend: MathBackendWebGL;
  attrs: ChannelMomentsAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { x, movingMean, movingVariance } = inputs;
  const plan = columnPlan(x.shape);
  const sizes = sizeValues(x.shape, plan);
  const C = [plan.channels];
  const groups = run(backend, momentGroups(x.shape.length), [plan.groups, 2 * plan.channels], [x], sizes);
  const decay = [1 - (attrs.momentum ?? 0.99)];
  const final = (which: number, moving?: TensorInfo) =>
    run(backend, momentsFinal(moving !== undefined), C, moving ? [groups, moving] : [groups], [
      ...sizes,
      [which],
      decay,
    ]);
  const outputs = [final(0), final(1)];
  if (movingMean && movingVariance) outputs.push(final(0, movingMean), final(1, movingVariance));
  backend.disposeIntermediateTensorInfo(groups);
  return outputs;
}

/** One thread per element of x's shape, with `coords`, its channel `c` and NORMALIZE's helpers; `body` sets the output. */
function perElement(variableNames: string[], rank: number, body: string): GPGPUProgram {
  return {
    variableNames,
    outputShape: [1],
    enableShapeUniforms: true,
    customUniforms: BN_UNIFORMS,
    userCode: `
      ${NORMALIZE}
      void main() {
        ${coordsType(rank)} coords = getOutputCoords();
        int c = ${channelCoordinate(rank)};
        ${body}
      }`,
  };
}

/** y = γ(x − μ)/σ + β, then ReLU if bnRelu, elementwise over x's shape. */
function applyProgram(rank: number): GPGPUProgram {
  return perElement(
    ['x', 'mean', 'variance', 'gamma', 'beta'],
    rank,
    `float y = normalizedOf(getXAtOutCoords(), c) * getGamma(c) + getBeta(c);
     setOutput(bnRelu == 1 ? max(y, 0.0) : y);`,
  );
}

/** The inputs of BATCH_NORM_APPLY, and BATCH_NORM_GRAD's besides dy (kernel-names.ts). */
interface BatchNormInputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  gamma: TensorInfo;
  beta: TensorInfo;
}

function batchNormApply(args: {
  inputs: BatchNormInputs;
  backend: MathBackendWebGL;
  attrs: BatchNormApplyAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, mean, variance, gamma, beta } = inputs;
  const values = [...sizeValues(x.shape, columnPlan(x.shape)), [attrs.epsilon], [attrs.relu ? 1 : 0]];
  return run(backend, applyProgram(x.shape.length), x.shape, [x, mean, variance, gamma, beta], values);
}

/** Per group: Σdy' (stat 0) and Σdy'·(x − μ) (stat 1). */
function gradientGroups(rank: number): GPGPUProgram {
  const body = `
    float x = readX(row, c);
    float gradient = maskedDy(readDy(row, c), x, c);
    sum += stat == 0 ? gradient : gradient * (x - getMean(c));`;
  return groupProgram(['dy', 'x', 'mean', 'variance', 'gamma', 'beta'], rank, BN_UNIFORMS, '', body);
}

/** dβ = Σ_g Σdy' (bnWhich 0), or dγ = σ⁻¹ · Σ_g Σdy'·(x − μ) (1), `[C]`. */
function gradientFinal(): GPGPUProgram {
  return {
    variableNames: ['groups', 'variance'],
    outputShape: [1],
    enableShapeUniforms: true,
    customUniforms: [...BN_UNIFORMS, uniform('bnWhich', 'int')],
    userCode: `
      void main() {
        int c = getOutputCoords();
        float total = 0.0;
        for (int g = 0; g < bnGroups; g++) total += getGroups(g, bnWhich * bnChannels + c);
        setOutput(bnWhich == 0 ? total : total * inversesqrt(getVariance(c) + bnEpsilon));
      }`,
  };
}

/** dx = γσ⁻¹/N · (N·dy' − dβ − x̂·dγ), elementwise over x's shape. */
function gradientDx(rank: number): GPGPUProgram {
  return perElement(
    ['dy', 'x', 'mean', 'variance', 'gamma', 'beta', 'dBeta', 'dGamma'],
    rank,
    `float x = getXAtOutCoords();
     float invStd = inversesqrt(getVariance(c) + bnEpsilon);
     float n = float(bnRows);
     float dy = maskedDy(getDyAtOutCoords(), x, c);
     setOutput(getGamma(c) * invStd / n * (n * dy - getDBeta(c) - normalizedOf(x, c) * getDGamma(c)));`,
  );
}

function batchNormGrad(args: {
  inputs: BatchNormInputs & { dy: TensorInfo };
  backend: MathBackendWebGL;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { dy, x, mean, variance, gamma, beta } = inputs;
  const plan = columnPlan(x.shape);
  const values = [...sizeValues(x.shape, plan), [attrs.epsilon], [attrs.relu ? 1 : 0]];
  const all = [dy, x, mean, variance, gamma, beta];
  const groups = run(backend, gradientGroups(x.shape.length), [plan.groups, 2 * plan.channels], all, values);
  const C = [plan.channels];
  const dGamma = run(backend, gradientFinal(), C, [groups, variance], [...values, [1]]);
  const dBeta = run(backend, gradientFinal(), C, [groups, variance], [...values, [0]]);
  backend.disposeIntermediateTensorInfo(groups);
  const dx = run(backend, gradientDx(x.shape.length), x.shape, [...all, dBeta, dGamma], values);
  return [dx, dGamma, dBeta];
}

export const webglChannelMomentsConfig: KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'webgl',
  kernelFunc: channelMoments as unknown as KernelFunc,
};

export const webglBatchNormApplyConfig: KernelConfig = {
  kernelName: BATCH_NORM_APPLY,
  backendName: 'webgl',
  kernelFunc: batchNormApply as unknown as KernelFunc,
};

export const webglBatchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'webgl',
  kernelFunc: batchNormGrad as unknown as KernelFunc,
};
