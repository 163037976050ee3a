import { beforeAll, describe, expect, test } from 'vitest';
import { DatasetError } from '../data/errors';
import type { DatasetFiles } from '../data/load';
import { buildDenseNet, countParameters } from '../model/densenet';
import { defaultSettings, type TrainSettings } from '../shared/settings';
import { trainOnWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { buildNetwork } from '../model/build-network';
import { SEED_TRAINING, TUNED_TRAINING, type RunSpec } from '../shared/recipe';
import { createHandler, type HandlerDeps } from './handler';
import type { WorkerEvent } from './protocol';

const SETTINGS: TrainSettings = {
  ...defaultSettings,
  epochs: 1,
  batchSize: 16,
  trainCount: 32,
  testCount: 16,
  backend: 'wasm',
  seed: 3,
};
let files: DatasetFiles;

function harness(overrides: Partial<HandlerDeps> = {}) {
  const events: WorkerEvent[] = [];
  const handle = createHandler({
    loadDataset: async (_url, onProgress) => {
      onProgress({ loadedBytes: 0, totalBytes: 10 });
      onProgress({ loadedBytes: 10, totalBytes: 10 });
      return files;
    },
    chooseBackend: async () => {
      await trainOnWasm();
      return { backend: 'wasm', adapter: 'SIMD · 1 thread', attempts: [{ backend: 'wasm' }] };
    },
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    spec: SMALL_DENSENET,
    ...overrides,
  });
  const post = (event: WorkerEvent) => events.push(event);
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  return { handle: (command: Parameters<typeof handle>[0]) => handle(command, post), events, of };
}

const drawing = () => Float32Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 1 : 0));

describe('worker handle()', () => {
  beforeAll(() => {
    files = mnistSubset(64, 32);
  });

  test('init loads, reports the backend and the model, and becomes ready', async () => {
    const { handle, events, of } = harness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/data/mnist-manifest.json' });
    expect(events.map((e) => e.type)).toEqual([
      'phase',
      'data-progress',
      'data-progress',
      'backend',
      'phase',
      'ready',
      'phase',
      'checkpoint-found',
      // The next run's programs start compiling at once; your digits are announced meanwhile.
      'preparation',
      'your-digits',
    ]);
    expect(of('checkpoint-found')[0]!.checkpoint).toBeNull();
    const ready = of('ready')[0]!;
    expect(ready).toMatchObject({ trainCount: 32, testCount: 16, bytesPerValue: 3 });
    expect(ready.parameters).toEqual(countParameters(buildDenseNet(SMALL_DENSENET).model));
    expect(ready.summary.totalParams).toBe(ready.parameters.total);
    expect(ready.summary.layers.map((layer) => layer.name)).toContain('dense_block2');
    expect(ready.datasetDeviceBytes).toBe(96 * 262 * 4 + 96 * 4);
    expect(of('phase').at(-1)?.phase).toBe('ready');
  });

  test('predicts before and after training, trains one epoch, and refuses a second concurrent run', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'predict', id: 1, pixels: drawing() });
    const untrained = of('prediction')[0]!;
    expect(untrained).toMatchObject({ id: 1, trained: false });
    expect(Array.from(untrained.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    const training = handle({ type: 'train' });
    await handle({ type: 'train' });
    await training;
    expect(of('error').map((e) => e.code)).toEqual(['protocol']);
    expect(of('train-started')[0]).toMatchObject({
      epochs: 1,
      batchesPerEpoch: 2,
      batchSize: 16,
      trainCount: 32,
      testCount: 16,
      seed: 3,
    });
    expect(of('batch').at(-1)).toMatchObject({ epoch: 1, batch: 2, batchesPerEpoch: 2 });
    const epoch = of('epoch')[0]!;
    expect([epoch.loss, epoch.accuracy, epoch.testLoss, epoch.testAccuracy].every(Number.isFinite)).toBe(true);
    expect(of('train-finished')[0]).toMatchObject({ outcome: 'completed', epochsDone: 1 });

    await handle({ type: 'predict', id: 2, pixels: drawing() });
    expect(of('prediction')[1]).toMatchObject({ id: 2, trained: true });

    // After the epoch: the confusion matrix over the 16 test images, and a gallery of its mistakes.
    const evaluation = of('evaluation')[0]!;
    expect(evaluation).toMatchObject({ epoch: 1, testCount: 16 });
    expect(evaluation.confusion.reduce((a, b) => a + b, 0)).toBe(16);
    const correct = [...Array(10).keys()].reduce((sum, d) => sum + evaluation.confusion[d * 11]!, 0);
    expect(correct / 16).toBeCloseTo(epoch.testAccuracy, 6);
    await handle({ type: 'gallery', filter: { kind: 'misclassified' }, offset: 0, limit: 5 });
    const page = of('gallery-page')[0]!;
    expect(page.total).toBe(16 - correct);
    expect(page.items.length).toBe(Math.min(5, 16 - correct));
    for (const item of page.items) expect(item.label).not.toBe(item.predicted);
    // Test labels come from the real MNIST test set: the first five are 7 2 1 0 4.
    expect(page.items.every((item) => files.labels[64 + item.testIndex] === item.label)).toBe(true);
    expect(page.pixels).toHaveLength(page.items.length * 784);

    await handle({ type: 'features', id: 3, pixels: drawing() });
    expect(of('features')[0]!.layers.map((layer) => layer.name)).toEqual([
      'stem_conv',
      'dense_block1',
      'transition1',
      'dense_block2',
    ]);
  });

  test('the gallery before any epoch is refused with a message', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'gallery', filter: { kind: 'misclassified' }, offset: 0, limit: 5 });
    expect(of('error')[0]).toMatchObject({
      code: 'gallery',
      message: 'The gallery needs a finished epoch: train first.',
    });
  });

  test('stop ends a run early and training can start again', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: { ...SETTINGS, epochs: 5 }, manifestUrl: 'http://test/m.json' });
    const run = handle({ type: 'train' });
    await handle({ type: 'stop' });
    await run;
    expect(of('train-finished')[0]).toMatchObject({ outcome: 'stopped', epochsDone: 0 });
    expect(of('epoch')).toHaveLength(0);

    const again = handle({ type: 'train' });
    await handle({ type: 'stop' });
    await again;
    expect(of('train-started')).toHaveLength(2);
    expect(of('train-finished').map((e) => e.outcome)).toEqual(['stopped', 'stopped']);
    expect(of('error')).toHaveLength(0);
  });

  test('a dataset failure is reported with its message, and init can be retried', async () => {
    let fail = true;
    const { handle, of } = harness({
      loadDataset: async () => {
        if (fail) throw new DatasetError('http', 'mnist-sprite.pgm: HTTP 404 Not Found.', 'mnist-sprite.pgm');
        return files;
      },
    });
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    expect(of('error')).toEqual([{ type: 'error', code: 'dataset', message: 'mnist-sprite.pgm: HTTP 404 Not Found.' }]);
    expect(of('phase').at(-1)?.phase).toBe('failed');
    expect(of('ready')).toHaveLength(0);
    await handle({ type: 'train' });
    expect(of('error').at(-1)?.code).toBe('protocol');

    fail = false;
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    expect(of('ready')).toHaveLength(1);
  });

  test('a backend that cannot start is reported', async () => {
    const { handle, of } = harness({
      chooseBackend: () => Promise.reject(new Error('No TensorFlow.js backend could start: webgpu: no adapter')),
    });
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    expect(of('error')[0]).toMatchObject({ code: 'backend', message: expect.stringContaining('no adapter') });
    expect(of('phase').at(-1)?.phase).toBe('failed');
  });

  test('a drawing of the wrong size is refused with a message', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'predict', id: 1, pixels: new Float32Array(10) });
    expect(of('error')[0]).toMatchObject({ code: 'predict', message: 'A drawing must be 784 pixels, got 10.' });
  });

  const TINY_BC: RunSpec = {
    model: { preset: 'densenet-bc', spec: { growth: 4, blockUnits: [1, 1], compression: 0.5, classes: 10 } },
    training: TUNED_TRAINING,
  };
  const TINY_RESNET: RunSpec = {
    model: { preset: 'resnet', spec: { widths: [4, 8], blocksPerStage: [1, 1], classes: 10 } },
    training: { ...SEED_TRAINING, schedule: 'cosine' },
  };

  test('train with another architecture and recipe: the model is rebuilt and announced, the run says what it trains', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'train', run: TINY_BC });
    const model = of('model');
    expect(model).toHaveLength(1);
    expect(model[0]!.run).toEqual(TINY_BC);
    expect(model[0]!.parameters).toEqual(countParameters(buildNetwork(TINY_BC.model).model));
    expect(model[0]!.summary.layers.map((layer) => layer.name)).toContain('transition1');
    expect(of('train-started')[0]!.run).toEqual(TINY_BC);
    expect(of('batch').at(-1)!.learningRate).toBeLessThan(TUNED_TRAINING.learningRate); // one-cycle ends far below its peak
    expect(of('train-finished')[0]).toMatchObject({ outcome: 'completed' });
    await handle({ type: 'features', id: 1, pixels: drawing() });
    expect(of('features')[0]!.layers.map((layer) => layer.name)).toEqual([
      'stem_conv',
      'dense_block1',
      'transition1',
      'dense_block2',
    ]);
  });

  test('compare trains each configuration in turn with one seed, bracketed by compare events', async () => {
    const { handle, events, of } = harness();
    await handle({ type: 'init', settings: { ...SETTINGS, seed: null }, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'compare', runs: [TINY_BC, TINY_RESNET] });
    const compareEvents = events
      .filter(
        (e) =>
          e.type.startsWith('compare') ||
          e.type === 'model' ||
          e.type === 'train-started' ||
          e.type === 'train-finished',
      )
      .map((e) => e.type);
    expect(compareEvents).toEqual([
      'compare-started',
      'compare-run',
      'model',
      'train-started',
      'train-finished',
      'compare-run',
      'model',
      'train-started',
      'train-finished',
      'compare-finished',
    ]);
    const { seed } = of('compare-started')[0]!;
    expect(of('train-started').map((e) => e.seed)).toEqual([seed, seed]);
    expect(of('train-started').map((e) => e.run)).toEqual([TINY_BC, TINY_RESNET]);
    expect(of('model').map((e) => e.parameters.trainable)).toEqual(
      [TINY_BC, TINY_RESNET].map((run) => countParameters(buildNetwork(run.model).model).trainable),
    );
    expect(of('epoch')).toHaveLength(2);
    expect(of('compare-finished')[0]).toEqual({ type: 'compare-finished', outcome: 'completed', runsDone: 2 });

    await handle({ type: 'compare', runs: [TINY_BC] });
    expect(of('error').at(-1)).toMatchObject({
      code: 'protocol',
      message: 'A comparison needs at least two configurations.',
    });
  });

  test('Stop ends a comparison after the current run', async () => {
    const { handle, of } = harness();
    await handle({ type: 'init', settings: { ...SETTINGS, epochs: 5 }, manifestUrl: 'http://test/m.json' });
    const comparing = handle({ type: 'compare', runs: [TINY_RESNET, TINY_BC] });
    await handle({ type: 'stop' });
    await comparing;
    expect(of('compare-finished')[0]).toEqual({ type: 'compare-finished', outcome: 'stopped', runsDone: 0 });
    expect(of('train-started')).toHaveLength(1);
  });
});
