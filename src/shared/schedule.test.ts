import { describe, expect, test } from 'vitest';
import { learningRateAt } from './schedule';

describe('learningRateAt', () => {
  test('constant keeps the base rate', () => {
    expect([0, 500, 999].map((step) => learningRateAt('constant', 1e-3, step, 1000))).toEqual([1e-3, 1e-3, 1e-3]);
  });

  test('step divides by 10 at half and again at three quarters of the run', () => {
    expect([0, 499, 500, 749, 750, 999].map((step) => learningRateAt('step', 1, step, 1000))).toEqual([
      1, 1, 0.1, 0.1, 0.01, 0.01,
    ]);
  });

  test('cosine falls from the base rate through half to zero', () => {
    expect(learningRateAt('cosine', 2, 0, 100)).toBe(2);
    expect(learningRateAt('cosine', 2, 50, 100)).toBeCloseTo(1, 12);
    expect(learningRateAt('cosine', 2, 100, 100)).toBeCloseTo(0, 12);
  });

  test('one-cycle warms up from lr/25 to lr over 30 %, then anneals far below the start', () => {
    expect(learningRateAt('one-cycle', 1, 0, 1000)).toBeCloseTo(0.04, 12);
    expect(learningRateAt('one-cycle', 1, 150, 1000)).toBeCloseTo(0.52, 12);
    expect(learningRateAt('one-cycle', 1, 300, 1000)).toBeCloseTo(1, 12);
    expect(learningRateAt('one-cycle', 1, 650, 1000)).toBeCloseTo((1 + 0.04 / 1e4) / 2, 12);
    expect(learningRateAt('one-cycle', 1, 1000, 1000)).toBeCloseTo(0.04 / 1e4, 12);
  });
});
