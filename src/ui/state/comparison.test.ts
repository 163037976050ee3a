import { describe, expect, test } from 'vitest';
import { presetConfig } from '../../shared/presets';
import { defaultTrainingOptions, type RunSpec } from '../../shared/recipe';
import type { ModelSummary, WorkerEvent } from '../../worker/protocol';
import { comparisonEvent, finalTestError, imagesPerSecond, verdict, type Comparison } from './comparison';

const BC: RunSpec = { model: presetConfig('densenet-bc'), training: defaultTrainingOptions('densenet-bc') };
const RESNET: RunSpec = { model: presetConfig('resnet'), training: defaultTrainingOptions('resnet') };
const summary = (macsPerImage: number): ModelSummary => ({
  layers: [],
  totalParams: 0,
  trainableParams: 0,
  nonTrainableParams: 0,
  macsPerImage,
});
const model = (run: RunSpec, trainable: number, macs: number): WorkerEvent => ({
  type: 'model',
  run,
  parameters: { total: trainable + 10, trainable, nonTrainable: 10 },
  summary: summary(macs),
});
const started = (run: RunSpec): WorkerEvent => ({
  type: 'train-started',
  epochs: 2,
  batchesPerEpoch: 2,
  batchSize: 32,
  trainCount: 64,
  testCount: 64,
  seed: 9,
  run,
});
const epoch = (n: number, testAccuracy: number, trainMs: number): WorkerEvent => ({
  type: 'epoch',
  epoch: n,
  loss: 1,
  accuracy: 0.5,
  testLoss: 1,
  testAccuracy,
  trainMs,
  evalMs: 10,
});

const play = (events: WorkerEvent[]) => events.reduce<Comparison | null>(comparisonEvent, null);

describe("the compare view's state", () => {
  const both: WorkerEvent[] = [
    { type: 'compare-started', runs: [BC, RESNET], seed: 9 },
    { type: 'compare-run', index: 0 },
    model(BC, 102_298, 33_150_000),
    started(BC),
    epoch(1, 0.5, 1000),
    epoch(2, 0.75, 3000),
    { type: 'compare-run', index: 1 },
    model(RESNET, 100_794, 16_570_000),
    started(RESNET),
    epoch(1, 0.6, 500),
    epoch(2, 0.8, 500),
    { type: 'compare-finished', outcome: 'completed', runsDone: 2 },
  ];

  test('fills each run from its own events: parameters, multiply-adds, accuracy per epoch, images/s, final error', () => {
    const comparison = play(both)!;
    expect(comparison.outcome).toBe('completed');
    const [bc, resnet] = comparison.runs;
    expect(bc).toMatchObject({
      status: 'done',
      parameters: 102_298,
      macsPerImage: 33_150_000,
      testAccuracies: [0.5, 0.75],
    });
    expect(resnet).toMatchObject({
      status: 'done',
      parameters: 100_794,
      macsPerImage: 16_570_000,
      testAccuracies: [0.6, 0.8],
    });
    // 2 epochs × 64 images in 4 s and in 1 s.
    expect(imagesPerSecond(bc!)).toBeCloseTo(32, 10);
    expect(imagesPerSecond(resnet!)).toBeCloseTo(128, 10);
    expect(finalTestError(bc!)).toBeCloseTo(0.25, 10);
    expect(bc!.label).toBe('DenseNet-BC k=12 4-4-4 θ=0.5 · one-cycle 0.003, wd 0.01, smoothing 0.1, augmented');
  });

  test("answers the tutorial's question from the measurements once two runs are done", () => {
    expect(verdict(play(both.slice(0, 6))!)).toBeNull();
    expect(verdict(play(both)!)).toBe(
      'Measured over 2 epochs with seed 9: ResNet 16/32/64 2-2-1 · one-cycle 0.003, wd 0.01, smoothing 0.1, augmented reached the highest test accuracy, 80.00 % with 100,794 trainable parameters (DenseNet-BC k=12 4-4-4 θ=0.5 · one-cycle 0.003, wd 0.01, smoothing 0.1, augmented: 75.00 % with 102,298).',
    );
  });

  test('equal accuracies are a tie, not a win', () => {
    const tie = [
      ...both.slice(0, 10),
      epoch(2, 0.75, 500),
      { type: 'compare-finished', outcome: 'completed', runsDone: 2 } as WorkerEvent,
    ];
    tie.splice(9, 1);
    expect(verdict(play(tie)!)).toBe(
      'Measured over 2 epochs with seed 9: DenseNet-BC k=12 4-4-4 θ=0.5 · one-cycle 0.003, wd 0.01, smoothing 0.1, augmented (102,298 trainable parameters) and ResNet 16/32/64 2-2-1 · one-cycle 0.003, wd 0.01, smoothing 0.1, augmented (100,794 trainable parameters) tied at 75.00 % test accuracy.',
    );
  });

  test('a run shows as done as soon as the next one starts', () => {
    expect(play(both.slice(0, 7))!.runs.map((run) => run.status)).toEqual(['done', 'training']);
    expect(play(both.slice(0, 3))!.runs.map((run) => run.status)).toEqual(['training', 'waiting']);
  });

  test('a stopped comparison marks the run in progress and leaves the rest waiting', () => {
    const comparison = play([...both.slice(0, 5), { type: 'compare-finished', outcome: 'stopped', runsDone: 0 }])!;
    expect(comparison.outcome).toBe('stopped');
    expect(comparison.runs.map((run) => run.status)).toEqual(['stopped', 'waiting']);
    expect(imagesPerSecond(comparison.runs[0]!)).toBeCloseTo(64, 10);
    expect(finalTestError(comparison.runs[1]!)).toBeNull();
  });

  test('events outside a comparison change nothing', () => {
    expect(play([model(BC, 1, 1), epoch(1, 0.5, 1)])).toBeNull();
    const finished = play(both);
    expect(comparisonEvent(finished, epoch(3, 0.9, 1))).toBe(finished);
  });
});
