/**
 * The architectures a run can use, each one config object: `seed`, the tutorial's
 * model and the default; `densenet-bc` with its knobs; `resnet`, the point of comparison.
 * Plain data and checks only, no TF.js: the UI's editor and the URL parser use them too.
 * The builders are in presets.ts.
 */

export interface DenseNetBCSpec {
  /** Growth rate k: the channels each dense unit adds. */
  growth: number;
  /** Units per dense block; a transition follows every block but the last. */
  blockUnits: number[];
  /** Compression θ ∈ (0, 1]: a transition keeps ⌊θ·C⌋ of its C channels. */
  compression: number;
  classes: number;
}

/** k = 12, three blocks of four units, θ = 0.5: 105,190 parameters. */
export const DEFAULT_DENSENET_BC: DenseNetBCSpec = { growth: 12, blockUnits: [4, 4, 4], compression: 0.5, classes: 10 };

export interface ResNetSpec {
  /** Filters of each stage's convolutions. */
  widths: number[];
  /** Residual blocks per stage (same length as `widths`). */
  blocksPerStage: number[];
  classes: number;
}

/** Widths 16/32/64 with 2, 2, 1 blocks: 101,466 parameters, near DenseNet-BC's default 105,190. */
export const DEFAULT_RESNET: ResNetSpec = { widths: [16, 32, 64], blocksPerStage: [2, 2, 1], classes: 10 };

export const PRESET_NAMES = ['seed', 'densenet-bc', 'resnet'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export type ModelConfig =
  { preset: 'seed' } | { preset: 'densenet-bc'; spec: DenseNetBCSpec } | { preset: 'resnet'; spec: ResNetSpec };

export function presetConfig(name: PresetName): ModelConfig {
  if (name === 'densenet-bc')
    return { preset: name, spec: { ...DEFAULT_DENSENET_BC, blockUnits: [...DEFAULT_DENSENET_BC.blockUnits] } };
  if (name === 'resnet')
    return {
      preset: name,
      spec: {
        ...DEFAULT_RESNET,
        widths: [...DEFAULT_RESNET.widths],
        blocksPerStage: [...DEFAULT_RESNET.blocksPerStage],
      },
    };
  return { preset: 'seed' };
}

/** A 28×28 map halves at each transition (28, 14, 7, 3, 1): at most four, so five blocks. */
const MAX_BLOCKS = 5;

const wholeNumber = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/**
 * Everything wrong with a DenseNet-BC spec, one sentence each (empty when it can be built).
 */
export function validateDenseNetBC(spec: DenseNetBCSpec): string[] {
  const problems: string[] = [];
  if (!wholeNumber(spec.growth, 1, 64))
    problems.push(`The growth rate k must be a whole number from 1 to 64; got ${spec.growth}.`);
  if (!(spec.compression > 0 && spec.compression <= 1))
    problems.push(`The compression θ must be above 0 and at most 1; got ${spec.compression}.`);
  if (spec.blockUnits.length === 0) problems.push('Give at least one dense block.');
  if (spec.blockUnits.length > MAX_BLOCKS) {
    problems.push(
      `Block ${MAX_BLOCKS + 1} cannot be reached: a 28×28 image can be pooled ${MAX_BLOCKS - 1} times (28, 14, 7, 3, 1), so use at most ${MAX_BLOCKS} blocks.`,
    );
  }
  spec.blockUnits.forEach((units, index) => {
    if (!wholeNumber(units, 1, 24))
      problems.push(`Block ${index + 1} needs a whole number of units from 1 to 24; got ${units}.`);
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
    if (channels < 1)
      problems.push(`Transition ${index + 1} would keep no channels: raise the compression θ (${compression}).`);
  });
  return problems;
}
