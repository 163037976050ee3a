import { describe, expect, test } from 'vitest';
import type { WorkerEvent } from '../../worker/protocol';
import { announcement } from './announce';
import { initialState, reducer, type TrainerState } from './state';
import { batch, epoch, trainStarted } from './testEvents';

const run = (events: WorkerEvent[], state: TrainerState = initialState()) =>
  events.reduce((s, event) => reducer(s, { type: 'worker', event, at: 0 }), state);
const phase = (name: 'ready' | 'training', detail: string): WorkerEvent => ({ type: 'phase', phase: name, detail });

describe('live region announcements', () => {
  test('before training: the phase', () => {
    expect(announcement(run([phase('ready', 'Ready to train.')]))).toBe('Ready to train.');
  });

  test('a two-epoch run of four batches each: quarters and epochs, not batches', () => {
    let state = run([trainStarted, phase('training', 'Training…')]);
    const said = [announcement(state)];
    for (const event of [batch(1, 1), batch(1, 2), batch(1, 3), batch(1, 4), epoch(1), batch(2, 1), batch(2, 2)]) {
      state = run([event], state);
      said.push(announcement(state));
    }
    expect(said).toEqual([
      'Training…',
      'Training…',
      'Training 25 % done, in epoch 1 of 2.',
      'Training 25 % done, in epoch 1 of 2.',
      'Training 50 % done, in epoch 1 of 2.',
      'Epoch 1 of 2 finished. Test accuracy 91.00 %, test loss 0.4000.',
      'Epoch 1 of 2 finished. Test accuracy 91.00 %, test loss 0.4000.',
      'Training 75 % done, in epoch 2 of 2.',
    ]);
  });

  test('at the end: the outcome and the final epoch’s result', () => {
    const done = run([
      trainStarted,
      batch(1, 4),
      epoch(1),
      batch(2, 4),
      epoch(2),
      { type: 'train-finished', outcome: 'completed', epochsDone: 2, elapsedMs: 1000 },
      phase('ready', 'Training finished.'),
    ]);
    expect(announcement(done)).toBe('Training finished. Test accuracy 91.00 %, test loss 0.4000.');
    const paused = run([
      trainStarted,
      batch(1, 2),
      { type: 'train-finished', outcome: 'stopped', epochsDone: 0, elapsedMs: 10 },
      phase('ready', 'Paused; checkpoint saved.'),
    ]);
    expect(announcement(paused)).toBe('Paused; checkpoint saved.');
  });
});
