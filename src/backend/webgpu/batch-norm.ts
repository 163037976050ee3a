/**
 * Batch-norm training kernels for WebGPU (maths: src/model/batch-norm.ts). Each per-channel
 * reduction is one dispatch: a workgroup per channel strides over the rows and sums in
 * workgroup memory. Sizes are uniforms and tensors are viewed flat, so each program has one
 * pipeline for every layer.
 *   - CHANNEL_MOMENTS: mean; variance (which first finds the mean itself, then sums
 *     (x − μ)², so it never subtracts two large sums); with the moving statistics given, one
 *     more dispatch each updates them: 2 or 4 dispatches.
 *   - BATCH_NORM_APPLY: y = γ(x − μ)/σ + β, then ReLU if asked: 1 dispatch.
 *   - BATCH_NORM_GRAD: dβ = Σdy', dγ = σ⁻¹·Σdy'·(x − μ), then elementwise
 *     dx = γσ⁻¹/N · (N·dy' − dβ − x̂·dγ), where dy' is dy masked by the ReLU (when fused): 3.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import {
  BATCH_NORM_APPLY,
  BATCH_NORM_GRAD,
  CHANNEL_MOMENTS,
  type BatchNormApplyAttrs,
  type BatchNormGradAttrs,
  type ChannelMomentsAttrs,
} from '../kernel-names';
import { columnPlan } from '../column-plan';
import { channelReduceProgram, elementwiseProgram, float, forEachRow, int } from './program';

/** The same data seen as a flat vector: free on WebGPU, whose buffers are flat. */
const flat = (t: TensorInfo): TensorInfo => ({ ...t, shape: [t.shape.reduce((a, b) => a * b, 1)] });
const shaped = (t: TensorInfo, shape: number[]): TensorInfo => ({ ...t, shape });

/** WGSL: γ(x − μ)/σ + β at flat index `i` of channel `c` (inputs x, mean, variance, gamma, beta). */
const NORMALIZED = `
  fn normalizedAt(i : i32, c : i32) -> f32 {
    return (x[i] - mean[c]) * inverseSqrt(variance[c] + uniforms.bnEpsilon);
  }
  fn outputAt(i : i32, c : i32) -> f32 {
    return normalizedAt(i, c) * gamma[c] + beta[c];
  }`;

/** WGSL: the incoming gradient, zero where the fused ReLU was off (uniforms.relu = 1). */
const MASKED_DY = `
  ${NORMALIZED}
  fn dyAt(i : i32, c : i32) -> f32 {
    if (uniforms.relu == 1 && outputAt(i, c) <= 0.0) { return 0.0; }
    return dy[i];
  }`;

function channelMoments(args: {
  inputs: { x: TensorInfo; movingMean?: TensorInfo; movingVariance?: TensorInfo };
  backend: WebGPUBackend;
  attrs: ChannelMomentsAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = flat(inputs.x);
  const { rows, channels: C } = columnPlan(inputs.x.shape);
  const size = [int(rows), int(C)];
  const meanBody = `
    var sum = 0.0;
    ${forEachRow('sum = sum + x[at];')}
    let mean = workgroupSum(sum) / f32(uniforms.rows);`;
  const varianceBody = `
    ${meanBody}
    var squares = 0.0;
    ${forEachRow('let d = x[at] - mean; squares = squares + d * d;')}
    let variance = workgroupSum(squares) / f32(uniforms.rows);`;
  const meanProgram = channelReduceProgram('appMean', ['x'], C, '', `${meanBody} write(c, mean);`);
  const varianceProgram = channelReduceProgram('appVariance', ['x'], C, '', `${varianceBody} write(c, variance);`);
  const mean = backend.runWebGPUProgram(meanProgram, [x], 'float32', size);
  const variance = backend.runWebGPUProgram(varianceProgram, [x], 'float32', size);
  const { movingMean, movingVariance } = inputs;
  if (!movingMean || !movingVariance) return [mean, variance];
  // As tfjs-layers: moving ← moving − (moving − batch)·(1 − momentum).
  const moving = elementwiseProgram(
    'appMovingAverage',
    ['moving', 'batch'],
    [C],
    'decay : f32,',
    'setOutputAtIndex(index, moving[index] - (moving[index] - batch[index]) * uniforms.decay);',
  );
  const decay = [float(1 - (attrs.momentum ?? 0.99))];
  return [
    mean,
    variance,
    backend.runWebGPUProgram(moving, [movingMean, mean], 'float32', decay),
    backend.runWebGPUProgram(moving, [movingVariance, variance], 'float32', decay),
  ];
}

function batchNormApply(args: {
  inputs: { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  backend: WebGPUBackend;
  attrs: BatchNormApplyAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = flat(inputs.x);
  const { channels: C } = columnPlan(inputs.x.shape);
  const program = elementwiseProgram(
    'appBatchNormApply',
    ['x', 'mean', 'variance', 'gamma', 'beta'],
    x.shape,
    'channels : i32, bnEpsilon : f32, relu : i32,',
    `let y = outputAt(index, index % uniforms.channels);
     setOutputAtIndex(index, select(y, max(y, 0.0), uniforms.relu == 1));`,
  );
  program.getUserCode = withHelpers(program.getUserCode, NORMALIZED);
  const uniforms = [int(C), float(attrs.epsilon), int(attrs.relu ? 1 : 0)];
  const { mean, variance, gamma, beta } = inputs;
  const y = backend.runWebGPUProgram(program, [x, mean, variance, gamma, beta], 'float32', uniforms);
  return [shaped(y, inputs.x.shape)];
}

function batchNormGrad(args: {
  inputs: {
    dy: TensorInfo;
    x: TensorInfo;
    mean: TensorInfo;
    variance: TensorInfo;
    gamma: TensorInfo;
    beta: TensorInfo;
  };
  backend: WebGPUBackend;
  attrs: BatchNormGradAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const [dy, x] = [flat(inputs.dy), flat(inputs.x)];
  const { rows, channels: C } = columnPlan(inputs.x.shape);
  const { mean, variance, gamma, beta } = inputs;
  const names = ['dy', 'x', 'mean', 'variance', 'gamma', 'beta'];
  const common = 'bnEpsilon : f32, relu : i32,';
  const values = [int(rows), int(C), float(attrs.epsilon), int(attrs.relu ? 1 : 0)];
  const reduce = (key: string, body: string) => {
    const program = channelReduceProgram(key, names, C, common, body);
    program.getUserCode = withHelpers(program.getUserCode, MASKED_DY);
    return backend.runWebGPUProgram(program, [dy, x, mean, variance, gamma, beta], 'float32', values);
  };
  const dBeta = reduce(
    'appDBeta',
    `var sum = 0.0;
     ${forEachRow('sum = sum + dyAt(at, c);')}
     write(c, workgroupSum(sum));`,
  );
  const dGamma = reduce(
    'appDGamma',
    `var sum = 0.0;
     ${forEachRow('sum = sum + dyAt(at, c) * (x[at] - mean[c]);')}
     write(c, workgroupSum(sum) * inverseSqrt(variance[c] + uniforms.bnEpsilon));`,
  );
  const dxProgram = elementwiseProgram(
    'appBatchNormDx',
    [...names, 'dBeta', 'dGamma'],
    x.shape,
    `channels : i32, rows : i32, ${common}`,
    `let c = index % uniforms.channels;
     let invStd = inverseSqrt(variance[c] + uniforms.bnEpsilon);
     let n = f32(uniforms.rows);
     setOutputAtIndex(index, gamma[c] * invStd / n * (n * dyAt(index, c) - dBeta[c] - normalizedAt(index, c) * dGamma[c]));`,
  );
  dxProgram.getUserCode = withHelpers(dxProgram.getUserCode, MASKED_DY);
  const dx = backend.runWebGPUProgram(dxProgram, [dy, x, mean, variance, gamma, beta, dBeta, dGamma], 'float32', [
    int(C),
    int(rows),
    float(attrs.epsilon),
    int(attrs.relu ? 1 : 0),
  ]);
  return [shaped(dx, inputs.x.shape), dGamma, dBeta];
}

/** Puts helper functions before a program's `main`. */
function withHelpers(getUserCode: () => string, helpers: string): () => string {
  return () => `${helpers}\n${getUserCode()}`;
}

export const webgpuChannelMomentsConfig: KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'webgpu',
  kernelFunc: channelMoments as unknown as KernelFunc,
};

export const webgpuBatchNormApplyConfig: KernelConfig = {
  kernelName: BATCH_NORM_APPLY,
  backendName: 'webgpu',
  kernelFunc: batchNormApply as unknown as KernelFunc,
};

export const webgpuBatchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'webgpu',
  kernelFunc: batchNormGrad as unknown as KernelFunc,
};
