import { describe, expect, test } from 'vitest';
import { epochPairSummary, runningLossSummary } from './chartSummary';

const loss = { quantity: 'loss', format: (v: number) => v.toFixed(2), better: 'lower' } as const;
const accuracy = { quantity: 'accuracy', format: (v: number) => `${v} %`, better: 'higher' } as const;

describe('chart summaries', () => {
  test('before the first epoch', () => {
    expect(epochPairSummary([], loss)).toBe('No epoch has finished yet.');
  });

  test('one epoch: the latest values only', () => {
    expect(epochPairSummary([{ epoch: 1, train: 0.5, test: 0.25 }], loss)).toBe(
      'After epoch 1: train loss 0.50, test loss 0.25.',
    );
  });

  test('several epochs: the latest values and the best test value, lower or higher', () => {
    const points = [
      { epoch: 1, train: 0.5, test: 0.3 },
      { epoch: 2, train: 0.4, test: 0.2 },
      { epoch: 3, train: 0.3, test: 0.25 },
    ];
    expect(epochPairSummary(points, loss)).toBe(
      'After epoch 3: train loss 0.30, test loss 0.25. Best test loss 0.20 at epoch 2.',
    );
    expect(epochPairSummary(points, accuracy)).toBe(
      'After epoch 3: train accuracy 0.3 %, test accuracy 0.25 %. Best test accuracy 0.3 % at epoch 1.',
    );
  });

  test('the running loss', () => {
    expect(runningLossSummary([])).toBe('No batch has been trained yet.');
    expect(
      runningLossSummary([
        { epoch: 0.5, loss: 2 },
        { epoch: 1.25, loss: 1.23456 },
      ]),
    ).toBe('Running loss 1.2346 at epoch 1.25.');
  });
});
