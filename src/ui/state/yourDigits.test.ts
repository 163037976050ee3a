import { describe, expect, test } from 'vitest';
import type { YourDigit } from '../../worker/protocol';
import { beforeAfterLines } from '../../shared/teach';
import { digitsByClass, initialYourDigits, yourDigitsEvent, type YourDigitsState } from './yourDigits';

const digit = (id: number, label: number, heldOut = false): YourDigit => ({
  id,
  label,
  pixels: new Uint8Array(784),
  heldOut,
  addedAt: id,
});
type Event = Parameters<typeof yourDigitsEvent>[1];
const apply = (events: Event[], state: YourDigitsState = initialYourDigits()) => events.reduce(yourDigitsEvent, state);

describe('the your-digits slice', () => {
  test('keeps the stored list: the full list, additions and deletions', () => {
    const state = apply([
      { type: 'your-digits', digits: [digit(1, 7), digit(2, 3)] },
      { type: 'digit-added', digit: digit(3, 7) },
      { type: 'digit-deleted', id: 1 },
    ]);
    expect(state.digits.map((d) => d.id)).toEqual([2, 3]);
    expect(digitsByClass(state.digits).map((list) => list.length)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
  });

  test('follows a Teach from start to before/after, and moves the weights version with each step', () => {
    const before = { heldOut: { correct: 3, total: 10 }, mnist: { accuracy: 0.9, testCount: 2000 } };
    const after = { heldOut: { correct: 10, total: 10 }, mnist: { accuracy: 0.9125, testCount: 2000 } };
    const progress = { step: 4, steps: 60, loss: 0.5, accuracy: 0.8, msPerStep: 70 };
    const state = apply([
      { type: 'teach-started', steps: 60, stepsDone: 0, taught: 40, heldOut: 10 },
      { type: 'teach-measured', stage: 'before', measure: before },
      { type: 'teach-progress', ...progress },
      { type: 'teach-measured', stage: 'after', measure: after },
      { type: 'teach-finished', outcome: 'completed', stepsDone: 60, steps: 60, trainMs: 4000, totalMs: 9000 },
    ]);
    expect(state.teach).toEqual({
      steps: 60,
      startedAt: 0,
      taught: 40,
      heldOut: 10,
      progress,
      before,
      after,
      finished: { outcome: 'completed', stepsDone: 60, trainMs: 4000, totalMs: 9000 },
    });
    expect(state.weightsVersion).toBe(2);
    expect(beforeAfterLines(before, after)).toEqual([
      'Your held-out digits: 3 of 10 (30.0 %) → 10 of 10 (100.0 %)',
      'MNIST test accuracy: 90.00 % → 91.25 % (+1.25 points) on 2,000 test images',
    ]);
  });

  test('progress without a Teach on record changes nothing', () => {
    const state = initialYourDigits();
    expect(apply([{ type: 'teach-progress', step: 1, steps: 2, loss: 1, accuracy: 0, msPerStep: 1 }], state)).toBe(
      state,
    );
  });
});
