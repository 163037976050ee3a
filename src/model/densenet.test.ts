import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDenseNet, countParameters, type DenseNet } from './densenet';

describe('reference DenseNet', () => {
  let net: DenseNet;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    net = buildDenseNet(undefined, 7);
  });
  afterAll(() => net.model.dispose());

  test('has the tutorial’s parameter counts', () => {
    expect(countParameters(net.model)).toEqual({ total: 430_210, trainable: 429_930, nonTrainable: 280 });
    expect(net.model.countParams()).toBe(430_210);
  });

  test.each([
    ['stem_conv', [28, 28, 8]],
    ['dense_block1', [28, 28, 16]],
    ['transition1', [14, 14, 16]],
    ['dense_block2', [14, 14, 32]],
    ['transition2', [7, 7, 32]],
    ['dense_block3', [7, 7, 64]],
    ['hidden', [128]],
    ['probabilities', [10]],
  ])('%s outputs %j per image', (name, shape) => {
    expect(net.model.getLayer(name).outputShape).toEqual([null, ...shape]);
  });

  test('inference gives probabilities and training gives logits of the same shape', () => {
    const images = tf.randomUniform([3, 28, 28, 1]) as tf.Tensor4D;
    const probabilities = net.model.predict(images) as tf.Tensor2D;
    // Before the training pass below, which moves the batch-norm statistics.
    const inferenceLogits = net.logits(images, false);
    const logits = net.logits(images, true);
    expect(probabilities.shape).toEqual([3, 10]);
    expect(logits.shape).toEqual([3, 10]);
    const rowSums = probabilities.sum(1).arraySync() as number[];
    for (const sum of rowSums) expect(sum).toBeCloseTo(1, 5);
    // Inference-mode logits are exactly what the model's softmax sees.
    const fromLogits = tf.softmax(inferenceLogits).arraySync() as number[][];
    const predicted = probabilities.arraySync() as number[][];
    fromLogits.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(predicted[i]![j]!, 5)));
    tf.dispose([images, probabilities, logits, inferenceLogits]);
  });

  test('a training-mode pass updates the batch-norm moving statistics; inference does not', () => {
    const movingMean = net.model.getLayer('block1_unit1_bn').getWeights()[2]!;
    const before = movingMean.arraySync() as number[];
    const images = tf.randomUniform([4, 28, 28, 1]) as tf.Tensor4D;
    tf.dispose(net.model.predict(images) as tf.Tensor);
    tf.dispose(net.logits(images, false));
    expect(net.model.getLayer('block1_unit1_bn').getWeights()[2]!.arraySync()).toEqual(before);
    tf.dispose(net.logits(images, true));
    const after = net.model.getLayer('block1_unit1_bn').getWeights()[2]!.arraySync() as number[];
    expect(after).not.toEqual(before);
    images.dispose();
  });

  test('the trainable variables are the 429,930 trainable parameters', () => {
    const variables = net.trainableVariables();
    expect(variables.every((v) => v instanceof tf.Variable && v.trainable)).toBe(true);
    expect(variables.reduce((sum, v) => sum + v.size, 0)).toBe(429_930);
  });

  test('the same seed gives the same initial weights', () => {
    const other = buildDenseNet(undefined, 7);
    const a = net.model.getLayer('hidden').getWeights()[0]!.slice([0, 0], [4, 4]).arraySync();
    const b = other.model.getLayer('hidden').getWeights()[0]!.slice([0, 0], [4, 4]).arraySync();
    expect(a).toEqual(b);
    other.model.dispose();
  });
});
