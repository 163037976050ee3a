/**
 * A run's recipe beyond the architecture: the learning rate and its schedule, decoupled
 * weight decay, label smoothing and on-device augmentation. `seed` keeps the tutorial's recipe
 * (Adam 1e-3, constant, nothing else) so its numbers stay reproducible; the other presets get
 * the tuned recipe by default. A `RunSpec` (model + recipe) is what the URL, the UI's editor,
 * the compare view and the CLI share.
 */
import { presetConfig, type ModelConfig, type PresetName } from './presets';
import type { ScheduleName } from './schedule';

export interface TrainingOptions {
  /** Adam's base rate: the constant rate, or the schedule's peak. */
  learningRate: number;
  schedule: ScheduleName;
  /** Decoupled (AdamW) weight decay per unit learning rate, on kernels only; 0 = off. */
  weightDecay: number;
  /** ε in the smoothed targets (1−ε on the label, ε/10 spread over all classes); 0 = off. */
  labelSmoothing: number;
  /** Random shifts ±2 px, rotations ±10°, scales ±10 % per training image (DEFAULT_AUGMENT). */
  augment: boolean;
}

/** The tutorial's recipe: Adam 1e-3, constant, no decay, no smoothing, no augmentation. */
export const SEED_TRAINING: TrainingOptions = {
  learningRate: 1e-3,
  schedule: 'constant',
  weightDecay: 0,
  labelSmoothing: 0,
  augment: false,
};

/**
 * The recipe for the 99.6 % target: one-cycle to a 3e-3 peak (super-convergence: a short warm-up,
 * then a long anneal), AdamW decay 1e-2 (PyTorch AdamW's default), smoothing 0.1 and augmentation.
 */
export const TUNED_TRAINING: TrainingOptions = {
  learningRate: 3e-3,
  schedule: 'one-cycle',
  weightDecay: 1e-2,
  labelSmoothing: 0.1,
  augment: true,
};

export function defaultTrainingOptions(preset: PresetName): TrainingOptions {
  return { ...(preset === 'seed' ? SEED_TRAINING : TUNED_TRAINING) };
}

/** One configuration to train: what the compare view lines up, and what a URL or the CLI describes. */
export interface RunSpec {
  model: ModelConfig;
  training: TrainingOptions;
}

/** A preset as it comes: its default architecture and its default recipe. */
export function presetRunSpec(preset: PresetName): RunSpec {
  return { model: presetConfig(preset), training: defaultTrainingOptions(preset) };
}

const PRESET_TITLES: Record<PresetName, string> = {
  seed: 'Seed DenseNet',
  'densenet-bc': 'DenseNet-BC',
  resnet: 'ResNet',
};

/** A short name for a model config, e.g. "DenseNet-BC k=12 4-4-4 θ=0.5". */
export function describeModel(model: ModelConfig): string {
  switch (model.preset) {
    case 'seed':
      return PRESET_TITLES.seed;
    case 'densenet-bc':
      return `${PRESET_TITLES['densenet-bc']} k=${model.spec.growth} ${model.spec.blockUnits.join('-')} θ=${model.spec.compression}`;
    case 'resnet':
      return `${PRESET_TITLES.resnet} ${model.spec.widths.join('/')} ${model.spec.blocksPerStage.join('-')}`;
  }
}

/** A short name for a recipe, e.g. "one-cycle 0.003, wd 0.01, smoothing 0.1, augmented". */
export function describeTraining(options: TrainingOptions): string {
  const parts = [`${options.schedule} ${options.learningRate}`];
  if (options.weightDecay > 0) parts.push(`wd ${options.weightDecay}`);
  if (options.labelSmoothing > 0) parts.push(`smoothing ${options.labelSmoothing}`);
  if (options.augment) parts.push('augmented');
  return parts.join(', ');
}

export function describeRun(spec: RunSpec): string {
  return `${describeModel(spec.model)} · ${describeTraining(spec.training)}`;
}
