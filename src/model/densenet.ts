/**
 * The reference DenseNet of the tutorial, built from tfjs-layers.
 *
 *   input 28×28×1
 *   Conv2D(8, 3×3, same, relu)                     28×28×8
 *   DenseBlock(2 units, growth 4)                  28×28×16   unit: BN → ReLU → Conv2D(g, 3×3) → concat([x, h])
 *   Transition: Conv2D(16, 3×3) → MaxPool 2×2      14×14×16
 *   DenseBlock(2, 8)                               14×14×32
 *   Transition: Conv2D(32, 3×3) → MaxPool 2×2      7×7×32
 *   DenseBlock(2, 16)                              7×7×64
 *   Flatten → Dense(128, relu) → Dense(10) → softmax
 *
 * The layers are created once and wired twice (src/model/network.ts): into the symbolic model
 * and eagerly for the training step.
 */
import * as tf from '@tensorflow/tfjs';
import { assembleNetwork, seededInitializers, type GraphNode, type Network, type Wire } from './network';

export { countParameters, IMAGE_SHAPE } from './network';

export interface DenseBlockSpec {
  /** Dense units in the block; each adds `growth` channels. */
  units: number;
  /** Channels each unit's 3×3 convolution adds (the growth rate k). */
  growth: number;
  /** Filters of the transition conv after this block; omitted for the last block. */
  transitionFilters?: number;
}

export interface DenseNetSpec {
  stemFilters: number;
  blocks: DenseBlockSpec[];
  hiddenUnits: number;
  classes: number;
}

/** The tutorial's model: 430,210 parameters, 429,930 of them trainable. */
export const REFERENCE_DENSENET: DenseNetSpec = {
  stemFilters: 8,
  blocks: [
    { units: 2, growth: 4, transitionFilters: 16 },
    { units: 2, growth: 8, transitionFilters: 32 },
    { units: 2, growth: 16 },
  ],
  hiddenUnits: 128,
  classes: 10,
};

/** A built network (see src/model/network.ts); the name predates the other presets. */
export type DenseNet = Network;

interface DenseNetLayers {
  stem: tf.layers.Layer;
  blocks: {
    units: { bn: tf.layers.Layer; relu: tf.layers.Layer; conv: tf.layers.Layer; concat: tf.layers.Layer }[];
    transition?: [tf.layers.Layer, tf.layers.Layer];
  }[];
  head: tf.layers.Layer[];
}

/**
 * Builds the network. `seed` makes the Glorot-uniform kernel initialisation reproducible
 * (each layer gets `seed + its index`); biases start at zero, as in Keras.
 */
export function buildDenseNet(spec: DenseNetSpec = REFERENCE_DENSENET, seed?: number): DenseNet {
  const layers = createLayers(spec, seed);
  return assembleNetwork('densenet', (image, wire) => wireLayers(layers, image, wire));
}

function createLayers(spec: DenseNetSpec, seed: number | undefined): DenseNetLayers {
  const kernelInitializer = seededInitializers(seed);
  const conv = (filters: number, name: string, activation: 'relu' | 'linear' = 'linear') =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation,
      kernelInitializer: kernelInitializer(),
      name,
    });

  const blocks = spec.blocks.map((block, b) => {
    const prefix = `block${b + 1}`;
    const units = Array.from({ length: block.units }, (_, u) => ({
      bn: tf.layers.batchNormalization({ name: `${prefix}_unit${u + 1}_bn` }),
      relu: tf.layers.reLU({ name: `${prefix}_unit${u + 1}_relu` }),
      conv: conv(block.growth, `${prefix}_unit${u + 1}_conv`),
      // The block's last concatenation is its output; name it after the block.
      concat: tf.layers.concatenate({
        name: u === block.units - 1 ? `dense_${prefix}` : `${prefix}_unit${u + 1}_concat`,
      }),
    }));
    const transition: [tf.layers.Layer, tf.layers.Layer] | undefined =
      block.transitionFilters === undefined
        ? undefined
        : [
            conv(block.transitionFilters, `transition${b + 1}_conv`),
            tf.layers.maxPooling2d({ poolSize: 2, name: `transition${b + 1}` }),
          ];
    return transition ? { units, transition } : { units };
  });

  return {
    stem: conv(spec.stemFilters, 'stem_conv', 'relu'),
    blocks,
    head: [
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({
        units: spec.hiddenUnits,
        activation: 'relu',
        kernelInitializer: kernelInitializer(),
        name: 'hidden',
      }),
      tf.layers.dense({ units: spec.classes, kernelInitializer: kernelInitializer(), name: 'logits' }),
    ],
  };
}

/** Connects the layers from the image to the logits; works on symbolic and concrete tensors alike. */
function wireLayers(layers: DenseNetLayers, image: GraphNode, wire: Wire): GraphNode {
  let x = wire(layers.stem, image);
  for (const block of layers.blocks) {
    for (const unit of block.units) {
      const h = wire(unit.conv, wire(unit.relu, wire(unit.bn, x)));
      x = wire(unit.concat, [x, h]);
    }
    if (block.transition) for (const layer of block.transition) x = wire(layer, x);
  }
  for (const layer of layers.head) x = wire(layer, x);
  return x;
}
