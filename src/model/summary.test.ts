import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildDenseNet } from './densenet';
import { summarize } from './summary';

describe('model summary', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('reads 430,210 / 429,930 / 280 and 5,765,248 multiply-adds for the reference model', () => {
    const { model } = buildDenseNet();
    const summary = summarize(model);
    expect(summary).toMatchObject({ totalParams: 430_210, trainableParams: 429_930, nonTrainableParams: 280 });
    // The reference model: 5.77 M multiply-adds forward per image.
    expect(summary.macsPerImage).toBe(5_765_248);
    expect(summary.layers.reduce((sum, layer) => sum + layer.params, 0)).toBe(430_210);
    model.dispose();
  });

  test('lists every layer with its per-image output shape, parameters and multiply-adds', () => {
    const { model } = buildDenseNet();
    const byName = new Map(summarize(model).layers.map((layer) => [layer.name, layer]));
    expect(byName.get('image')).toMatchObject({ type: 'InputLayer', outputShape: [28, 28, 1], params: 0, macs: 0 });
    expect(byName.get('stem_conv')).toEqual({
      name: 'stem_conv',
      type: 'Conv2D',
      outputShape: [28, 28, 8],
      params: 80,
      macs: 28 * 28 * 9 * 8,
    });
    expect(byName.get('block1_unit1_bn')).toMatchObject({ type: 'BatchNormalization', params: 32, macs: 0 });
    expect(byName.get('transition1_conv')).toMatchObject({
      outputShape: [28, 28, 16],
      params: 9 * 16 * 16 + 16,
      macs: 28 * 28 * 9 * 16 * 16,
    });
    expect(byName.get('dense_block3')).toMatchObject({ type: 'Concatenate', outputShape: [7, 7, 64] });
    expect(byName.get('hidden')).toMatchObject({ type: 'Dense', params: 3136 * 128 + 128, macs: 3136 * 128 });
    expect(byName.get('probabilities')).toMatchObject({ outputShape: [10], params: 0 });
    model.dispose();
  });
});
