import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { DatasetFiles } from '../data/load';
import { defaultSettings, type TrainSettings } from '../shared/settings';
import { readyWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { createHandler } from './handler';
import { stableKey } from './preparation';
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
const SMOOTHED = { ...SETTINGS.run, training: { ...SETTINGS.run.training, labelSmoothing: 0.1 } };
let files: DatasetFiles;

function wasmHarness() {
  const events: WorkerEvent[] = [];
  const handle = createHandler({
    loadDataset: async () => files,
    chooseBackend: async () => {
      await tf.setBackend('wasm');
      return { backend: 'wasm', adapter: 'test', attempts: [{ backend: 'wasm' }] };
    },
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    spec: SMALL_DENSENET,
  });
  const post = (event: WorkerEvent) => events.push(event);
  return { handle: (command: Parameters<typeof handle>[0]) => handle(command, post), events };
}

const stages = (events: WorkerEvent[]) =>
  events.flatMap((e) => (e.type === 'preparation' ? [e.stage] : e.type === 'train-started' ? ['train-started'] : []));

describe('preparation in the worker', () => {
  beforeAll(async () => {
    await readyWasm();
    files = mnistSubset(32, 16);
  });

  test('starts after init; a Train sent meanwhile waits for it, then the first step reports what it still compiled', async () => {
    const { handle, events } = wasmHarness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    // Train right away, while the preparation's scratch step may still be running.
    await handle({ type: 'train' });
    expect(stages(events)).toEqual(['warming', 'done', 'train-started', 'used']);
    // It did wait: the train command arrived while the preparation was still going.
    expect(events).toContainEqual({
      type: 'phase',
      phase: 'ready',
      detail: 'Training starts as soon as the preparation ends…',
    });
    expect(events.some((e) => e.type === 'error')).toBe(false);
    const done = events.find((e) => e.type === 'preparation' && e.stage === 'done');
    expect(done).toMatchObject({ backend: 'wasm', mode: 'real-step', programs: null });
  });

  test('a second request for the same run is not prepared twice; a new preset is', async () => {
    const { handle, events } = wasmHarness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    await handle({ type: 'prepare', run: SETTINGS.run });
    await handle({ type: 'prepare', run: SMOOTHED });
    await vi.waitFor(() => expect(stages(events).filter((stage) => stage === 'done')).toHaveLength(2));
    await handle({ type: 'train' });
    expect(stages(events)).toEqual(['warming', 'done', 'warming', 'done', 'train-started', 'used']);
  });

  test('a run waiting for a preparation takes priority over one requested after it', async () => {
    const { handle, events } = wasmHarness();
    await handle({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
    const training = handle({ type: 'train' });
    await handle({ type: 'prepare', run: SMOOTHED });
    await training;
    // The second preparation was dropped: the run compiles what it needs itself.
    expect(stages(events)).toEqual(['warming', 'done', 'train-started', 'used']);
  });

  test('keys do not depend on the order of properties', () => {
    expect(stableKey({ a: 1, b: { c: 2, d: [1, { e: 1, f: 2 }] } })).toBe(
      stableKey({ b: { d: [1, { f: 2, e: 1 }], c: 2 }, a: 1 }),
    );
  });
});
