/**
 * Runs each of our GPU kernels on random inputs and compares it with plain TF.js ops on the
 * cpu backend: tf.moments (and tfjs-layers' moving-average update) for CHANNEL_MOMENTS,
 * tf.batchNorm (+ tf.relu) for BATCH_NORM_APPLY, autodiff through tf.moments + tf.batchNorm
 * (+ tf.relu) for BATCH_NORM_GRAD (so the closed form itself is checked, not only its port),
 * and the composed tfjs-style update for ADAM_UPDATE.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ADAM_UPDATE,
  BATCH_NORM_APPLY,
  BATCH_NORM_GRAD,
  CHANNEL_MOMENTS,
  type AdamUpdateAttrs,
} from '../../src/backend/kernel-names';
import { composedUpdate } from '../../src/train/adam';
import { countPrograms, read, relativeError } from './measure';

/** One output of one kernel call on one backend. */
export interface KernelComparison {
  kernel: string;
  backend: string;
  shape: number[];
  output: string;
  /** max |gpu − cpu| / max |cpu| over the output (for Adam's value: over the update θ' − θ). */
  error: number;
  /** GPU programs the kernel call dispatched. */
  programs: number;
}

export const BN_SHAPES = [
  [32, 28, 28, 8],
  [32, 7, 7, 48],
  [3, 5, 7, 13],
  [2, 9, 11, 1],
  [37, 5],
];
export const ADAM_SHAPES = [[3, 3, 16, 4], [128], [3136, 128], [7, 13]];
const EPSILON = 1e-3;

type Inputs = Record<string, Float32Array>;

/** Seeded inputs made on the cpu backend, so every backend sees the same numbers. */
function randomInputs(names: string[], shape: number[], seed: number): Inputs {
  return tf.tidy(() =>
    Object.fromEntries(
      names.map((name, i) => [name, tf.randomNormal(shape, 0, 1, 'float32', seed + i).dataSync() as Float32Array]),
    ),
  );
}

/** Runs `kernel` on `backend` and returns its outputs' values and the programs it dispatched. */
async function runOn(
  backend: string,
  kernel: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: object,
): Promise<{ values: Float64Array[]; programs: number }> {
  await tf.setBackend(backend);
  if (tf.getKernel(kernel, backend) === undefined) throw new Error(`${kernel} is not registered for ${backend}`);
  const tensors = Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => [name, tf.tensor(input.values, input.shape)]),
  );
  // Upload first, as in training (inputs live on the GPU there), so the count is the kernel's own.
  const gpu = tf.backend() as unknown as { uploadToGPU?: (dataId: object) => void };
  for (const tensor of Object.values(tensors)) gpu.uploadToGPU?.(tensor.dataId);
  const { result, programs } = countPrograms(() => {
    const output = tf.engine().runKernel(kernel, tensors, { ...attrs }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(output) ? output : [output];
  });
  const values = await read(result);
  tf.dispose([...result, ...Object.values(tensors)]);
  return { values, programs };
}

async function onCpu(compute: () => tf.Tensor[]): Promise<Float64Array[]> {
  await tf.setBackend('cpu');
  const outputs = tf.tidy(compute);
  const values = await read(outputs);
  tf.dispose(outputs);
  return values;
}

const leadingAxes = (shape: number[]) => shape.slice(0, -1).map((_, axis) => axis);

const MOMENTUM = 0.9;

/** CHANNEL_MOMENTS alone, or with the moving statistics (`kernel` says which in the results). */
async function checkMoments(
  backend: string,
  shape: number[],
  seed: number,
  moving: boolean,
): Promise<KernelComparison[]> {
  await tf.setBackend('cpu');
  // Offset and scaled, so a variance from E[x²] − μ² would lose digits here.
  const x = tf.tidy(
    () => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed), 0.5), 3).dataSync() as Float32Array,
  );
  const channels = shape[shape.length - 1]!;
  const { movingMean, movingVariance } = randomInputs(['movingMean', 'movingVariance'], [channels], seed + 50);
  const movingVariancePositive = movingVariance!.map((value) => value * value);
  const expected = await onCpu(() => {
    const { mean, variance } = tf.moments(tf.tensor(x, shape), leadingAxes(shape));
    if (!moving) return [mean, variance];
    // tfjs-layers: moving ← moving − (moving − batch)·(1 − momentum).
    const update = (old: Float32Array, batch: tf.Tensor) =>
      tf.sub(tf.tensor(old), tf.mul(tf.sub(tf.tensor(old), batch), 1 - MOMENTUM));
    return [mean, variance, update(movingMean!, mean), update(movingVariancePositive, variance)];
  });
  type Input = { values: Float32Array; shape: number[] };
  const inputs: Record<string, Input> = moving
    ? {
        x: { values: x, shape },
        movingMean: { values: movingMean!, shape: [channels] },
        movingVariance: { values: movingVariancePositive, shape: [channels] },
      }
    : { x: { values: x, shape } };
  const actual = await runOn(backend, CHANNEL_MOMENTS, inputs, { momentum: MOMENTUM });
  const outputs = moving ? ['mean', 'variance', 'movingMean', 'movingVariance'] : ['mean', 'variance'];
  return outputs.map((output, i) => ({
    kernel: moving ? `${CHANNEL_MOMENTS}+moving` : CHANNEL_MOMENTS,
    backend,
    shape,
    output,
    error: relativeError(actual.values[i]!, expected[i]!),
    programs: actual.programs,
  }));
}

/** Batch norm with the batch's own statistics, ReLU'd when `relu`. */
function normalizeReference(xIn: tf.Tensor, gammaIn: tf.Tensor, betaIn: tf.Tensor, shape: number[], relu: boolean) {
  const moments = tf.moments(xIn, leadingAxes(shape));
  const y = tf.batchNorm(xIn, moments.mean, moments.variance, betaIn as tf.Tensor1D, gammaIn as tf.Tensor1D, EPSILON);
  return relu ? tf.relu(y) : y;
}

async function checkApply(backend: string, shape: number[], seed: number, relu: boolean): Promise<KernelComparison[]> {
  await tf.setBackend('cpu');
  const channels = shape[shape.length - 1]!;
  const { x } = randomInputs(['x'], shape, seed);
  const { gamma, beta } = randomInputs(['gamma', 'beta'], [channels], seed + 10);
  const [mean, variance] = await onCpu(() => Object.values(tf.moments(tf.tensor(x!, shape), leadingAxes(shape))));
  const [expected] = await onCpu(() => [
    normalizeReference(tf.tensor(x!, shape), tf.tensor(gamma!), tf.tensor(beta!), shape, relu),
  ]);
  const c = [channels];
  const inputs = {
    x: { values: x!, shape },
    mean: { values: Float32Array.from(mean!), shape: c },
    variance: { values: Float32Array.from(variance!), shape: c },
    gamma: { values: gamma!, shape: c },
    beta: { values: beta!, shape: c },
  };
  const actual = await runOn(backend, BATCH_NORM_APPLY, inputs, { epsilon: EPSILON, relu });
  const kernel = relu ? `${BATCH_NORM_APPLY}+relu` : BATCH_NORM_APPLY;
  return [
    {
      kernel,
      backend,
      shape,
      output: 'y',
      error: relativeError(actual.values[0]!, expected!),
      programs: actual.programs,
    },
  ];
}

async function checkBatchNormGrad(
  backend: string,
  shape: number[],
  seed: number,
  relu: boolean,
): Promise<KernelComparison[]> {
  await tf.setBackend('cpu');
  const channels = shape[shape.length - 1]!;
  const { dy, x } = randomInputs(['dy', 'x'], shape, seed);
  const { gamma, beta } = randomInputs(['gamma', 'beta'], [channels], seed + 10);
  const [mean, variance] = await onCpu(() => Object.values(tf.moments(tf.tensor(x!, shape), leadingAxes(shape))));
  const expected = await onCpu(() => {
    const loss = (xIn: tf.Tensor, gammaIn: tf.Tensor, betaIn: tf.Tensor) =>
      tf.sum(tf.mul(normalizeReference(xIn, gammaIn, betaIn, shape, relu), tf.tensor(dy!, shape)));
    return tf.grads(loss)([tf.tensor(x!, shape), tf.tensor(gamma!), tf.tensor(beta!)]);
  });
  const c = [channels];
  const inputs = {
    dy: { values: dy!, shape },
    x: { values: x!, shape },
    mean: { values: Float32Array.from(mean!), shape: c },
    variance: { values: Float32Array.from(variance!), shape: c },
    gamma: { values: gamma!, shape: c },
    beta: { values: beta!, shape: c },
  };
  const actual = await runOn(backend, BATCH_NORM_GRAD, inputs, { epsilon: EPSILON, relu });
  return ['dx', 'dGamma', 'dBeta'].map((output, i) => ({
    kernel: relu ? `${BATCH_NORM_GRAD}+relu` : BATCH_NORM_GRAD,
    backend,
    shape,
    output,
    error: relativeError(actual.values[i]!, expected[i]!),
    programs: actual.programs,
  }));
}

async function checkAdam(backend: string, shape: number[], seed: number): Promise<KernelComparison[]> {
  await tf.setBackend('cpu');
  const { value, gradient, m, v } = randomInputs(['value', 'gradient', 'm', 'v'], shape, seed);
  const vPositive = v!.map((number) => number * number);
  // A large learning rate makes θ' − θ large enough to compare in float32.
  const attrs: AdamUpdateAttrs = {
    learningRate: 0.1,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
    biasCorrection1: 1 - 0.9 ** 3,
    biasCorrection2: 1 - 0.999 ** 3,
  };
  const tensorsOf = () => [value!, gradient!, m!, vPositive].map((values) => tf.tensor(values, shape));
  const expected = await onCpu(() => {
    const [valueT, gradientT, mT, vT] = tensorsOf();
    return composedUpdate(valueT!, gradientT!, mT!, vT!, attrs);
  });
  const inputs = {
    value: { values: value!, shape },
    gradient: { values: gradient!, shape },
    m: { values: m!, shape },
    v: { values: vPositive, shape },
  };
  const actual = await runOn(backend, ADAM_UPDATE, inputs, attrs);
  const update = (values: Float64Array) => values.map((number, i) => number - value![i]!);
  const errors = [
    relativeError(update(actual.values[0]!), update(expected[0]!)),
    ...[1, 2].map((i) => relativeError(actual.values[i]!, expected[i]!)),
  ];
  return ['value', 'm', 'v'].map((output, i) => ({
    kernel: ADAM_UPDATE,
    backend,
    shape,
    output,
    error: errors[i]!,
    programs: actual.programs,
  }));
}

/** Every kernel on every shape on `backend`. */
export async function compareKernels(backend: string): Promise<KernelComparison[]> {
  const results: KernelComparison[] = [];
  for (const [i, shape] of BN_SHAPES.entries()) {
    for (const fused of [false, true])
      results.push(
        ...(await checkMoments(backend, shape, 100 + i, fused)),
        ...(await checkApply(backend, shape, 150 + i, fused)),
        ...(await checkBatchNormGrad(backend, shape, 200 + i, fused)),
      );
  }
  for (const [i, shape] of ADAM_SHAPES.entries()) results.push(...(await checkAdam(backend, shape, 300 + i)));
  return results;
}
