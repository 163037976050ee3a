/**
 * Worker events for the reducer's and the panel selectors' unit tests: a two-epoch run of
 * four batches of 32 on 128 training images.
 */
import { DEFAULT_RUN_SPEC } from '../../shared/runSpec';
import type { WorkerEvent } from '../../worker/protocol';

export const trainStarted: Extract<WorkerEvent, { type: 'train-started' }> = {
  type: 'train-started',
  epochs: 2,
  batchesPerEpoch: 4,
  batchSize: 32,
  trainCount: 128,
  testCount: 64,
  seed: 1,
  run: DEFAULT_RUN_SPEC,
};

/** A batch report: `epoch` and `batchIndex` 1-based, 10 images/s, 30 s to go. */
export const batch = (epoch: number, batchIndex: number, loss = 1): WorkerEvent => ({
  type: 'batch',
  epoch,
  batch: batchIndex,
  batchesPerEpoch: 4,
  loss,
  accuracy: 0.5,
  imagesPerSecond: 10,
  etaSeconds: 30,
  msPerStep: 3200,
  epochElapsedMs: 1000,
  learningRate: 1e-3,
  numTensors: 200,
  numBytes: 75_000_000,
});

/** The end of epoch `n` (1-based), 91 % test accuracy. */
export const epoch = (n: number): WorkerEvent => ({
  type: 'epoch',
  epoch: n,
  loss: 0.5,
  accuracy: 0.9,
  testLoss: 0.4,
  testAccuracy: 0.91,
  trainMs: 1000,
  evalMs: 200,
});
