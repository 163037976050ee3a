import { presetConfig } from '../../shared/presets';
import { defaultTrainingOptions } from '../../shared/recipe';
import { describe, expect, test } from 'vitest';
import type { WorkerEvent } from '../../worker/protocol';
import { initialState, MAX_BATCH_POINTS, reducer, type Action, type TrainerState } from './state';
import { batch, epoch, trainStarted } from './testEvents';

const at = (event: WorkerEvent, time = 0): Action => ({ type: 'worker', event, at: time });
const run = (actions: Action[], state: TrainerState = initialState()) => actions.reduce(reducer, state);

describe('UI reducer', () => {
  test('keeps URL problems and starts in the starting phase', () => {
    const state = initialState(['bad epochs']);
    expect(state.settingsProblems).toEqual(['bad epochs']);
    expect(state.phase).toBe('starting');
  });

  test('a run appends batch points at fractional epochs and epoch rows in order', () => {
    const state = run([
      at(trainStarted),
      at(batch(1, 2, 2.0)),
      at(batch(1, 4, 1.5)),
      at(epoch(1)),
      at(batch(2, 2, 0.9)),
      at(epoch(2)),
    ]);
    expect(state.batchPoints).toEqual([
      { epoch: 0.5, loss: 2.0, imagesPerSecond: 10 },
      { epoch: 1, loss: 1.5, imagesPerSecond: 10 },
      { epoch: 1.5, loss: 0.9, imagesPerSecond: 10 },
    ]);
    expect(state.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(state.latestBatch?.loss).toBe(0.9);
    expect(state.run).toMatchObject({ epochs: 2, batchesPerEpoch: 4 });
  });

  test('a new run clears the previous run’s series', () => {
    const state = run([
      at(trainStarted),
      at(batch(1, 4, 1)),
      at(epoch(1)),
      at({ type: 'train-finished', outcome: 'stopped', epochsDone: 1, elapsedMs: 5 }),
      at(trainStarted),
    ]);
    expect(state.batchPoints).toEqual([]);
    expect(state.epochs).toEqual([]);
    expect(state.finished).toBeNull();
  });

  test('time from Train to the first batch report is measured once', () => {
    const state = run([
      { type: 'train-requested', at: 1000 },
      at(trainStarted, 1100),
      at(batch(1, 1, 2), 4500),
      at(batch(1, 2, 2), 5000),
    ]);
    expect(state.msToFirstBatch).toBe(3500);
  });

  test('the batch series is thinned so the chart never holds more than the cap', () => {
    const actions: Action[] = [at(trainStarted)];
    for (let i = 1; i <= 2000; i++) actions.push(at({ ...batch(1, i, 1 / i), batchesPerEpoch: 2000 } as WorkerEvent));
    const state = run(actions);
    expect(state.batchPoints.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    expect(state.batchPoints.length).toBeGreaterThan(MAX_BATCH_POINTS / 2);
    // The newest point is always kept, and the series stays in order.
    expect(state.batchPoints.at(-1)).toEqual({ epoch: 1, loss: 1 / 2000, imagesPerSecond: 10 });
    const xs = state.batchPoints.map((p) => p.epoch);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  test('predictions: newest wins, and replies to a cleared drawing are dropped', () => {
    const probabilities = (digit: number) => Float32Array.from({ length: 10 }, (_, i) => (i === digit ? 0.91 : 0.01));
    let state = run([
      at({ type: 'prediction', id: 2, probabilities: probabilities(3), trained: false }),
      at({ type: 'prediction', id: 1, probabilities: probabilities(5), trained: false }),
    ]);
    expect(state.prediction?.id).toBe(2);
    expect(state.prediction?.probabilities[3]).toBeCloseTo(0.91);
    state = reducer(state, { type: 'drawing-cleared', nextPredictionId: 4 });
    expect(state.prediction).toBeNull();
    state = reducer(state, at({ type: 'prediction', id: 3, probabilities: probabilities(1), trained: true }));
    expect(state.prediction).toBeNull();
    state = reducer(state, at({ type: 'prediction', id: 4, probabilities: probabilities(1), trained: true }));
    expect(state.prediction).toMatchObject({ id: 4, trained: true });
  });

  test('errors accumulate, can be dismissed, and Retry starts over but keeps URL warnings', () => {
    let state = run(
      [
        at({ type: 'error', code: 'dataset', message: 'HTTP 404' }),
        at({ type: 'error', code: 'backend', message: 'no adapter' }),
      ],
      initialState(['bad batch']),
    );
    expect(state.errors.map((e) => e.message)).toEqual(['HTTP 404', 'no adapter']);
    state = reducer(state, { type: 'dismiss-error', index: 0 });
    expect(state.errors.map((e) => e.message)).toEqual(['no adapter']);
    state = reducer(reducer(state, at({ type: 'phase', phase: 'failed', detail: 'x' })), { type: 'reset' });
    expect(state.errors).toEqual([]);
    expect(state.phase).toBe('starting');
    expect(state.settingsProblems).toEqual(['bad batch']);
  });

  test('backend, phase, progress and ready events are stored as sent', () => {
    const ready: WorkerEvent = {
      type: 'ready',
      trainCount: 60_000,
      testCount: 10_000,
      parameters: { total: 430_210, trainable: 429_930, nonTrainable: 280 },
      datasetDeviceBytes: 73_640_000,
      bytesPerValue: 3,
      tensorBytes: 75_000_000,
      gpuBytes: null,
      loadMs: 5000,
      summary: {
        layers: [],
        totalParams: 430_210,
        trainableParams: 429_930,
        nonTrainableParams: 280,
        macsPerImage: 5_765_248,
      },
    };
    const state = run([
      at({ type: 'phase', phase: 'loading-data', detail: 'Downloading' }),
      at({ type: 'data-progress', loadedBytes: 10, totalBytes: 100 }),
      at({
        type: 'backend',
        backend: 'webgl',
        adapter: 'SwiftShader (software)',
        attempts: [{ backend: 'webgpu', failure: 'no adapter' }, { backend: 'webgl' }],
      }),
      at(ready),
    ]);
    expect(state.phase).toBe('loading-data');
    expect(state.dataProgress).toEqual({ loadedBytes: 10, totalBytes: 100 });
    expect(state.backend?.attempts[0]?.failure).toBe('no adapter');
    expect(state.ready?.parameters.total).toBe(430_210);

    // A run of another architecture rebuilds the network: its size and summary replace the seed's.
    const bc = { model: presetConfig('densenet-bc'), training: defaultTrainingOptions('densenet-bc') };
    const bcSummary = {
      layers: [],
      totalParams: 105_190,
      trainableParams: 102_298,
      nonTrainableParams: 2_892,
      macsPerImage: 33_150_000,
    };
    const rebuilt = reducer(
      state,
      at({
        type: 'model',
        run: bc,
        parameters: { total: 105_190, trainable: 102_298, nonTrainable: 2_892 },
        summary: bcSummary,
      }),
    );
    expect(rebuilt.ready).toMatchObject({
      trainCount: 60_000,
      loadMs: 5000,
      parameters: { total: 105_190, trainable: 102_298 },
      summary: bcSummary,
    });
  });

  test('a comparison is tracked beside the normal run state, which starts over for each configuration', () => {
    const bc = { model: presetConfig('densenet-bc'), training: defaultTrainingOptions('densenet-bc') };
    const resnet = { model: presetConfig('resnet'), training: defaultTrainingOptions('resnet') };
    const state = run([
      at({ type: 'compare-started', runs: [bc, resnet], seed: 1 }),
      at({ type: 'compare-run', index: 0 }),
      at({ ...trainStarted, run: bc }),
      at(batch(1, 1, 2)),
      at(epoch(1)),
      at({ type: 'compare-run', index: 1 }),
      at({ ...trainStarted, run: resnet }),
      at(batch(1, 1, 1.5)),
    ]);
    expect(state.comparison?.runs.map((entry) => entry.status)).toEqual(['done', 'training']);
    expect(state.comparison?.runs[0]?.testAccuracies).toEqual([0.91]);
    expect(state.comparison?.current).toBe(1);
    // The charts show the configuration being trained now.
    expect(state.run?.run).toBe(resnet);
    expect(state.epochs).toEqual([]);
    expect(state.batchPoints).toHaveLength(1);
  });

  test('evaluations replace each other; a gallery page is kept only for the filter on screen', () => {
    const evaluation = (epoch: number): WorkerEvent => ({
      type: 'evaluation',
      epoch,
      testCount: 2,
      confusion: [1, 1, ...new Array(98).fill(0)],
      perClass: [],
    });
    let state = run([at(evaluation(1)), at(evaluation(2))]);
    expect(state.evaluation?.epoch).toBe(2);

    const page = (label: number): WorkerEvent => ({
      type: 'gallery-page',
      filter: { kind: 'cell', label, predicted: 1 },
      offset: 0,
      total: 1,
      items: [],
      pixels: new Uint8Array(0),
    });
    state = reducer(state, { type: 'gallery-requested', filter: { kind: 'cell', label: 0, predicted: 1 } });
    expect(state.gallery).toEqual({ filter: { kind: 'cell', label: 0, predicted: 1 }, page: null });
    state = reducer(state, at(page(4)));
    expect(state.gallery?.page).toBeNull();
    state = reducer(state, at(page(0)));
    expect(state.gallery?.page?.total).toBe(1);
    state = reducer(state, { type: 'gallery-closed' });
    expect(state.gallery).toBeNull();
    state = reducer(state, at(page(0)));
    expect(state.gallery).toBeNull();
  });

  test('feature maps follow the drawing and are dropped on Clear', () => {
    const features = (id: number): WorkerEvent => ({ type: 'features', id, layers: [] });
    let state = run([at(features(3)), at(features(2))]);
    expect(state.features?.id).toBe(3);
    state = reducer(state, { type: 'drawing-cleared', nextPredictionId: 5 });
    expect(state.features).toBeNull();
    state = reducer(state, at(features(4)));
    expect(state.features).toBeNull();
  });
});
