/**
 * Feature maps: the activations of one image after the stem convolution, each dense block
 * and each transition. A second tfjs-layers model over the same symbolic graph reads them, so
 * it shares the trained weights and needs no copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureLayer } from '../worker/insights';

interface Tap {
  name: string;
  title: string;
  /** For a dense block: its first unit's batch norm, whose input is the block's input. */
  blockInput?: string;
}

/**
 * The layers shown, in order: the stem, then each dense block and transition (the seed DenseNet
 * and DenseNet-BC) or the end of each residual stage (ResNet).
 */
export function featureTaps(model: tf.LayersModel): Tap[] {
  const names = new Set(model.layers.map((layer) => layer.name));
  const taps: Tap[] = [{ name: 'stem_conv', title: 'after the first convolution' }];
  for (let block = 1; names.has(`dense_block${block}`); block++) {
    // The seed's unit starts with `…_unit1_bn`, DenseNet-BC's with `…_unit1_a_bn`.
    const blockInput = [`block${block}_unit1_bn`, `block${block}_unit1_a_bn`].find((name) => names.has(name));
    taps.push({
      name: `dense_block${block}`,
      title: `after dense block ${block}`,
      ...(blockInput ? { blockInput } : {}),
    });
    if (names.has(`transition${block}`)) taps.push({ name: `transition${block}`, title: `after transition ${block}` });
  }
  for (let stage = 1; names.has(`stage${stage}_block1_add`); stage++) {
    let last = 1;
    while (names.has(`stage${stage}_block${last + 1}_add`)) last++;
    taps.push({ name: `stage${stage}_block${last}_add`, title: `after residual stage ${stage}` });
  }
  return taps.filter((tap) => names.has(tap.name));
}

export interface FeatureExtractor {
  /** `pixels`: 784 floats 0–1. Resolves to one entry per tapped layer (HWC values). */
  extract(pixels: Float32Array): Promise<FeatureLayer[]>;
}

export function createFeatureExtractor(model: tf.LayersModel): FeatureExtractor {
  const taps = featureTaps(model);
  const outputs = taps.map((tap) => model.getLayer(tap.name).output as tf.SymbolicTensor);
  const extractor = tf.model({ inputs: model.inputs, outputs, name: 'feature_taps' });
  // Channels at the block's input came from earlier layers; the rest were concatenated in by the block.
  const newChannelsFrom = taps.map((tap) =>
    tap.blockInput ? ((model.getLayer(tap.blockInput).input as tf.SymbolicTensor).shape[3] ?? null) : null,
  );

  return {
    async extract(pixels) {
      const activations = tf.tidy(() => extractor.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor[]);
      try {
        const values = await Promise.all(activations.map((t) => t.data() as Promise<Float32Array>));
        return taps.map((tap, i) => {
          const [, height, width, channels] = activations[i]!.shape as number[];
          return {
            name: tap.name,
            title: tap.title,
            height: height!,
            width: width!,
            channels: channels!,
            newChannelsFrom: newChannelsFrom[i]!,
            values: values[i]!,
          };
        });
      } finally {
        tf.dispose(activations);
      }
    },
  };
}
