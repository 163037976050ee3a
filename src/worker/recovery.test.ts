import { beforeAll, describe, expect, test } from 'vitest';
import type { DatasetFiles } from '../data/load';
import { defaultSettings, type TrainSettings } from '../shared/settings';
import { memoryStore, type CheckpointStore } from '../train/checkpointStore';
import { trainOnWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { TUNED_TRAINING, type RunSpec } from '../shared/recipe';
import { createHandler, type HandlerDeps } from './handler';
import type { Command, EpochReport, WorkerEvent } from './protocol';

/** Two epochs of two batches; hooks on. */
const SETTINGS: TrainSettings = {
  ...defaultSettings,
  epochs: 2,
  batchSize: 16,
  trainCount: 32,
  testCount: 16,
  backend: 'wasm',
  seed: 5,
  testHooks: true,
};
let files: DatasetFiles;

/** A handler over `store`: a second harness on the same store is a page reload. */
async function harness(store: CheckpointStore, settings = SETTINGS, overrides: Partial<HandlerDeps> = {}) {
  const events: WorkerEvent[] = [];
  const handle = createHandler({
    loadDataset: async () => files,
    chooseBackend: async () => {
      await trainOnWasm();
      return { backend: 'wasm', adapter: 'SIMD · 1 thread', attempts: [{ backend: 'wasm' }] };
    },
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    spec: SMALL_DENSENET,
    store,
    ...overrides,
  });
  const listeners: ((event: WorkerEvent) => void)[] = [];
  const post = (event: WorkerEvent) => {
    events.push(event);
    for (const listener of listeners) listener(event);
  };
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  const send = (command: Command) => handle(command, post);
  await send({ type: 'init', settings, manifestUrl: 'http://test/m.json' });
  /** Calls `listener` with every later event as the worker posts it. */
  const onEvent = (listener: (event: WorkerEvent) => void) => listeners.push(listener);
  return { send, events, of, onEvent };
}

const losses = (epochs: EpochReport[]) => epochs.map((e) => [e.epoch, e.loss, e.accuracy, e.testLoss, e.testAccuracy]);

describe('checkpoints, resume and faults in the worker', () => {
  beforeAll(() => {
    files = mnistSubset(64, 32);
  });

  const TINY_BC: RunSpec = {
    model: { preset: 'densenet-bc', spec: { growth: 4, blockUnits: [1, 1], compression: 0.5, classes: 10 } },
    training: TUNED_TRAINING,
  };
  test.each([
    ['the seed model', { type: 'train' } as const],
    [
      'DenseNet-BC with the tuned recipe (a "reload" starts with the seed model)',
      { type: 'train', run: TINY_BC } as const,
    ],
  ])(
    'Pause writes a checkpoint; after a "reload" Resume finishes the run exactly as an uninterrupted one: %s',
    async (_name, trainCommand) => {
      const reference = await harness(memoryStore());
      await reference.send(trainCommand);
      expect(reference.of('train-finished')[0]).toMatchObject({ outcome: 'completed', epochsDone: 2 });

      const store = memoryStore();
      const first = await harness(store);
      const run = first.send(trainCommand);
      await first.send({ type: 'pause' });
      await run;
      const saved = first.of('checkpoint-saved')[0]!;
      expect(saved.checkpoint).toMatchObject({ epoch: 1, batchesDone: 1, epochs: 2, batchesPerEpoch: 2 });
      expect(saved.bytes).toBeGreaterThan(0);
      expect(first.of('phase').at(-1)!.detail).toBe(
        'Paused; checkpoint saved at epoch 1, batch 1. Resume continues from there.',
      );

      const second = await harness(store);
      expect(second.of('checkpoint-found')[0]!.checkpoint).toMatchObject({ epoch: 1, batchesDone: 1 });
      await second.send({ type: 'resume' });
      const restored = second.of('restored')[0]!;
      expect(restored.history.batches.length).toBeGreaterThan(0);
      expect(second.of('train-finished')[0]).toMatchObject({ outcome: 'completed', epochsDone: 2 });
      expect(losses(second.of('epoch'))).toEqual(losses(reference.of('epoch')));
      expect(second.of('train-started')[0]!.run).toEqual(reference.of('train-started')[0]!.run);
      // After the run the stored checkpoint is the finished one: nothing left to offer.
      expect((await store.load())!.position).toMatchObject({ epoch: 3, batchesDone: 0 });
    },
  );

  test('a NaN stops training with epoch and batch named, and the last good checkpoint stays', async () => {
    const store = memoryStore();
    const { send, of, onEvent } = await harness(store, { ...SETTINGS, epochs: 3 });
    // Poison the weights as soon as epoch 1's end has written its checkpoint (a poll could miss
    // epoch 2 entirely: on wasm an epoch of this model takes milliseconds).
    let poisoned = false;
    onEvent((event) => {
      if (event.type !== 'checkpoint-saved' || poisoned) return;
      poisoned = true;
      void send({ type: 'test-fault', fault: 'nan' });
    });
    await send({ type: 'train' });
    const error = of('error').find((e) => e.code === 'non-finite-loss');
    expect(error?.message).toMatch(
      /^The training loss became NaN in epoch 2, batch [12]; training stopped\. The last good checkpoint \(after epoch 1\) is kept: Resume continues from it\.$/,
    );
    expect(of('checkpoint-saved')).toHaveLength(1);
    const kept = (await store.load())!;
    expect(kept.position).toMatchObject({ epoch: 2, batchesDone: 0 });
    expect(new Float32Array(kept.model.weightData).every(Number.isFinite)).toBe(true);
  });

  test('a failed checkpoint write is a warning and training goes on', async () => {
    const store = memoryStore();
    const { send, of } = await harness(store);
    await send({ type: 'test-fault', fault: 'quota' });
    await send({ type: 'train' });
    expect(of('checkpoint-failed')[0]!.message).toBe(
      'A checkpoint could not be saved (the browser storage is full); there is no earlier one. Training continues.',
    );
    expect(of('train-finished')[0]).toMatchObject({ outcome: 'completed', epochsDone: 2 });
    expect(of('checkpoint-saved').map((e) => e.checkpoint.epoch)).toEqual([3]);
  });

  test('test hooks are refused unless the URL enabled them; an unusable import is reported', async () => {
    const { send, of } = await harness(memoryStore(), { ...SETTINGS, testHooks: false });
    await send({ type: 'test-fault', fault: 'nan' });
    expect(of('error')[0]).toMatchObject({
      code: 'protocol',
      message: 'Test hooks are off; open the page with ?hooks=1 to use them.',
    });
    await send({
      type: 'import-model',
      files: [{ name: 'model.json', bytes: new TextEncoder().encode('nope').buffer as ArrayBuffer }],
    });
    expect(of('error')[1]).toMatchObject({
      code: 'import',
      message: expect.stringMatching(/^model\.json is not valid JSON/),
    });
  });

  test('export then import gives the same predictions; an imported model can be evaluated', async () => {
    const trained = await harness(memoryStore(), { ...SETTINGS, epochs: 1 });
    await trained.send({ type: 'train' });
    await trained.send({ type: 'export-model' });
    await trained.send({ type: 'test-predictions', count: 16 });
    const exported = trained.of('model-export')[0]!;
    const expected = trained.of('test-predictions')[0]!;

    const other = await harness(memoryStore(), { ...SETTINGS, seed: 99 });
    await other.send({
      type: 'import-model',
      files: [
        { name: 'model.json', bytes: new TextEncoder().encode(exported.modelJson).buffer as ArrayBuffer },
        { name: 'weights.bin', bytes: exported.weights },
      ],
    });
    expect(other.of('model-imported')[0]).toMatchObject({ name: 'model.json' });
    await other.send({ type: 'test-predictions', count: 16 });
    expect(Array.from(other.of('test-predictions')[0]!.probabilities)).toEqual(Array.from(expected.probabilities));
    await other.send({ type: 'evaluate' });
    const evaluated = other.of('model-evaluated')[0]!;
    expect(evaluated).toMatchObject({ testCount: 16, imported: true });
    expect(other.of('evaluation')[0]!.confusion.reduce((a, b) => a + b, 0)).toBe(16);
  });
});
