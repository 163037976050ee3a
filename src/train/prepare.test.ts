import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { uploadDataset, type DeviceDataset } from '../data/device';
import { buildDenseNet } from '../model/densenet';
import { readyWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { train, type EpochReport, type TrainConfig } from './loop';
import { prepareMode, prepareRun, type PrepareProgress } from './prepare';

const CONFIG: TrainConfig = {
  epochs: 2,
  batchSize: 16,
  trainCount: 32,
  testCount: 16,
  seed: 7,
  learningRate: 1e-3,
};

let dataset: DeviceDataset;

async function weightValues(variables: tf.Variable[]): Promise<Float32Array[]> {
  return Promise.all(variables.map(async (variable) => Float32Array.from(await variable.data())));
}

/** Trains CONFIG from seeded weights; `between` runs after the first epoch's checkpoint point, with the run paused there. */
async function run(between?: (state: { weights: tf.Variable[]; optimizer: tf.Optimizer }) => Promise<void>) {
  const net = buildDenseNet(SMALL_DENSENET, 5);
  const epochs: Omit<EpochReport, 'trainMs' | 'evalMs'>[] = [];
  await train(net, dataset, CONFIG, {
    onBatch: () => undefined,
    onEpoch: ({ trainMs: _t, evalMs: _e, ...report }) => epochs.push(report),
    yieldToEvents: () => Promise.resolve(),
    shouldStop: () => false,
    checkpoint: async (optimizer, position) => {
      if (position.epoch === 2 && position.batchesDone === 0)
        await between?.({ weights: net.model.weights.map((w) => w.read() as tf.Variable), optimizer });
    },
  });
  const weights = await weightValues(net.model.weights.map((w) => w.read() as tf.Variable));
  net.model.dispose();
  return { epochs, weights };
}

async function optimizerValues(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const named = await optimizer.getWeights();
  return Promise.all(named.map(async ({ tensor }) => Float32Array.from(await tensor.data())));
}

describe('preparing a run', () => {
  beforeAll(async () => {
    await readyWasm();
    await tf.setBackend('wasm');
    const { pixels, labels, manifest } = mnistSubset(CONFIG.trainCount, CONFIG.testCount);
    dataset = uploadDataset(pixels, labels, manifest.trainCount, manifest.testCount, 3);
  });

  afterEach(() => vi.restoreAllMocks());

  test('on wasm, in the middle of a run, leaves the weights, Adam, the shuffle and the metrics as they were', async () => {
    expect(prepareMode('wasm')).toBe('real-step');
    const plain = await run();
    const progress: PrepareProgress[] = [];
    const prepared = await run(async ({ weights, optimizer }) => {
      const [weightsBefore, adamBefore] = [await weightValues(weights), await optimizerValues(optimizer)];
      const random = vi.spyOn(Math, 'random');
      const report = await prepareRun(
        {
          scratchNet: () => buildDenseNet(SMALL_DENSENET, 0),
          inferenceNet: buildDenseNet(SMALL_DENSENET, 0),
          dataset,
          batchSize: CONFIG.batchSize,
          testCount: CONFIG.testCount,
          predict: true,
          step: { ...CONFIG, augment: true, labelSmoothing: 0.1 },
        },
        (p) => progress.push(p),
      );
      expect(report.mode).toBe('real-step');
      // No draw from the global generator (the shuffle is seeded per run, but nothing may consume randomness).
      expect(random).not.toHaveBeenCalled();
      expect(await weightValues(weights)).toEqual(weightsBefore);
      expect(await optimizerValues(optimizer)).toEqual(adamBefore);
    });
    expect(progress).toEqual([{ stage: 'warming' }]);
    // The run continues exactly as if nothing had happened: same epochs, same final weights.
    expect(prepared.epochs).toEqual(plain.epochs);
    expect(prepared.weights).toEqual(plain.weights);
    expect(plain.epochs).toHaveLength(2);
  });

  test('frees everything it made', async () => {
    const net = buildDenseNet(SMALL_DENSENET, 1);
    const before = tf.memory().numTensors;
    await prepareRun(
      {
        scratchNet: () => buildDenseNet(SMALL_DENSENET, 0),
        inferenceNet: net,
        dataset,
        batchSize: CONFIG.batchSize,
        testCount: CONFIG.testCount,
        predict: true,
        step: { ...CONFIG },
      },
      () => undefined,
    );
    expect(tf.memory().numTensors).toBe(before);
    net.model.dispose();
  });

  test('the cpu backend has nothing to prepare', async () => {
    await tf.setBackend('cpu');
    try {
      expect(prepareMode('cpu')).toBe('none');
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
