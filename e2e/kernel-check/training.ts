/**
 * The reference model's training step three ways, for kernel counts and loss curves:
 *   - 'ours': the app's step (src/train/step.ts: on-device gather, closed-form batch norm,
 *     FusedAdamOptimizer, on-device accumulation) with our GPU kernels registered;
 *   - 'ours-composed': the same step with our kernels unregistered for the backend, so Adam
 *     and batch norm fall back to standard ops;
 *   - 'baseline': the plain tfjs-layers port: the same layers applied with `training: true`
 *     (tfjs-layers batch norm and autodiff), `tf.losses.softmaxCrossEntropy` on the logits and
 *     `tf.train.adam`, on the same on-device batches.
 */
import * as tf from '@tensorflow/tfjs';
import { registerGpuTrainingKernels } from '../../src/backend/gpu-kernels';
import { ADAM_UPDATE, BATCH_NORM_APPLY, BATCH_NORM_GRAD, CHANNEL_MOMENTS } from '../../src/backend/kernel-names';
import { gatherImages, gatherLabels, uploadDataset, PIXELS_PER_IMAGE, type DeviceDataset } from '../../src/data/device';
import { buildDenseNet, REFERENCE_DENSENET, type DenseNet } from '../../src/model/densenet';
import { FusedAdamOptimizer } from '../../src/train/adam';
import { trainStep, zeroAccumulator, disposeAccumulator } from '../../src/train/step';
import { countKernelsAndPrograms } from './measure';

export type StepKind = 'ours' | 'ours-composed' | 'baseline';

const OUR_KERNELS = [ADAM_UPDATE, CHANNEL_MOMENTS, BATCH_NORM_APPLY, BATCH_NORM_GRAD];
const LEARNING_RATE = 1e-3;

/** Random digits-shaped data (`rows` images, labels 0–9) from a seeded generator. */
function syntheticDataset(rows: number, seed: number): DeviceDataset {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) >>> 24;
  const pixels = Uint8Array.from({ length: rows * PIXELS_PER_IMAGE }, next);
  const labels = Uint8Array.from({ length: rows }, () => next() % 10);
  return uploadDataset(pixels, labels, rows, 0, 3);
}

/** The symbolic model's layers run eagerly in training mode, up to the logits (before the softmax layer). */
function plainLogits(model: tf.LayersModel, images: tf.Tensor): tf.Tensor2D {
  const outputs = new Map<string, tf.Tensor>();
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes[0]?.inboundLayers.map((source) => outputs.get(source.name)) ?? [];
    if (inbound.length === 0) outputs.set(layer.name, images);
    else if (layer.name === 'probabilities') return inbound[0] as tf.Tensor2D;
    else
      outputs.set(
        layer.name,
        layer.apply(inbound.length === 1 ? inbound[0]! : (inbound as tf.Tensor[]), { training: true }) as tf.Tensor,
      );
  }
  throw new Error('the model has no layer named probabilities');
}

interface Trainer {
  /** One step on the rows `rows` (int32 [batch]); returns the batch's mean loss (a tensor the caller disposes). */
  step(rows: tf.Tensor1D): tf.Scalar;
  dispose(): void;
}

function makeTrainer(kind: StepKind, net: DenseNet, dataset: DeviceDataset): Trainer {
  if (kind === 'baseline') {
    const optimizer = tf.train.adam(LEARNING_RATE);
    return {
      step: (rows) =>
        tf.tidy(() => {
          const images = gatherImages(dataset, rows);
          const oneHot = tf.oneHot(gatherLabels(dataset, rows), 10);
          return optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(oneHot, plainLogits(net.model, images)) as tf.Scalar,
            true,
          )!;
        }),
      dispose: () => optimizer.dispose(),
    };
  }
  const optimizer = new FusedAdamOptimizer(LEARNING_RATE);
  return {
    step: (rows) => {
      const sums = trainStep(net, optimizer, dataset, rows, zeroAccumulator());
      const loss = tf.div(sums.lossSum, rows.shape[0]) as tf.Scalar;
      disposeAccumulator(sums);
      return loss;
    },
    dispose: () => optimizer.dispose(),
  };
}

/** Runs `work` with our kernels registered (`ours`, `baseline`) or unregistered (`ours-composed`) on `backend`. */
async function withKernels<T>(backend: string, kind: StepKind, work: () => Promise<T>): Promise<T> {
  registerGpuTrainingKernels();
  if (kind === 'ours-composed') for (const name of OUR_KERNELS) tf.unregisterKernel(name, backend);
  try {
    return await work();
  } finally {
    registerGpuTrainingKernels();
  }
}

/** Same seed ⇒ same weights and data for every kind. */
async function session<T>(
  backend: string,
  kind: StepKind,
  batch: number,
  seed: number,
  use: (trainer: Trainer, rowsAt: (step: number) => tf.Tensor1D) => Promise<T>,
): Promise<T> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  return withKernels(backend, kind, async () => {
    const net = buildDenseNet(REFERENCE_DENSENET, seed);
    const dataset = syntheticDataset(batch * 4, seed);
    const trainer = makeTrainer(kind, net, dataset);
    const rowsAt = (step: number) =>
      tf.tensor1d(
        Array.from({ length: batch }, (_, i) => (step * batch + i) % (batch * 4)),
        'int32',
      );
    try {
      return await use(trainer, rowsAt);
    } finally {
      trainer.dispose();
      dataset.dispose();
      net.model.dispose();
    }
  });
}

/** Mean loss of each of `steps` steps, read after every step. */
export async function trainLosses(
  backend: string,
  kind: StepKind,
  steps: number,
  batch: number,
  seed: number,
): Promise<number[]> {
  return session(backend, kind, batch, seed, async (trainer, rowsAt) => {
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) {
      const rows = rowsAt(step);
      const loss = trainer.step(rows);
      losses.push((await loss.data())[0]!);
      tf.dispose([loss, rows]);
    }
    return losses;
  });
}

export interface StepCount {
  backend: string;
  kind: StepKind;
  batch: number;
  /** Engine kernels of one step (after a warm-up step), as tf.profile counts them. */
  kernels: number;
  /** GPU programs that step dispatched (kernels that run no program are free; (un)packing adds some). */
  programs: number;
  /** Kernels per name, most frequent first. */
  byName: [string, number][];
}

/** One step, its loss awaited and every tensor it left freed. */
async function stepAndWait(
  trainer: Trainer,
  rows: tf.Tensor1D,
  wrap: (step: () => tf.Scalar) => tf.Scalar = (step) => step(),
): Promise<void> {
  const loss = wrap(() => trainer.step(rows));
  await loss.data();
  tf.dispose([loss, rows]);
}

/**
 * Counts the kernels and GPU programs of the second training step of `kind` (the first
 * creates the optimizer's state).
 */
export async function countStep(backend: string, kind: StepKind, batch: number): Promise<StepCount> {
  return session(backend, kind, batch, 7, async (trainer, rowsAt) => {
    await stepAndWait(trainer, rowsAt(0));
    let counted: { kernels: string[]; programs: number } = { kernels: [], programs: 0 };
    await stepAndWait(trainer, rowsAt(1), (step) => {
      const { result, ...counts } = countKernelsAndPrograms(step);
      counted = counts;
      return result;
    });
    const byName = new Map<string, number>();
    for (const name of counted.kernels) byName.set(name, (byName.get(name) ?? 0) + 1);
    return {
      backend,
      kind,
      batch,
      kernels: counted.kernels.length,
      programs: counted.programs,
      byName: [...byName].sort((a, b) => b[1] - a[1]),
    };
  });
}
