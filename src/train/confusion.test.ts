import { describe, expect, test } from 'vitest';
import { confusionMatrix, galleryOrder, perClassMetrics } from './confusion';

//            index:  0  1  2  3  4  5  6  7
const labels = [0, 0, 0, 1, 1, 2, 2, 2];
const predicted = [0, 0, 1, 1, 1, 2, 0, 0];
const confidence = [0.9, 0.6, 0.8, 0.7, 0.99, 0.5, 0.95, 0.4];

describe('confusion matrix and per-class metrics', () => {
  test('counts each (label, prediction) pair, rows are true labels', () => {
    const counts = confusionMatrix(labels, predicted);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
    expect(counts[0 * 10 + 0]).toBe(2);
    expect(counts[0 * 10 + 1]).toBe(1);
    expect(counts[1 * 10 + 1]).toBe(2);
    expect(counts[2 * 10 + 2]).toBe(1);
    expect(counts[2 * 10 + 0]).toBe(2);
    expect(counts.filter((c) => c > 0)).toHaveLength(5);
  });

  test('precision, recall and one-vs-rest accuracy per class', () => {
    const metrics = perClassMetrics(confusionMatrix(labels, predicted));
    // Digit 0: TP 2, predicted as 0: 4 (two of them 2s), labelled 0: 3; TN = 8 − 3 − 4 + 2 = 3.
    expect(metrics[0]).toEqual({ digit: 0, support: 3, precision: 2 / 4, recall: 2 / 3, accuracy: 5 / 8 });
    // Digit 1: TP 2, column 3 (one 0 predicted as 1), row 2; TN = 8 − 2 − 3 + 2 = 5.
    expect(metrics[1]).toEqual({ digit: 1, support: 2, precision: 2 / 3, recall: 1, accuracy: 7 / 8 });
    expect(metrics[2]).toEqual({ digit: 2, support: 3, precision: 1, recall: 1 / 3, accuracy: 6 / 8 });
    // Never labelled nor predicted: no precision or recall, but every image is a true negative.
    expect(metrics[7]!.support).toBe(0);
    expect(metrics[7]!.precision).toBeNaN();
    expect(metrics[7]!.recall).toBeNaN();
    expect(metrics[7]!.accuracy).toBe(1);
  });

  test('mismatched lengths are refused', () => {
    expect(() => confusionMatrix([1, 2], [1])).toThrow(RangeError);
  });
});

describe('gallery order', () => {
  test('a mistake cell lists its images most-confident first', () => {
    expect(galleryOrder(labels, predicted, confidence, { kind: 'cell', label: 2, predicted: 0 })).toEqual([6, 7]);
  });

  test('a correct cell lists its least confident images first', () => {
    expect(galleryOrder(labels, predicted, confidence, { kind: 'cell', label: 0, predicted: 0 })).toEqual([1, 0]);
  });

  test('all misclassified images, surest mistakes first', () => {
    expect(galleryOrder(labels, predicted, confidence, { kind: 'misclassified' })).toEqual([6, 2, 7]);
  });
});
