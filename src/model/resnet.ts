/**
 * A small pre-activation ResNet (He et al., "Identity Mappings in Deep Residual Networks") for
 * 28×28 digits, the tutorial's point of comparison for DenseNet.
 *
 *   stem    Conv 3×3, widths[0]                                          28×28
 *   block   BN → ReLU → Conv 3×3 (stride s) → BN → ReLU → Conv 3×3, + shortcut
 *           shortcut: the input, or Conv 1×1 stride s of the pre-activated input where the
 *           width or size changes
 *   stages  one per width; every stage after the first starts with stride 2   28 → 14 → 7
 *   head    BN → ReLU → global average pool → Dense(classes)
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_RESNET, type ResNetSpec } from '../shared/presets';
import { assembleNetwork, chain, seededInitializers, type Network } from './network';

export { DEFAULT_RESNET, type ResNetSpec } from '../shared/presets';

type Init = ReturnType<typeof seededInitializers>;

const conv = (init: Init, filters: number, kernelSize: number, strides: number, name: string) =>
  tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init(), name });

interface Block {
  preActivation: tf.layers.Layer[];
  residual: tf.layers.Layer[];
  projection: tf.layers.Layer | null;
  add: tf.layers.Layer;
}

function createBlock(init: Init, name: string, inWidth: number, width: number, stride: number): Block {
  const bnRelu = (suffix: string) => [
    tf.layers.batchNormalization({ name: `${name}_${suffix}_bn` }),
    tf.layers.reLU({ name: `${name}_${suffix}_relu` }),
  ];
  return {
    preActivation: bnRelu('a'),
    residual: [conv(init, width, 3, stride, `${name}_conv1`), ...bnRelu('b'), conv(init, width, 3, 1, `${name}_conv2`)],
    projection: stride !== 1 || inWidth !== width ? conv(init, width, 1, stride, `${name}_projection`) : null,
    add: tf.layers.add({ name: `${name}_add` }),
  };
}

export function buildResNet(spec: ResNetSpec = DEFAULT_RESNET, seed?: number): Network {
  const init = seededInitializers(seed);
  const stem = conv(init, spec.widths[0] ?? 16, 3, 1, 'stem_conv');
  let inWidth = spec.widths[0] ?? 16;
  const blocks = spec.widths.flatMap((width, stage) =>
    Array.from({ length: spec.blocksPerStage[stage] ?? 1 }, (_, index) => {
      const block = createBlock(
        init,
        `stage${stage + 1}_block${index + 1}`,
        inWidth,
        width,
        stage > 0 && index === 0 ? 2 : 1,
      );
      inWidth = width;
      return block;
    }),
  );
  const head = [
    tf.layers.batchNormalization({ name: 'head_bn' }),
    tf.layers.reLU({ name: 'head_relu' }),
    tf.layers.globalAveragePooling2d({ name: 'global_pool' }),
    tf.layers.dense({ units: spec.classes, kernelInitializer: init(), name: 'logits' }),
  ];

  return assembleNetwork('resnet', (image, wire) => {
    let x = wire(stem, image);
    for (const block of blocks) {
      const activated = chain(block.preActivation, wire, x);
      const shortcut = block.projection ? wire(block.projection, activated) : x;
      x = wire(block.add, [chain(block.residual, wire, activated), shortcut]);
    }
    return chain(head, wire, x);
  });
}
