/**
 * The architectures a run can use, each one config object (issue 7): `seed`, the tutorial's
 * model and the default; `densenet-bc` with its knobs; `resnet`, the point of comparison.
 */
import { buildDenseNet, REFERENCE_DENSENET } from './densenet';
import { buildDenseNetBC, DEFAULT_DENSENET_BC, type DenseNetBCSpec } from './densenet-bc';
import type { Network } from './network';
import { buildResNet, DEFAULT_RESNET, type ResNetSpec } from './resnet';

export const PRESET_NAMES = ['seed', 'densenet-bc', 'resnet'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export type ModelConfig =
  | { preset: 'seed' }
  | { preset: 'densenet-bc'; spec: DenseNetBCSpec }
  | { preset: 'resnet'; spec: ResNetSpec };

export const DEFAULT_MODEL_CONFIG: ModelConfig = { preset: 'seed' };

export function presetConfig(name: PresetName): ModelConfig {
  if (name === 'densenet-bc') return { preset: name, spec: { ...DEFAULT_DENSENET_BC, blockUnits: [...DEFAULT_DENSENET_BC.blockUnits] } };
  if (name === 'resnet') return { preset: name, spec: { ...DEFAULT_RESNET, widths: [...DEFAULT_RESNET.widths], blocksPerStage: [...DEFAULT_RESNET.blocksPerStage] } };
  return { preset: 'seed' };
}

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

/** A 28×28 map halves at each transition (28, 14, 7, 3, 1): at most four, so five blocks. */
const MAX_BLOCKS = 5;

const wholeNumber = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

/**
 * Everything wrong with a DenseNet-BC spec, one sentence each (empty when it can be built).
 */
export function validateDenseNetBC(spec: DenseNetBCSpec): string[] {
  const problems: string[] = [];
  if (!wholeNumber(spec.growth, 1, 64)) problems.push(`The growth rate k must be a whole number from 1 to 64; got ${spec.growth}.`);
  if (!(spec.compression > 0 && spec.compression <= 1)) problems.push(`The compression θ must be above 0 and at most 1; got ${spec.compression}.`);
  if (spec.blockUnits.length === 0) problems.push('Give at least one dense block.');
  if (spec.blockUnits.length > MAX_BLOCKS) {
    problems.push(`Block ${MAX_BLOCKS + 1} cannot be reached: a 28×28 image can be pooled ${MAX_BLOCKS - 1} times (28, 14, 7, 3, 1), so use at most ${MAX_BLOCKS} blocks.`);
  }
  spec.blockUnits.forEach((units, index) => {
    if (!wholeNumber(units, 1, 24)) problems.push(`Block ${index + 1} needs a whole number of units from 1 to 24; got ${units}.`);
  });
  if (problems.length === 0) problems.push(...emptyTransitions(spec));
  return problems;
}

/** Transitions that would keep no channels (θ too small for the channels they receive). */
function emptyTransitions({ growth, blockUnits, compression }: DenseNetBCSpec): string[] {
  let channels = 2 * growth;
  const problems: string[] = [];
  blockUnits.slice(0, -1).forEach((units, index) => {
    channels = Math.floor(compression * (channels + units * growth));
    if (channels < 1) problems.push(`Transition ${index + 1} would keep no channels: raise the compression θ (${compression}).`);
  });
  return problems;
}
