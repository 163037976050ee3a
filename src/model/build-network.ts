/**
 * Builds the network a model config describes (the configs themselves, plain data both threads use: src/shared/presets.ts).
 */
import { buildDenseNet, REFERENCE_DENSENET } from './densenet';
import { buildDenseNetBC } from './densenet-bc';
import type { ModelConfig } from '../shared/presets';
import type { Network } from './network';
import { buildResNet } from './resnet';

/** Builds the configured network; `seed` makes the initial weights reproducible. */
export function buildNetwork(config: ModelConfig, seed?: number): Network {
  switch (config.preset) {
    case 'seed':
      return buildDenseNet(REFERENCE_DENSENET, seed);
    case 'densenet-bc':
      return buildDenseNetBC(config.spec, seed);
    case 'resnet':
      return buildResNet(config.spec, seed);
  }
}
