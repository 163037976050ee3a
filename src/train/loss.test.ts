import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { countCorrect, crossEntropyPerExample } from './loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('crossEntropyPerExample', () => {
  const logits = tf.tensor2d([
    [2, 0, -1],
    [0.5, 0.5, 3],
  ]);
  const labels = tf.tensor1d([0, 1], 'int32');
  /** log softmax by hand, per row. */
  const logSoftmax = (row: number[]) => row.map((v) => v - Math.log(row.reduce((s, x) => s + Math.exp(x), 0)));
  const rows = [logSoftmax([2, 0, -1]), logSoftmax([0.5, 0.5, 3])];

  test('is −log p(label) without smoothing', () => {
    expect(Array.from(crossEntropyPerExample(logits, labels).dataSync())).toEqual(
      [-rows[0]![0]!, -rows[1]![1]!].map((v) => expect.closeTo(v, 5)),
    );
  });

  test('with label smoothing ε mixes in ε/classes of every class', () => {
    const epsilon = 0.1;
    const expected = rows.map(
      (row, i) => -row.reduce((sum, logP, c) => sum + ((c === [0, 1][i] ? 1 - epsilon : 0) + epsilon / 3) * logP, 0),
    );
    expect(Array.from(crossEntropyPerExample(logits, labels, epsilon).dataSync())).toEqual(
      expected.map((v) => expect.closeTo(v, 5)),
    );
  });

  test('counts rows whose largest logit is the label', () => {
    expect(countCorrect(logits, tf.tensor1d([0, 2], 'int32')).dataSync()[0]).toBe(2);
    expect(countCorrect(logits, labels).dataSync()[0]).toBe(1);
  });
});
