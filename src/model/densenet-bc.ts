/**
 * DenseNet-BC (Huang et al., "Densely Connected Convolutional Networks", §3) for 28×28 digits:
 * the bottleneck (B) and compression (C) variant the tutorial describes but does not build.
 *
 *   stem        Conv 3×3, 2k filters                                   28×28×2k
 *   dense unit  BN → ReLU → Conv 1×1 (4k) → BN → ReLU → Conv 3×3 (k) → concat([x, h])
 *   transition  BN → ReLU → Conv 1×1 (⌊θ·C⌋) → AvgPool 2×2             halves the size
 *   head        BN → ReLU → global average pool → Dense(classes)
 *
 * Convolutions followed by batch norm have no bias (batch norm's β takes its place).
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DENSENET_BC, type DenseNetBCSpec } from '../shared/presets';
import { assembleNetwork, chain, seededInitializers, type Network } from './network';

export { DEFAULT_DENSENET_BC, type DenseNetBCSpec } from '../shared/presets';

type Init = ReturnType<typeof seededInitializers>;

const bnRelu = (name: string) => [
  tf.layers.batchNormalization({ name: `${name}_bn` }),
  tf.layers.reLU({ name: `${name}_relu` }),
];
const conv = (init: Init, filters: number, kernelSize: number, name: string) =>
  tf.layers.conv2d({ filters, kernelSize, padding: 'same', useBias: false, kernelInitializer: init(), name });

export function buildDenseNetBC(spec: DenseNetBCSpec = DEFAULT_DENSENET_BC, seed?: number): Network {
  const init = seededInitializers(seed);
  const stem = conv(init, 2 * spec.growth, 3, 'stem_conv');
  let channels = 2 * spec.growth;
  const blocks = spec.blockUnits.map((units, b) => {
    const unitLayers = Array.from({ length: units }, (_, u) => {
      const name = `block${b + 1}_unit${u + 1}`;
      channels += spec.growth;
      return {
        path: [
          ...bnRelu(`${name}_a`),
          conv(init, 4 * spec.growth, 1, `${name}_bottleneck`),
          ...bnRelu(`${name}_b`),
          conv(init, spec.growth, 3, `${name}_conv`),
        ],
        concat: tf.layers.concatenate({ name: u === units - 1 ? `dense_block${b + 1}` : `${name}_concat` }),
      };
    });
    if (b === spec.blockUnits.length - 1) return { unitLayers, transition: [] };
    channels = Math.floor(spec.compression * channels);
    const transition = [
      ...bnRelu(`transition${b + 1}`),
      conv(init, channels, 1, `transition${b + 1}_conv`),
      tf.layers.averagePooling2d({ poolSize: 2, name: `transition${b + 1}` }),
    ];
    return { unitLayers, transition };
  });
  const head = [
    ...bnRelu('head'),
    tf.layers.globalAveragePooling2d({ name: 'global_pool' }),
    tf.layers.dense({ units: spec.classes, kernelInitializer: init(), name: 'logits' }),
  ];

  return assembleNetwork('densenet_bc', (image, wire) => {
    let x = wire(stem, image);
    for (const { unitLayers, transition } of blocks) {
      for (const unit of unitLayers) x = wire(unit.concat, [x, chain(unit.path, wire, x)]);
      x = chain(transition, wire, x);
    }
    return chain(head, wire, x);
  });
}
