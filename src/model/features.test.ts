import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildDenseNet } from './densenet';
import { buildDenseNetBC, DEFAULT_DENSENET_BC } from './densenet-bc';
import { createFeatureExtractor, featureTaps } from './features';
import { buildResNet, DEFAULT_RESNET } from './resnet';

describe('feature maps', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('taps the stem, every dense block and transition, and marks the concatenated channels', async () => {
    const net = buildDenseNet(undefined, 4);
    const extractor = createFeatureExtractor(net.model);
    const pixels = Float32Array.from({ length: 784 }, (_, i) => (((i % 28) - 14) ** 2 < 9 ? 1 : 0));
    const before = tf.memory().numTensors;
    const layers = await extractor.extract(pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect(layers.map((l) => [l.name, l.height, l.width, l.channels, l.newChannelsFrom])).toEqual([
      ['stem_conv', 28, 28, 8, null],
      ['dense_block1', 28, 28, 16, 8],
      ['transition1', 14, 14, 16, null],
      ['dense_block2', 14, 14, 32, 16],
      ['transition2', 7, 7, 32, null],
      ['dense_block3', 7, 7, 64, 32],
    ]);
    for (const layer of layers) expect(layer.values).toHaveLength(layer.height * layer.width * layer.channels);

    // The stem tap is exactly the stem layer's output for this image; the first channels of a
    // dense block's output are its input passed through (concatenation keeps them).
    const input = tf.tensor4d(pixels, [1, 28, 28, 1]);
    const stem = net.model.getLayer('stem_conv').apply(input) as tf.Tensor;
    const stemValues = await stem.data();
    expect(Array.from(layers[0]!.values.slice(0, 50))).toEqual(Array.from(stemValues.slice(0, 50)));
    const block1 = layers[1]!;
    for (const position of [0, 100, 400]) {
      for (let c = 0; c < 8; c++)
        expect(block1.values[position * 16 + c]).toBeCloseTo(stemValues[position * 8 + c]!, 6);
    }
    tf.dispose([input, stem]);
    net.model.dispose();
  });

  test("taps DenseNet-BC's blocks and transitions and ResNet's stages", () => {
    const taps = (net: { model: tf.LayersModel }) =>
      featureTaps(net.model).map((tap) => [tap.name, tap.blockInput ?? null]);
    const bc = buildDenseNetBC({ ...DEFAULT_DENSENET_BC, blockUnits: [1, 1] }, 1);
    expect(taps(bc)).toEqual([
      ['stem_conv', null],
      ['dense_block1', 'block1_unit1_a_bn'],
      ['transition1', null],
      ['dense_block2', 'block2_unit1_a_bn'],
    ]);
    const resnet = buildResNet(DEFAULT_RESNET, 1);
    expect(taps(resnet)).toEqual([
      ['stem_conv', null],
      ['stage1_block2_add', null],
      ['stage2_block2_add', null],
      ['stage3_block1_add', null],
    ]);
    bc.model.dispose();
    resnet.model.dispose();
  });
});
