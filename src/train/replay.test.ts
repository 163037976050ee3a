/**
 * Replay mixing and the fine-tune loop: the batch plan (pure), the mixed batch on the wasm
 * backend (your digits augmented, MNIST rows untouched), and short fine-tunes of a small
 * DenseNet on real MNIST digits.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_AUGMENT } from '../data/augment';
import { gatherImages, uploadDataset, type DeviceDataset } from '../data/device';
import { buildDenseNet } from '../model/densenet';
import { readyWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { captureCheckpoint, restoreOptimizer, restoreWeights, type CheckpointRecord } from './checkpoint';
import { classifyImages, fineTune, fineTuneSteps, type FineTuneConfig } from './fineTune';
import { emptyHistory } from './history';
import { mulberry32 } from './random';
import { mixedBatch, replayPlan, uploadYourDigits, yoursPerBatch, type YourDigitsOnDevice } from './replay';

const options = { batchSize: 8, yourShare: 0.5, mnistRows: 100 };

describe('the replay plan', () => {
  test('each batch holds its share of your digits and MNIST rows from the training range', () => {
    const plans = replayPlan(10, options, 1, 20);
    expect(plans).toHaveLength(20);
    for (const plan of plans) {
      expect(plan.yours).toHaveLength(4);
      expect(plan.mnist).toHaveLength(4);
      expect(plan.yours.every((i) => i >= 0 && i < 10)).toBe(true);
      expect(plan.mnist.every((row) => row >= 0 && row < 100)).toBe(true);
    }
  });

  test('your digits come in passes: each once before any repeats', () => {
    const yours = replayPlan(10, options, 2, 20).flatMap((plan) => plan.yours);
    for (let pass = 0; pass < yours.length / 10; pass++)
      expect([...yours.slice(pass * 10, pass * 10 + 10)].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    const mnist = replayPlan(10, options, 2, 25).flatMap((plan) => plan.mnist);
    expect(new Set(mnist).size).toBe(100);
  });

  test('follows from its seed, and a plan from step k is the tail of the whole one', () => {
    expect(replayPlan(7, options, 3, 12)).toEqual(replayPlan(7, options, 3, 12));
    expect(replayPlan(7, options, 4, 12)).not.toEqual(replayPlan(7, options, 3, 12));
    expect(replayPlan(7, options, 3, 12, 5)).toEqual(replayPlan(7, options, 3, 12).slice(5));
  });

  test('the share is at least one of your digits and at most the whole batch', () => {
    expect(yoursPerBatch({ batchSize: 32, yourShare: 0.5 })).toBe(16);
    expect(yoursPerBatch({ batchSize: 32, yourShare: 0.001 })).toBe(1);
    expect(yoursPerBatch({ batchSize: 32, yourShare: 1 })).toBe(32);
    expect(replayPlan(3, { ...options, yourShare: 1 }, 1, 2)[0]!.mnist).toEqual([]);
    expect(() => replayPlan(0, options, 1, 2)).toThrow(/at least one/);
  });

  test('steps grow with your digits, bounded so a fine-tune takes seconds', () => {
    expect(fineTuneSteps(1)).toBe(30);
    expect(fineTuneSteps(40)).toBe(60);
    expect(fineTuneSteps(10_000)).toBe(150);
  });
});

describe('replay on the wasm backend', () => {
  let dataset: DeviceDataset;
  let yours: YourDigitsOnDevice;
  /** Ten "your digits": MNIST test digits with their labels. */
  let yourSamples: { label: number; pixels: Uint8Array }[];

  beforeAll(async () => {
    await readyWasm();
    await tf.setBackend('wasm');
    const files = mnistSubset(256, 64);
    dataset = uploadDataset(files.pixels, files.labels, 256, 64, 3);
    yourSamples = Array.from({ length: 10 }, (_, i) => ({
      label: files.labels[256 + i]!,
      pixels: files.pixels.slice((256 + i) * 784, (257 + i) * 784),
    }));
    yours = uploadYourDigits(yourSamples);
  });

  const read = async (tensor: tf.Tensor) => Array.from(await tensor.data());
  const plan = { yours: [3, 7, 3], mnist: [0, 5, 250] };

  test('a mixed batch: your digits first, then the MNIST rows; labels follow', async () => {
    const { images, labels } = mixedBatch(dataset, yours, plan, null, Math.random);
    expect(images.shape).toEqual([6, 28, 28, 1]);
    const mnistLabels = tf.gather(dataset.labels, plan.mnist);
    expect(await read(labels)).toEqual([...plan.yours.map((i) => yourSamples[i]!.label), ...(await read(mnistLabels))]);
    const mnistRows = tf.tensor1d(plan.mnist, 'int32');
    const expected = gatherImages(dataset, mnistRows);
    expect(await read(images.slice([3], [3]))).toEqual(await read(expected));
    const mine = await read(images.slice([0], [1]));
    expect(mine).toEqual(Array.from(yourSamples[3]!.pixels, (byte) => Math.fround(byte / 255)));
    tf.dispose([images, labels, mnistRows, expected, mnistLabels]);
  });

  test('augmentation moves your digits, each its own way, and leaves MNIST rows alone', async () => {
    const plain = mixedBatch(dataset, yours, plan, null, Math.random);
    const moved = mixedBatch(dataset, yours, plan, DEFAULT_AUGMENT, mulberry32(9));
    const again = mixedBatch(dataset, yours, plan, DEFAULT_AUGMENT, mulberry32(9));
    const [a, b] = [await read(plain.images), await read(moved.images)];
    const image = (values: number[], i: number) => values.slice(i * 784, (i + 1) * 784);
    expect(image(b, 0)).not.toEqual(image(a, 0));
    // The same digit twice in one batch gets two different transforms.
    expect(image(b, 2)).not.toEqual(image(b, 0));
    expect(b.slice(3 * 784)).toEqual(a.slice(3 * 784));
    expect(await read(again.images)).toEqual(b);
    tf.dispose([plain.images, plain.labels, moved.images, moved.labels, again.images, again.labels]);
  });

  const config: FineTuneConfig = {
    batchSize: 8,
    yourShare: 0.5,
    mnistRows: 256,
    steps: 12,
    learningRate: 1e-3,
    seed: 5,
    augment: DEFAULT_AUGMENT,
  };
  const quiet = { onProgress: () => {}, yieldToEvents: () => Promise.resolve(), shouldStop: () => false };

  test('fine-tuning trains the weights, leaves batch norm statistics alone and leaks no tensors', async () => {
    const net = buildDenseNet(SMALL_DENSENET, 3);
    const statistics = () => read(tf.concat(net.model.nonTrainableWeights.map((w) => w.read().flatten())));
    const kernel = () => read(net.model.getLayer('logits').getWeights()[0]!);
    const [statsBefore, kernelBefore] = [await statistics(), await kernel()];
    const tensors = tf.memory().numTensors;
    const steps: number[] = [];
    const result = await fineTune(net, dataset, yours, config, {
      ...quiet,
      onProgress: (progress) => {
        steps.push(progress.step);
        expect(Number.isFinite(progress.loss)).toBe(true);
      },
    });
    expect(result).toEqual({ outcome: 'completed', stepsDone: 12 });
    expect(steps).toEqual([4, 8, 12]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await statistics()).toEqual(statsBefore);
    expect(await kernel()).not.toEqual(kernelBefore);
    const predicted = await classifyImages(net, yours.images);
    expect(predicted).toHaveLength(10);
    net.model.dispose();
  });

  test('stopped and resumed from its checkpoint, a fine-tune ends where an uninterrupted one does', async () => {
    const through = buildDenseNet(SMALL_DENSENET, 4);
    await fineTune(through, dataset, yours, config, quiet);

    const interrupted = buildDenseNet(SMALL_DENSENET, 4);
    let saved: CheckpointRecord | null = null;
    const meta = { run: { epochs: 1, batchSize: 8, trainCount: 256, testCount: 64, seed: 1, learningRate: 1e-3 } };
    const stopped = await fineTune(interrupted, dataset, yours, config, {
      ...quiet,
      shouldStop: () => true,
      checkpoint: async (optimizer, stepsDone) => {
        saved = await captureCheckpoint(interrupted, optimizer, {
          ...meta,
          position: { epoch: 2, batchesDone: 0, rngState: 0, lossSum: 0, correct: 0 },
          history: emptyHistory(),
          backend: 'wasm',
          elapsedMs: stepsDone,
        });
      },
    });
    expect(stopped).toEqual({ outcome: 'stopped', stepsDone: 4 });
    const record = saved as CheckpointRecord | null;
    if (!record) throw new Error('no checkpoint was written on Stop');
    expect(record.elapsedMs).toBe(4);

    const resumed = buildDenseNet(SMALL_DENSENET, 99);
    restoreWeights(resumed, record.model);
    const optimizer = await restoreOptimizer(record.optimizer);
    const finished = await fineTune(resumed, dataset, yours, config, quiet, { optimizer, stepsDone: 4 });
    expect(finished).toEqual({ outcome: 'completed', stepsDone: 12 });
    const weights = async (net: typeof through) => read(tf.concat(net.model.weights.map((w) => w.read().flatten())));
    const [a, b] = [await weights(resumed), await weights(through)];
    expect(Math.max(...a.map((value, i) => Math.abs(value - b[i]!)))).toBeLessThan(1e-5);
    [through, interrupted, resumed].forEach((net) => net.model.dispose());
  });
});
