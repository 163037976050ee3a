import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readyWasm } from '../test-support/backends';
import { buildDenseNetBC, DEFAULT_DENSENET_BC, type DenseNetBCSpec } from './densenet-bc';
import { countParameters, type Network } from './network';
import { buildNetwork } from './build-network';
import { PRESET_NAMES, presetConfig, validateDenseNetBC } from '../shared/presets';
import { buildResNet, DEFAULT_RESNET, type ResNetSpec } from './resnet';

/** Batch norm over C channels: γ, β trainable; moving mean and variance not. */
const bn = (channels: number) => ({ trainable: 2 * channels, nonTrainable: 2 * channels });

/** DenseNet-BC's parameters by the paper's arithmetic, independent of the builder. */
function expectedDenseNetBC({ growth: k, blockUnits, compression, classes }: DenseNetBCSpec) {
  let trainable = 9 * 2 * k;
  let nonTrainable = 0;
  let channels = 2 * k;
  const add = (counts: { trainable: number; nonTrainable: number }) => (
    (trainable += counts.trainable),
    (nonTrainable += counts.nonTrainable)
  );
  blockUnits.forEach((units, b) => {
    for (let u = 0; u < units; u++) {
      add(bn(channels));
      add(bn(4 * k));
      trainable += channels * 4 * k + 9 * 4 * k * k;
      channels += k;
    }
    if (b < blockUnits.length - 1) {
      add(bn(channels));
      const kept = Math.floor(compression * channels);
      trainable += channels * kept;
      channels = kept;
    }
  });
  add(bn(channels));
  trainable += channels * classes + classes;
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

/** The pre-activation ResNet's parameters, independent of the builder. */
function expectedResNet({ widths, blocksPerStage, classes }: ResNetSpec) {
  let trainable = 9 * widths[0]!;
  let nonTrainable = 0;
  let inWidth = widths[0]!;
  widths.forEach((width, stage) => {
    for (let block = 0; block < blocksPerStage[stage]!; block++) {
      trainable += 2 * inWidth + 9 * inWidth * width + 2 * width + 9 * width * width;
      nonTrainable += 2 * inWidth + 2 * width;
      if (inWidth !== width || (stage > 0 && block === 0)) trainable += inWidth * width;
      inWidth = width;
    }
  });
  trainable += 2 * inWidth + inWidth * classes + classes;
  nonTrainable += 2 * inWidth;
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

const shapeOf = (net: Network, layer: string) => net.model.getLayer(layer).outputShape;

beforeAll(async () => {
  await readyWasm();
  await tf.setBackend('cpu');
});

describe('DenseNet-BC preset', () => {
  test("has the parameters the paper's arithmetic gives: 105,190 for the default", () => {
    const net = buildDenseNetBC(DEFAULT_DENSENET_BC, 1);
    expect(countParameters(net.model)).toEqual(expectedDenseNetBC(DEFAULT_DENSENET_BC));
    expect(countParameters(net.model).total).toBe(105_190);
    const other = { growth: 8, blockUnits: [2, 3], compression: 0.75, classes: 10 };
    expect(countParameters(buildDenseNetBC(other, 1).model)).toEqual(expectedDenseNetBC(other));
  });

  test('halves the size at each transition and ends in class probabilities', () => {
    const net = buildDenseNetBC(DEFAULT_DENSENET_BC, 1);
    expect(shapeOf(net, 'dense_block1')).toEqual([null, 28, 28, 72]);
    expect(shapeOf(net, 'transition1')).toEqual([null, 14, 14, 36]);
    expect(shapeOf(net, 'transition2')).toEqual([null, 7, 7, 42]);
    expect(shapeOf(net, 'dense_block3')).toEqual([null, 7, 7, 90]);
    expect(net.model.outputs[0]!.shape).toEqual([null, 10]);
  });
});

describe('ResNet preset', () => {
  test("has the parameters the arithmetic gives: 101,466 for the default, near DenseNet-BC's", () => {
    const net = buildResNet(DEFAULT_RESNET, 1);
    expect(countParameters(net.model)).toEqual(expectedResNet(DEFAULT_RESNET));
    expect(countParameters(net.model).total).toBe(101_466);
    const other = { widths: [8, 24], blocksPerStage: [1, 3], classes: 10 };
    expect(countParameters(buildResNet(other, 1).model)).toEqual(expectedResNet(other));
  });

  test('downsamples 28 → 14 → 7 and ends in class probabilities', () => {
    const net = buildResNet(DEFAULT_RESNET, 1);
    expect(shapeOf(net, 'stage1_block2_add')).toEqual([null, 28, 28, 16]);
    expect(shapeOf(net, 'stage2_block1_add')).toEqual([null, 14, 14, 32]);
    expect(shapeOf(net, 'stage3_block1_add')).toEqual([null, 7, 7, 64]);
    expect(net.model.outputs[0]!.shape).toEqual([null, 10]);
  });
});

describe('both presets train on wasm', () => {
  test.each([
    ['densenet-bc', () => buildDenseNetBC({ ...DEFAULT_DENSENET_BC, blockUnits: [1, 1] }, 3)],
    ['resnet', () => buildResNet({ widths: [8, 16], blocksPerStage: [1, 1], classes: 10 }, 3)],
  ] as const)('%s: every trainable variable gets a finite, non-zero gradient', async (_, build) => {
    await tf.setBackend('wasm');
    const net = build();
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, net.logits(images, true)) as tf.Scalar,
      net.trainableVariables(),
    );
    expect(Number.isFinite((await value.data())[0])).toBe(true);
    for (const [name, gradient] of Object.entries(grads)) {
      const values = await gradient.data();
      expect(values.every(Number.isFinite), name).toBe(true);
      expect(
        values.some((v) => v !== 0),
        name,
      ).toBe(true);
    }
    tf.dispose([images, labels, value, ...Object.values(grads)]);
    net.model.dispose();
  });
});

describe('preset registry', () => {
  test('builds each preset; seed is the reference model', () => {
    const totals = PRESET_NAMES.map((name) => countParameters(buildNetwork(presetConfig(name), 1).model).total);
    expect(totals).toEqual([430_210, 105_190, 101_466]);
  });

  test.each([
    [{ growth: 0 }, 'The growth rate k must be a whole number from 1 to 64; got 0.'],
    [{ compression: 0 }, 'The compression θ must be above 0 and at most 1; got 0.'],
    [{ blockUnits: [] }, 'Give at least one dense block.'],
    [
      { blockUnits: [1, 1, 1, 1, 1, 1] },
      'Block 6 cannot be reached: a 28×28 image can be pooled 4 times (28, 14, 7, 3, 1), so use at most 5 blocks.',
    ],
    [{ blockUnits: [4, 2.5] }, 'Block 2 needs a whole number of units from 1 to 24; got 2.5.'],
    [
      { growth: 1, blockUnits: [1, 1], compression: 0.1 },
      'Transition 1 would keep no channels: raise the compression θ (0.1).',
    ],
  ])('rejects %j with a clear message', (change, message) => {
    expect(validateDenseNetBC({ ...DEFAULT_DENSENET_BC, ...change })).toEqual([message]);
  });

  test('accepts the default DenseNet-BC', () => {
    expect(validateDenseNetBC(DEFAULT_DENSENET_BC)).toEqual([]);
  });
});
