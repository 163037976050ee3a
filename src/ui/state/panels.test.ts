import { describe, expect, test } from 'vitest';
import { presetRunSpec } from '../../shared/recipe';
import { DEFAULT_RUN_SPEC } from '../../shared/runSpec';
import { defaultSettings } from '../../shared/settings';
import type { CheckpointSummary, WorkerEvent } from '../../worker/protocol';
import { checkpointView, messagesView, modelFilesView, progressView, trainingControlsView } from './panels';
import { initialState, reducer, type Action, type TrainerState } from './state';
import { batch, epoch, trainStarted } from './testEvents';

const at = (event: WorkerEvent): Action => ({ type: 'worker', event, at: 0 });
const run = (events: WorkerEvent[], state: TrainerState = initialState()) => events.map(at).reduce(reducer, state);

const RESNET = presetRunSpec('resnet');

const ready: WorkerEvent = {
  type: 'ready',
  trainCount: 640,
  testCount: 64,
  parameters: { total: 430_210, trainable: 429_930, nonTrainable: 280 },
  datasetDeviceBytes: 1000,
  bytesPerValue: 3,
  tensorBytes: 2000,
  gpuBytes: null,
  loadMs: 1500,
  summary: { layers: [], totalParams: 430_210, trainableParams: 429_930, nonTrainableParams: 280, macsPerImage: 1 },
};
const phase = (name: 'ready' | 'training'): WorkerEvent => ({ type: 'phase', phase: name, detail: name });
const checkpoint = (epochNumber: number): CheckpointSummary => ({
  epochsDone: epochNumber - 1,
  epochs: 2,
  epoch: epochNumber,
  batchesDone: 0,
  batchesPerEpoch: 4,
  batchSize: 32,
  trainCount: 128,
  testCount: 64,
  seed: 1,
  savedAt: 0,
  backend: 'wasm',
});

describe('progressView', () => {
  test('shows the download until the worker is ready', () => {
    const loading = run([{ type: 'data-progress', loadedBytes: 10, totalBytes: 100 }]);
    expect(progressView(loading).download).toEqual({ loadedBytes: 10, totalBytes: 100 });
    expect(progressView(run([ready], loading)).download).toBeNull();
  });

  test('counts the batches of finished epochs and of the epoch in progress', () => {
    const state = run([ready, trainStarted, batch(1, 4), epoch(1), batch(2, 2)]);
    const view = progressView(state);
    expect(view.fractionDone).toBe(6 / 8);
    expect(view.epochsDone).toBe(1);
    expect(view.run).toEqual({ epochs: 2, batchesPerEpoch: 4 });
    expect(view.latestBatch).toEqual({ epoch: 2, batch: 2, imagesPerSecond: 10, etaSeconds: 30 });
  });

  test('the last report of a finished epoch is not counted twice', () => {
    expect(progressView(run([trainStarted, batch(1, 4), epoch(1)])).fractionDone).toBe(4 / 8);
  });

  test('a completed run is all done; a stopped one where it stopped', () => {
    const partial = run([trainStarted, batch(1, 2)]);
    const finished = (outcome: 'completed' | 'stopped'): WorkerEvent => ({
      type: 'train-finished',
      outcome,
      epochsDone: 0,
      elapsedMs: 1,
    });
    expect(progressView(run([finished('completed')], partial)).fractionDone).toBe(1);
    expect(progressView(run([finished('stopped')], partial)).fractionDone).toBe(2 / 8);
    expect(progressView(initialState()).fractionDone).toBe(0);
  });
});

describe('trainingControlsView', () => {
  const settings = { ...defaultSettings, trainCount: 128, testCount: 64, epochs: 2 };

  test('before the worker is ready: no Train, the URL’s counts, no memory line', () => {
    const view = trainingControlsView(initialState(), settings, DEFAULT_RUN_SPEC);
    expect(view).toMatchObject({ canTrain: false, trainCount: 128, testCount: 64, epochs: 2, memory: null });
    expect(view.parameters).toBeNull();
  });

  test('ready: Train works, the counts and memory come from the worker', () => {
    const view = trainingControlsView(run([ready, phase('ready')]), settings, DEFAULT_RUN_SPEC);
    expect(view).toMatchObject({ canTrain: true, training: false, trainedBefore: false, trainCount: 640 });
    expect(view.parameters).toBe(430_210);
    expect(view.memory).toEqual({
      datasetDeviceBytes: 1000,
      bytesPerValue: 3,
      tensorBytes: 2000,
      gpuBytes: null,
      loadMs: 1500,
    });
  });

  test('the parameter count is shown only for the network that is built', () => {
    const view = trainingControlsView(run([ready, phase('ready')]), settings, RESNET);
    expect(view.shown).toBe(RESNET);
    expect(view.parameters).toBeNull();
  });

  test('an invalid editor disables Train; training shows the run in progress', () => {
    expect(trainingControlsView(run([ready, phase('ready')]), settings, null)).toMatchObject({
      canTrain: false,
      shown: null,
    });
    const training = run([ready, trainStarted, phase('training'), epoch(1)]);
    const view = trainingControlsView(training, settings, RESNET);
    expect(view).toMatchObject({ canTrain: false, training: true, trainedBefore: true, shown: DEFAULT_RUN_SPEC });
    expect(view.parameters).toBe(430_210);
  });
});

describe('checkpointView', () => {
  const found = (summary: CheckpointSummary): WorkerEvent => ({ type: 'checkpoint-found', checkpoint: summary });

  test('offers a saved run and lets it resume once the worker is ready', () => {
    const view = checkpointView(run([found(checkpoint(2)), ready, phase('ready')]));
    expect(view.offer).toEqual(checkpoint(2));
    expect(view).toMatchObject({ workerReady: true, canResume: true, canPause: false });
  });

  test('no Resume for a run with every epoch done, nor before the worker is ready', () => {
    expect(checkpointView(run([found(checkpoint(3)), ready, phase('ready')])).canResume).toBe(false);
    expect(checkpointView(run([found(checkpoint(2))])).canResume).toBe(false);
  });

  test('while training: Pause, and neither the offer nor Resume', () => {
    const view = checkpointView(run([found(checkpoint(2)), ready, phase('training')]));
    expect(view).toMatchObject({ offer: null, canPause: true, canResume: false });
  });
});

describe('messagesView and modelFilesView', () => {
  test('a requested backend that failed becomes a fallback notice', () => {
    const backend: WorkerEvent = {
      type: 'backend',
      backend: 'wasm',
      adapter: 'x',
      attempts: [],
      requestedFailure: 'No adapter.',
    };
    expect(messagesView(run([backend])).backendFallback).toEqual({ reason: 'No adapter.', backend: 'wasm' });
    expect(messagesView(run([{ ...backend, requestedFailure: undefined }])).backendFallback).toBeNull();
    expect(messagesView(initialState(['bad epochs'])).settingsProblems).toEqual(['bad epochs']);
  });

  test('model files work only while the worker is ready and idle', () => {
    expect(modelFilesView(initialState()).idle).toBe(false);
    expect(modelFilesView(run([ready, phase('ready')])).idle).toBe(true);
    expect(modelFilesView(run([ready, phase('training')])).idle).toBe(false);
  });
});
