/**
 * Your digits and Teach through the worker's handle(): storing corrections, the file round trip
 * between two "pages", Teach's events and figures, its checkpoint and resume after a reload, and
 * Teach on an imported model. A small DenseNet on the wasm backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { memoryDigitStore, type DigitStore } from '../data/digitStore';
import type { DatasetFiles } from '../data/load';
import { defaultSettings, type TrainSettings } from '../shared/settings';
import { readyWasm } from '../test-support/backends';
import { mnistSubset } from '../test-support/mnist';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { memoryStore, type CheckpointStore } from '../train/checkpointStore';
import { fineTuneSteps } from '../train/fineTune';
import { createHandler } from './handler';
import type { Command, WorkerEvent } from './protocol';

const SETTINGS: TrainSettings = {
  ...defaultSettings,
  epochs: 1,
  batchSize: 16,
  trainCount: 64,
  testCount: 32,
  backend: 'wasm',
  seed: 7,
};
let files: DatasetFiles;

/** A handler over these stores: a second harness on the same stores is a page reload. */
async function page(store: CheckpointStore = memoryStore(), digits: DigitStore = memoryDigitStore()) {
  const events: WorkerEvent[] = [];
  const handle = createHandler({
    loadDataset: async () => files,
    chooseBackend: async () => {
      await tf.setBackend('wasm');
      return { backend: 'wasm', adapter: 'WASM', attempts: [{ backend: 'wasm' }] };
    },
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    spec: SMALL_DENSENET,
    store,
    digits,
  });
  const post = (event: WorkerEvent) => events.push(event);
  const send = (command: Command) => handle(command, post);
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  await send({ type: 'init', settings: SETTINGS, manifestUrl: 'http://test/m.json' });
  return { send, events, of };
}

/** Test image `i` as the pad would send it (784 floats 0–1), with its label. */
function testDigit(i: number): { label: number; pixels: Float32Array } {
  const row = files.pixels.subarray((64 + i) * 784, (65 + i) * 784);
  return { label: files.labels[64 + i]!, pixels: Float32Array.from(row, (byte) => byte / 255) };
}

/**
 * Stores `count` corrections, alternating test images 0 and 1 (a 7 and a 2), so ten of them
 * make five of each class and the hold-out rule keeps one of each.
 */
async function correct(send: (command: Command) => Promise<void>, count: number) {
  for (let i = 0; i < count; i++) await send({ type: 'add-digit', ...testDigit(i % 2) });
}

beforeAll(async () => {
  await readyWasm();
  files = mnistSubset(64, 32);
});

describe('your digits in the worker', () => {
  test('corrections are stored as bytes, listed on the next load, deleted; a bad label is refused', async () => {
    const digits = memoryDigitStore();
    const first = await page(memoryStore(), digits);
    expect(first.of('your-digits')).toEqual([{ type: 'your-digits', digits: [] }]);
    await correct(first.send, 6);
    const added = first.of('digit-added').map((event) => event.digit);
    expect(added.map((digit) => digit.label)).toEqual([7, 2, 7, 2, 7, 2]);
    expect([testDigit(0).label, testDigit(1).label]).toEqual([7, 2]);
    expect(added[0]!.pixels).toEqual(files.pixels.subarray(64 * 784, 65 * 784));
    await first.send({ type: 'delete-digit', id: added[1]!.id });
    expect(first.of('digit-deleted')).toEqual([{ type: 'digit-deleted', id: added[1]!.id }]);
    await first.send({ type: 'add-digit', label: 10, pixels: testDigit(0).pixels });
    expect(first.of('error').at(-1)).toMatchObject({ code: 'digits', message: "A digit's label is 0 to 9, not 10." });

    const reload = await page(memoryStore(), digits);
    expect(reload.of('your-digits')[0]!.digits.map((digit) => digit.id)).toEqual(
      added.filter((_, i) => i !== 1).map((digit) => digit.id),
    );
  });

  test('export → import in another page brings the same digits; a repeat import adds none; a bad file stores nothing', async () => {
    const from = await page();
    for (let i = 0; i < 5; i++) await from.send({ type: 'add-digit', ...testDigit(i) });
    await from.send({ type: 'export-digits' });
    const exported = from.of('digits-export')[0]!;
    expect(exported.count).toBe(5);

    const to = await page();
    const file = (text: string) => ({ name: 'your-digits.json', bytes: new TextEncoder().encode(text).buffer });
    await to.send({ type: 'import-digits', file: file(exported.text) });
    expect(to.of('digits-imported')).toEqual([
      { type: 'digits-imported', name: 'your-digits.json', added: 5, duplicates: 0 },
    ]);
    const imported = to.of('your-digits').at(-1)!.digits;
    const original = from.of('digit-added').map((event) => event.digit);
    expect(imported.map(({ label, pixels, heldOut }) => ({ label, pixels, heldOut }))).toEqual(
      original.map(({ label, pixels, heldOut }) => ({ label, pixels, heldOut })),
    );
    await to.send({ type: 'import-digits', file: file(exported.text) });
    expect(to.of('digits-imported').at(-1)).toMatchObject({ added: 0, duplicates: 5 });

    const broken = exported.text.replace('"label":', '"label":"x","was":');
    await to.send({ type: 'import-digits', file: file(broken) });
    expect(to.of('error').at(-1)).toEqual({
      type: 'error',
      code: 'digits-import',
      message: 'your-digits.json was not imported: Digit 1 has no label from 0 to 9. Nothing was stored.',
    });
    expect(to.of('your-digits').at(-1)!.digits).toHaveLength(5);
  });
});

describe('Teach', () => {
  test('needs digits to learn from', async () => {
    const { send, of } = await page();
    await send({ type: 'teach' });
    expect(of('error').at(-1)).toMatchObject({ code: 'teach', message: expect.stringMatching(/^Teach needs digits/) });
    expect(of('teach-started')).toEqual([]);
  });

  test('after a run: measures before, fine-tunes, checkpoints, measures after', async () => {
    const { send, of, events } = await page();
    await send({ type: 'train' });
    await correct(send, 10);
    await send({ type: 'teach' });
    const started = of('teach-started')[0]!;
    expect(started).toEqual({ type: 'teach-started', steps: fineTuneSteps(8), stepsDone: 0, taught: 8, heldOut: 2 });
    const measured = of('teach-measured');
    expect(measured.map((event) => event.stage)).toEqual(['before', 'after']);
    for (const { measure } of measured) {
      expect(measure.heldOut.total).toBe(2);
      expect(measure.mnist?.testCount).toBe(32);
    }
    expect(of('teach-progress').at(-1)).toMatchObject({ step: started.steps, steps: started.steps });
    expect(of('teach-finished')[0]).toMatchObject({ outcome: 'completed', stepsDone: started.steps });
    // Saved at the start and at the end.
    const saved = of('checkpoint-saved').filter((event) => event.checkpoint.fineTune);
    expect(saved.map((event) => event.checkpoint.fineTune)).toEqual([
      { stepsDone: 0, steps: started.steps },
      { stepsDone: started.steps, steps: started.steps },
    ]);
    const order = events.map((event) => event.type).filter((type) => type.startsWith('teach-'));
    expect(order[0]).toBe('teach-started');
    expect(order.at(-1)).toBe('teach-finished');
    expect(of('phase').at(-1)).toMatchObject({ phase: 'ready', detail: 'Teach finished.' });
  });

  test('stopped, then reloaded: Resume continues the fine-tune from its checkpoint', async () => {
    const store = memoryStore();
    const digits = memoryDigitStore();
    const first = await page(store, digits);
    await correct(first.send, 10);
    const teaching = first.send({ type: 'teach' });
    while (first.of('teach-progress').length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await first.send({ type: 'stop' });
    await teaching;
    const stopped = first.of('teach-finished')[0]!;
    expect(stopped.outcome).toBe('stopped');
    expect(stopped.stepsDone).toBeLessThan(stopped.steps);
    expect(first.of('teach-measured').at(-1)!.measure.mnist).toBeNull();

    const reload = await page(store, digits);
    expect(reload.of('checkpoint-found')[0]!.checkpoint?.fineTune).toEqual({
      stepsDone: stopped.stepsDone,
      steps: stopped.steps,
    });
    await reload.send({ type: 'resume' });
    expect(reload.of('restored')).toHaveLength(1);
    expect(reload.of('teach-started')[0]).toMatchObject({ stepsDone: stopped.stepsDone, steps: stopped.steps });
    // The "before" is the one measured before the first step, not a second look at a half-taught model.
    expect(reload.of('teach-measured')[0]!.measure).toEqual(first.of('teach-measured')[0]!.measure);
    expect(reload.of('teach-finished')[0]).toMatchObject({ outcome: 'completed', stepsDone: stopped.steps });
  });

  test('works on an imported model', async () => {
    const source = await page();
    await source.send({ type: 'export-model' });
    const { modelJson, weights } = source.of('model-export')[0]!;
    const { send, of } = await page();
    await send({
      type: 'import-model',
      files: [
        { name: 'model.json', bytes: new TextEncoder().encode(modelJson).buffer },
        { name: 'weights.bin', bytes: weights },
      ],
    });
    expect(of('model-imported')).toHaveLength(1);
    await correct(send, 5);
    await send({ type: 'teach' });
    expect(of('teach-finished')[0]).toMatchObject({ outcome: 'completed' });
    const progress = of('teach-progress');
    expect(progress.every((event) => Number.isFinite(event.loss))).toBe(true);
    // The imported weights did move: a fine-tune with no trainable variables would leave its loss flat.
    expect(progress.at(-1)!.loss).not.toBe(progress[0]!.loss);
  });
});
