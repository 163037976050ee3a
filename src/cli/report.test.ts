import { describe, expect, test } from 'vitest';
import { comparisonTable, formatEpochLine } from './report';

describe('comparisonTable', () => {
  test('prints one row per run with the final test error', () => {
    const table = comparisonTable([
      {
        name: 'DenseNet-BC',
        parameters: 105_190,
        macsPerImage: 12_340_000,
        imagesPerSecond: 40.04,
        testAccuracies: [0.98, 0.9912],
      },
      { name: 'ResNet', parameters: 101_466, macsPerImage: 9_870_000, imagesPerSecond: NaN, testAccuracies: [0.97] },
    ]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/^run\s+parameters\s+M mult-adds\s+images\/s\s+ep1 acc %\s+ep2 acc %\s+final error %$/);
    expect(table[1]).toMatch(/^DenseNet-BC\s+105,190\s+12\.34\s+40\.0\s+98\.00\s+99\.12\s+0\.88$/);
    expect(table[2]).toMatch(/^ResNet\s+101,466\s+9\.87\s+–\s+97\.00\s+–\s+3\.00$/);
  });
});

describe('formatEpochLine', () => {
  test("prints the tutorial's template with accuracies in percent", () => {
    expect(
      formatEpochLine({ epoch: 1, loss: 0.11307, accuracy: 0.9675333, testLoss: 0.05511, testAccuracy: 0.9829 }),
    ).toBe('Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900');
  });
});
