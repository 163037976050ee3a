/**
 * Checkpoints: everything needed to continue a run exactly, as one plain object that
 * IndexedDB stores in a single `put` (so a checkpoint is written whole or not at all).
 *
 * - weights: the TF.js layers-model artifacts (`modelTopology` + `weightSpecs` + one
 *   `weightData` buffer) — what `indexeddb://` stores and what model.json + weights.bin hold;
 * - Adam: the step count, the β1ᵗ/β2ᵗ products as the optimizer holds them, and both moments
 *   of every trainable variable (in `trainableVariables()` order, which is how Adam indexes them);
 * - the run: its config, position (epoch, batch, shuffle RNG state, running sums) and the
 *   metrics history the charts need.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseNet } from '../model/densenet';
import { FusedAdamOptimizer } from './adam';
import type { RunHistory } from './history';
import type { FineTuneState } from './fineTune';
import type { RunPosition, TrainConfig } from './loop';

export const CHECKPOINT_FORMAT = 'densenet-trainer-checkpoint/1';

/** A layers model as TF.js saves it: topology JSON, weight specs and the weights as one buffer. */
export interface LayersArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export interface OptimizerState {
  learningRate: number;
  /** Adam's step count. */
  iterations: number;
  /**
   * β1ᵗ⁺¹ and β2ᵗ⁺¹ exactly as `tf.train.adam`'s float32 variables hold them: its setWeights
   * recomputes them with pow(), which can differ in the last bit from the repeated products.
   * Null for an optimizer that derives them from the step count.
   */
  accBeta1: number | null;
  accBeta2: number | null;
  /** First moments, then second moments, one per trainable variable. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export interface CheckpointRecord {
  format: typeof CHECKPOINT_FORMAT;
  /** Wall-clock time of the save, ms since 1970. */
  savedAt: number;
  run: TrainConfig;
  position: RunPosition;
  history: RunHistory;
  model: LayersArtifacts;
  optimizer: OptimizerState;
  /** The backend that wrote it (a resumed run uses whichever is available now). */
  backend: string;
  /** Training wall time before this checkpoint, ms. */
  elapsedMs: number;
  /** Present when the weights are a fine-tune on your digits (its position and plan); the run above is the one it started from. */
  fineTune?: FineTuneState;
}

/** Raised instead of writing a checkpoint whose weights are NaN or infinite: the last good one is kept. */
export class NonFiniteWeightsError extends Error {}

/** The model as TF.js layers artifacts (reads every weight from the device: async). */
export async function saveLayersArtifacts(model: tf.LayersModel): Promise<LayersArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData)
    throw new Error('TF.js returned no model artifacts.');
  return {
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs,
    weightData: toArrayBuffer(artifacts.weightData),
  };
}

/** Reads the network and the optimizer into a record. Throws NonFiniteWeightsError for NaN/Inf weights. */
export async function captureCheckpoint(
  net: DenseNet,
  optimizer: tf.Optimizer,
  meta: Pick<CheckpointRecord, 'run' | 'position' | 'history' | 'backend' | 'elapsedMs' | 'fineTune'>,
): Promise<CheckpointRecord> {
  const model = await saveLayersArtifacts(net.model);
  const bad = firstNonFinite(model);
  if (bad)
    throw new NonFiniteWeightsError(
      `The weight ${bad} is not a finite number; the checkpoint was not written and the last good one is kept.`,
    );
  return {
    format: CHECKPOINT_FORMAT,
    savedAt: Date.now(),
    ...meta,
    model,
    optimizer: await captureOptimizer(optimizer, meta.run.learningRate),
  };
}

/** `tf.train.adam`'s running β products (private there; absent in optimizers that derive them from the step). */
interface AdamInternals {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

async function captureOptimizer(optimizer: tf.Optimizer, learningRate: number): Promise<OptimizerState> {
  const [iter, ...moments] = await optimizer.getWeights();
  if (!iter) throw new Error('The optimizer returned no step count.');
  const iterations = (await iter.tensor.data())[0]!;
  iter.tensor.dispose(); // a fresh scalar; the moments are the optimizer's own variables
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  const read = async (variable?: tf.Variable) => (variable ? (await variable.data())[0]! : null);
  const { data, specs } = await tf.io.encodeWeights(moments);
  return {
    learningRate,
    iterations,
    accBeta1: await read(accBeta1),
    accBeta2: await read(accBeta2),
    weightSpecs: specs,
    weightData: data,
  };
}

/** Loads a checkpoint's weights into `net` (built with the same spec); names and shapes must match. */
export function restoreWeights(net: DenseNet, artifacts: LayersArtifacts): void {
  const decoded = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const values = net.model.weights.map((weight) => {
      const value = decoded[weight.originalName];
      if (!value) throw new Error(`The checkpoint has no value for ${weight.originalName}.`);
      if (!tf.util.arraysEqual(value.shape, weight.shape as number[])) {
        throw new Error(
          `The checkpoint's ${weight.originalName} is [${value.shape.join(', ')}]; the model needs [${weight.shape.join(', ')}].`,
        );
      }
      return value;
    });
    net.model.setWeights(values);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/**
 * A new Adam optimizer in exactly the saved state. `create` makes the optimizer: by default
 * the training loop's FusedAdamOptimizer (any with tf.train.adam's getWeights/setWeights
 * layout works).
 */
export async function restoreOptimizer(
  state: OptimizerState,
  create: (learningRate: number) => tf.Optimizer = (lr) => new FusedAdamOptimizer(lr),
): Promise<tf.Optimizer> {
  const optimizer = create(state.learningRate);
  const decoded = tf.io.decodeWeights(state.weightData, state.weightSpecs);
  const iter = tf.scalar(state.iterations, 'int32');
  try {
    await optimizer.setWeights([
      { name: 'iter', tensor: iter },
      ...state.weightSpecs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name]! })),
    ]);
    const internals = optimizer as unknown as AdamInternals;
    if (internals.accBeta1 && state.accBeta1 !== null) internals.accBeta1.assign(tf.scalar(state.accBeta1));
    if (internals.accBeta2 && state.accBeta2 !== null) internals.accBeta2.assign(tf.scalar(state.accBeta2));
  } finally {
    // setWeights wrapped the moments in variables that hold their own references.
    tf.dispose([iter, ...Object.values(decoded)]);
  }
  return optimizer;
}

/** Bytes a record's tensors take (weights + optimizer moments). */
export function checkpointBytes(record: CheckpointRecord): number {
  return record.model.weightData.byteLength + record.optimizer.weightData.byteLength;
}

/** Name and index of the first NaN/Inf among float32 weights, or null. */
function firstNonFinite(artifacts: LayersArtifacts): string | null {
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(artifacts.weightData, offset, count);
      const index = values.findIndex((v) => !Number.isFinite(v));
      if (index >= 0) return `${spec.name}[${index}] = ${values[index]}`;
    }
    offset += count * 4;
  }
  return null;
}

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  return data instanceof ArrayBuffer ? data : new tf.io.CompositeArrayBuffer(data).slice();
}
