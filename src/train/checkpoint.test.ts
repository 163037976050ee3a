import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { uploadDataset, type DeviceDataset } from '../data/device';
import { buildDenseNet, REFERENCE_DENSENET, type DenseNet } from '../model/densenet';
import { trainOnWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { FusedAdamOptimizer } from './adam';
import {
  captureCheckpoint,
  checkpointBytes,
  NonFiniteWeightsError,
  restoreOptimizer,
  restoreWeights,
  type CheckpointRecord,
} from './checkpoint';
import { emptyHistory } from './history';
import { train, type EpochReport, type RunPosition, type TrainCallbacks, type TrainConfig } from './loop';
import { trainStep, zeroAccumulator, disposeAccumulator } from './step';

const TRAIN = 64;
const TEST = 32;
const CONFIG: TrainConfig = {
  epochs: 2,
  batchSize: 16,
  trainCount: TRAIN,
  testCount: TEST,
  seed: 7,
  learningRate: 1e-3,
};
const START: RunPosition = { epoch: 1, batchesDone: 0, rngState: 7, lossSum: 0, correct: 0 };

let dataset: DeviceDataset;

/** One optimizer step on fixed rows; returns the batch's mean loss (read back exactly). */
async function step(net: DenseNet, optimizer: tf.Optimizer, first: number): Promise<number> {
  const rows = tf.range(first, first + 16, 1, 'int32') as tf.Tensor1D;
  const accumulator = trainStep(net, optimizer, dataset, rows, zeroAccumulator());
  const [lossSum] = await accumulator.lossSum.data();
  disposeAccumulator(accumulator);
  rows.dispose();
  return lossSum! / 16;
}

async function weightsOf(net: DenseNet): Promise<Float32Array[]> {
  return Promise.all(net.model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** What IndexedDB would hand back: a structured clone. */
async function capture(net: DenseNet, optimizer: tf.Optimizer, position = START): Promise<CheckpointRecord> {
  const record = await captureCheckpoint(net, optimizer, {
    run: CONFIG,
    position,
    history: emptyHistory(),
    backend: 'wasm',
    elapsedMs: 0,
  });
  return structuredClone(record);
}

describe('checkpoints (wasm backend)', () => {
  beforeAll(async () => {
    await trainOnWasm();
    const files = mnistSubset(TRAIN, TEST);
    dataset = uploadDataset(files.pixels, files.labels, TRAIN, TEST, 3);
  });

  test('a round trip restores weights and Adam state exactly: the next steps give the same losses and weights', async () => {
    const original = buildDenseNet(SMALL_DENSENET, 1);
    const optimizer = new FusedAdamOptimizer(1e-3);
    for (let i = 0; i < 3; i++) await step(original, optimizer, i * 16);
    const record = await capture(original, optimizer);
    expect(record.optimizer.iterations).toBe(3);
    const continued = [await step(original, optimizer, 0), await step(original, optimizer, 16)];

    const tensorsBefore = tf.memory().numTensors;
    const restored = buildDenseNet(SMALL_DENSENET, 99); // different initial weights, overwritten
    restoreWeights(restored, record.model);
    const restoredOptimizer = await restoreOptimizer(record.optimizer);
    const resumed = [await step(restored, restoredOptimizer, 0), await step(restored, restoredOptimizer, 16)];
    expect(resumed).toEqual(continued);
    expect(await weightsOf(restored)).toEqual(await weightsOf(original));

    // Control: the same weights with a fresh optimizer diverge at the second step, so the moments matter.
    const fresh = buildDenseNet(SMALL_DENSENET, 99);
    restoreWeights(fresh, record.model);
    const freshOptimizer = new FusedAdamOptimizer(1e-3);
    const freshLosses = [await step(fresh, freshOptimizer, 0), await step(fresh, freshOptimizer, 16)];
    expect(freshLosses[0]).toBe(continued[0]);
    expect(freshLosses[1]).not.toBe(continued[1]);

    for (const o of [optimizer, restoredOptimizer, freshOptimizer]) o.dispose();
    for (const n of [original, fresh]) n.model.dispose();
    restored.model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(tensorsBefore);
  });

  const TUNED: TrainConfig = {
    ...CONFIG,
    learningRate: 3e-3,
    schedule: 'one-cycle',
    weightDecay: 1e-2,
    labelSmoothing: 0.1,
    augment: true,
  };
  test.each([
    ['the seed recipe', CONFIG],
    ['one-cycle, weight decay, smoothing and augmentation', TUNED],
  ])(
    'a run checkpointed mid-way and resumed in a new network ends exactly like the uninterrupted run (%s)',
    async (_name, config) => {
      const quiet = (overrides: Partial<TrainCallbacks> = {}): TrainCallbacks & { epochs: EpochReport[] } => {
        const epochs: EpochReport[] = [];
        return {
          epochs,
          onBatch: () => undefined,
          onEpoch: (r) => epochs.push(r),
          yieldToEvents: () => Promise.resolve(),
          shouldStop: () => false,
          ...overrides,
        };
      };
      const whole = buildDenseNet(SMALL_DENSENET, 2);
      const uninterrupted = quiet();
      await train(whole, dataset, config, uninterrupted);

      // Stop at the first loss read (mid-epoch 1), after writing a checkpoint there.
      const first = buildDenseNet(SMALL_DENSENET, 2);
      let saved: CheckpointRecord | null = null;
      const interrupted = quiet({
        checkpointDue: () => saved === null,
        checkpoint: async (optimizer, position) => {
          saved ??= await capture(first, optimizer, position);
        },
        shouldStop: () => saved !== null,
      });
      expect(await train(first, dataset, config, interrupted)).toBe('stopped');
      const record = saved as CheckpointRecord | null;
      if (!record) throw new Error('no checkpoint was written');
      expect(record.position.epoch).toBe(1);
      expect(record.position.batchesDone).toBeGreaterThan(0);

      const second = buildDenseNet(SMALL_DENSENET, 3);
      restoreWeights(second, record.model);
      const resumed = quiet();
      await train(second, dataset, config, resumed, {
        optimizer: await restoreOptimizer(record.optimizer),
        position: record.position,
      });
      const strip = (e: EpochReport) => [e.epoch, e.loss, e.accuracy, e.testLoss, e.testAccuracy];
      expect(resumed.epochs.map(strip)).toEqual(uninterrupted.epochs.map(strip));
      for (const n of [whole, first, second]) n.model.dispose();
    },
  );

  test('NaN weights are refused, so the last good checkpoint is kept', async () => {
    const net = buildDenseNet(SMALL_DENSENET, 4);
    const optimizer = new FusedAdamOptimizer(1e-3);
    await step(net, optimizer, 0);
    const bias = net.model.getLayer('logits').weights[1]!;
    bias.write(tf.fill([10], NaN));
    await expect(capture(net, optimizer)).rejects.toThrow(NonFiniteWeightsError);
    await expect(capture(net, optimizer)).rejects.toThrow(/logits\/bias\[0\] = NaN/);
    optimizer.dispose();
    net.model.dispose();
  });

  test('the reference model: checkpoint size and capture time', async () => {
    const net = buildDenseNet(REFERENCE_DENSENET, 5);
    const optimizer = new FusedAdamOptimizer(1e-3);
    await step(net, optimizer, 0);
    const started = performance.now();
    const record = await capture(net, optimizer);
    const ms = performance.now() - started;
    // 430,210 weights + 2 × 429,930 Adam moments, float32.
    expect(record.model.weightData.byteLength).toBe(430_210 * 4);
    expect(record.optimizer.weightData.byteLength).toBe(2 * 429_930 * 4);
    console.log(
      `[checkpoint] reference model: ${(checkpointBytes(record) / 1e6).toFixed(2)} MB captured in ${ms.toFixed(0)} ms (wasm backend, Node; IndexedDB write timed in e2e)`,
    );
    optimizer.dispose();
    net.model.dispose();
  });
});
