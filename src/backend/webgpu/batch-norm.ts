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
 *     dx = γσ⁻¹/N · (N·dy' − dβ − x̂·dγ): 3 dispatches; with the ReLU fused, one more first
 *     makes dy' (dy masked by it).
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
}): TensorInfo {
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
  return shaped(y, inputs.x.shape);
}

/** BATCH_NORM_GRAD's inputs (kernel-names.ts). */
interface GradInputs {
  dy: TensorInfo;
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  gamma: TensorInfo;
  beta: TensorInfo;
}

function batchNormGrad(args: { inputs: GradInputs; backend: WebGPUBackend; attrs: BatchNormGradAttrs }): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = flat(inputs.x);
  const { rows, channels: C } = columnPlan(inputs.x.shape);
  const { mean, variance, gamma } = inputs;
  const epsilon = float(attrs.epsilon);
  // Masked by the ReLU in a dispatch of its own: with it, dx would need nine storage buffers
  // and WebGPU guarantees eight per shader.
  const dy = attrs.relu ? maskByRelu(backend, inputs, C, epsilon) : flat(inputs.dy);
  // Every input bound must be read: the pipeline's layout is derived from the shader, and a
  // binding it does not use makes the whole submit invalid.
  const reduce = (key: string, inputs: TensorInfo[], names: string[], body: string) => {
    const program = channelReduceProgram(key, names, C, 'bnEpsilon : f32,', body);
    return backend.runWebGPUProgram(program, inputs, 'float32', [int(rows), int(C), epsilon]);
  };
  const dBeta = reduce(
    'appDBeta',
    [dy],
    ['dy'],
    `var sum = 0.0;
     ${forEachRow('sum = sum + dy[at];')}
     write(c, workgroupSum(sum));`,
  );
  const names = ['dy', 'x', 'mean', 'variance'];
  const dGamma = reduce(
    'appDGamma',
    [dy, x, mean, variance],
    names,
    `var sum = 0.0;
     ${forEachRow('sum = sum + dy[at] * (x[at] - mean[c]);')}
     write(c, workgroupSum(sum) * inverseSqrt(variance[c] + uniforms.bnEpsilon));`,
  );
  const dxProgram = elementwiseProgram(
    'appBatchNormDx',
    [...names, 'gamma', 'dBeta', 'dGamma'],
    x.shape,
    'channels : i32, rows : i32, bnEpsilon : f32,',
    `let c = index % uniforms.channels;
     let invStd = inverseSqrt(variance[c] + uniforms.bnEpsilon);
     let normalized = (x[index] - mean[c]) * invStd;
     let n = f32(uniforms.rows);
     setOutputAtIndex(index, gamma[c] * invStd / n * (n * dy[index] - dBeta[c] - normalized * dGamma[c]));`,
  );
  const dx = backend.runWebGPUProgram(dxProgram, [dy, x, mean, variance, gamma, dBeta, dGamma], 'float32', [
    int(C),
    int(rows),
    epsilon,
  ]);
  if (attrs.relu) backend.disposeData(dy.dataId);
  return [shaped(dx, inputs.x.shape), dGamma, dBeta];
}

/** dy where the batch norm's output γx̂ + β was positive, else 0 (tf.relu's gradient), flat. */
function maskByRelu(
  backend: WebGPUBackend,
  inputs: GradInputs,
  channels: number,
  epsilon: ReturnType<typeof float>,
): TensorInfo {
  const program = elementwiseProgram(
    'appReluMask',
    ['dy', 'x', 'mean', 'variance', 'gamma', 'beta'],
    flat(inputs.x).shape,
    'channels : i32, bnEpsilon : f32,',
    `let c = index % uniforms.channels;
     setOutputAtIndex(index, select(dy[index], 0.0, outputAt(index, c) <= 0.0));`,
  );
  program.getUserCode = withHelpers(program.getUserCode, NORMALIZED);
  const { dy, x, mean, variance, gamma, beta } = inputs;
  return backend.runWebGPUProgram(program, [dy, x, mean, variance, gamma, beta].map(flat), 'float32', [
    int(channels),
    epsilon,
  ]);
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
