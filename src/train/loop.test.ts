import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { uploadDataset, type DeviceDataset } from '../data/device';
import { buildDenseNet } from '../model/densenet';
import { SMALL_DENSENET as SMALL } from '../test-support/small-densenet';
import { mnistSubset } from '../test-support/mnist';
import { trainOnWasm } from '../test-support/backends';
import { evaluate, train, type BatchReport, type EpochReport, type TrainCallbacks, type TrainConfig } from './loop';
import { learningRateAt } from '../shared/schedule';

const TRAIN = 128;
const TEST = 64;

function recorder(stopAfterReports = Infinity) {
  const batches: BatchReport[] = [];
  const epochs: EpochReport[] = [];
  const tensorCounts: number[] = [];
  const callbacks: TrainCallbacks = {
    onBatch: (report) => {
      batches.push(report);
      tensorCounts.push(tf.memory().numTensors);
    },
    onEpoch: (report) => epochs.push(report),
    yieldToEvents: () => Promise.resolve(),
    shouldStop: () => batches.length >= stopAfterReports,
  };
  return { batches, epochs, tensorCounts, callbacks };
}

describe('training loop (wasm backend, real MNIST digits)', () => {
  let dataset: DeviceDataset;
  beforeAll(async () => {
    await trainOnWasm();
    const files = mnistSubset(TRAIN, TEST);
    dataset = uploadDataset(files.pixels, files.labels, TRAIN, TEST, 3);
  });

  test('learns: two epochs lower the loss, report every batch position, and leak no tensors', async () => {
    const net = buildDenseNet(SMALL, 1);
    const before = await evaluate(net, dataset, TEST, {
      yieldToEvents: () => Promise.resolve(),
      shouldStop: () => false,
    });
    const { batches, epochs, tensorCounts, callbacks } = recorder();
    const tensorsBefore = tf.memory().numTensors;
    const outcome = await train(
      net,
      dataset,
      { epochs: 2, batchSize: 32, trainCount: TRAIN, testCount: TEST, seed: 5, learningRate: 1e-3 },
      callbacks,
    );

    expect(outcome).toBe('completed');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // The last report of each epoch is its final batch.
    expect(batches.filter((b) => b.batch === 4).map((b) => b.epoch)).toEqual([1, 2]);
    expect(epochs[1]!.loss).toBeLessThan(epochs[0]!.loss);
    if (before === 'stopped') throw new Error('unexpected stop');
    expect(epochs[1]!.testLoss).toBeLessThan(before.loss);
    expect(epochs[1]!.testAccuracy).toBeGreaterThan(before.accuracy);
    for (const e of epochs) expect([e.loss, e.accuracy, e.testLoss, e.testAccuracy].every(Number.isFinite)).toBe(true);
    // Flat across steps: every read sees the same number of live tensors (weights, Adam moments, dataset, accumulators).
    expect(new Set(tensorCounts.slice(1)).size).toBe(1);
    // And nothing is left behind once the run ends (Adam's slots are disposed with the optimizer).
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    net.model.dispose();
  });

  test('the same seed gives the same losses; Stop ends the run early', async () => {
    const runOnce = async (stopAfter: number) => {
      const net = buildDenseNet(SMALL, 2);
      const record = recorder(stopAfter);
      const outcome = await train(
        net,
        dataset,
        { epochs: 1, batchSize: 32, trainCount: 96, testCount: 32, seed: 9, learningRate: 1e-3 },
        record.callbacks,
      );
      net.model.dispose();
      return { outcome, losses: record.batches.map((b) => b.loss) };
    };
    const first = await runOnce(2);
    const second = await runOnce(2);
    expect(first.outcome).toBe('stopped');
    expect(first.losses).toHaveLength(2);
    expect(second.losses).toEqual(first.losses);
  });

  test("the recipe: the schedule sets each step's rate, and seeded augmentation is reproducible and changes the batches", async () => {
    const base = { epochs: 2, batchSize: 32, trainCount: 64, testCount: 32, seed: 11, learningRate: 2e-3 };
    const runOnce = async (extra: Partial<TrainConfig>) => {
      const net = buildDenseNet(SMALL, 3);
      const record = recorder();
      const tensorsBefore = tf.memory().numTensors;
      await train(net, dataset, { ...base, ...extra }, record.callbacks);
      net.model.dispose();
      expect(tf.memory().numTensors).toBeLessThan(tensorsBefore);
      return record.batches;
    };
    const constant = await runOnce({});
    expect(new Set(constant.map((b) => b.learningRate))).toEqual(new Set([2e-3]));

    const cosine = await runOnce({ schedule: 'cosine' });
    // 4 steps in all; the report after step s (0-based) carries learningRateAt(cosine, 2e-3, s, 4).
    for (const report of cosine) {
      const step = (report.epoch - 1) * report.batchesPerEpoch + report.batch - 1;
      expect(report.learningRate).toBeCloseTo(learningRateAt('cosine', 2e-3, step, 4), 12);
    }
    expect(cosine.map((b) => b.loss)).not.toEqual(constant.map((b) => b.loss));

    const augmented = await runOnce({ augment: true });
    const again = await runOnce({ augment: true });
    expect(augmented.map((b) => b.loss)).toEqual(again.map((b) => b.loss));
    expect(augmented[0]!.loss).not.toBe(constant[0]!.loss);
    expect(augmented.every((b) => Number.isFinite(b.loss))).toBe(true);
  });
});
