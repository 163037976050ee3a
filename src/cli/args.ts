/**
 * Command-line options of `npm run train` (src/cli/train.ts). The defaults are the real run —
 * the full 60k/10k split, 10 epochs, batch 32, the wasm backend — and every option only
 * shortens or redirects it, with the same ranges as the app's URL parameters.
 */
import { PRESET_NAMES, presetConfig, validateDenseNetBC, type ModelConfig, type PresetName } from '../model/presets';
import { INTEGER_PARAMS, MNIST_TEST_COUNT, MNIST_TRAIN_COUNT } from '../settings/settings';

export type CliBackend = 'wasm' | 'cpu';

export interface CliOptions {
  backend: CliBackend;
  epochs: number;
  batchSize: number;
  trainCount: number;
  testCount: number;
  /** Weight initialisation and shuffle seed; null picks one at random. */
  seed: number | null;
  /** The architecture; `seed` (the tutorial's model) unless --preset says otherwise. */
  model: ModelConfig;
  help: boolean;
}

export const DEFAULT_CLI_OPTIONS: CliOptions = {
  backend: 'wasm',
  epochs: 10,
  batchSize: 32,
  trainCount: MNIST_TRAIN_COUNT,
  testCount: MNIST_TEST_COUNT,
  seed: null,
  model: { preset: 'seed' },
  help: false,
};

export const USAGE = `Usage: npm run train -- [options]

Trains the reference DenseNet on MNIST in Node with the app's own model, loop and data files.

  --backend wasm|cpu   TF.js backend (default wasm: XNNPACK + this app's training kernels)
  --epochs N           passes over the training set, 1-100 (default 10)
  --batch N            images per step, 1-512 (default 32)
  --train N            training images used, 1-${MNIST_TRAIN_COUNT} (default all)
  --test N             test images evaluated per epoch, 1-${MNIST_TEST_COUNT} (default all)
  --seed N             seed for initial weights and shuffling (default random)
  --preset NAME        seed (the tutorial's DenseNet, default), densenet-bc or resnet
  --growth K           densenet-bc: growth rate k (default 12)
  --units A,B,C        densenet-bc: units per dense block (default 4,4,4)
  --compression T      densenet-bc: transition compression θ in (0, 1] (default 0.5)
  --help               this text`;

/** A command-line mistake, with a message meant for the person who typed it. */
export class CliArgumentError extends Error {}

const FLAG_TO_KEY = { epochs: 'epochs', batch: 'batchSize', train: 'trainCount', test: 'testCount' } as const;

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliArgumentError(`--${flag} must be a whole number from ${min} to ${max}; got "${text}".`);
  }
  return value;
}

/** Parses `--flag value` / `--flag=value` arguments; throws CliArgumentError on any mistake. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { ...DEFAULT_CLI_OPTIONS };
  const bcKnobs: BcKnobs = {};
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--help' || argument === '-h') {
      options.help = true;
      continue;
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(argument);
    if (!match) throw new CliArgumentError(`Unexpected argument "${argument}". Options start with --; see --help.`);
    const flag = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new CliArgumentError(`--${flag} needs a value.`);
    if (flag === 'backend') {
      if (value !== 'wasm' && value !== 'cpu') throw new CliArgumentError(`--backend must be wasm or cpu; got "${value}".`);
      options.backend = value;
    } else if (flag === 'preset') {
      if (!(PRESET_NAMES as readonly string[]).includes(value)) throw new CliArgumentError(`--preset must be one of ${PRESET_NAMES.join(', ')}; got "${value}".`);
      bcKnobs.preset = value as PresetName;
    } else if (flag === 'growth' || flag === 'units' || flag === 'compression') {
      bcKnobs[flag] = value;
    } else if (flag === 'seed') {
      options.seed = integer(flag, value, 0, 2 ** 31 - 1);
    } else if (flag in FLAG_TO_KEY) {
      const key = FLAG_TO_KEY[flag as keyof typeof FLAG_TO_KEY];
      const range = INTEGER_PARAMS.find((param) => param.key === key)!;
      options[key] = integer(flag, value, range.min, range.max);
    } else {
      throw new CliArgumentError(`Unknown option --${flag}; see --help.`);
    }
  }
  options.model = modelFromKnobs(bcKnobs);
  if (options.batchSize > options.trainCount) {
    throw new CliArgumentError(`--batch (${options.batchSize}) cannot be larger than --train (${options.trainCount}).`);
  }
  return options;
}

interface BcKnobs {
  preset?: PresetName;
  growth?: string;
  units?: string;
  compression?: string;
}

/** The model config from --preset and the DenseNet-BC knobs, checked by the preset's own validation. */
function modelFromKnobs(knobs: BcKnobs): ModelConfig {
  const preset = knobs.preset ?? 'seed';
  const knobNames = (['growth', 'units', 'compression'] as const).filter((name) => knobs[name] !== undefined);
  const config = presetConfig(preset);
  if (config.preset !== 'densenet-bc') {
    if (knobNames.length > 0) throw new CliArgumentError(`--${knobNames[0]} applies to --preset densenet-bc only.`);
    return config;
  }
  const number = (flag: string, text: string) => {
    if (!/^\d+(\.\d+)?$/.test(text)) throw new CliArgumentError(`--${flag} must be a number; got "${text}".`);
    return Number(text);
  };
  if (knobs.growth !== undefined) config.spec.growth = number('growth', knobs.growth);
  if (knobs.compression !== undefined) config.spec.compression = number('compression', knobs.compression);
  if (knobs.units !== undefined) config.spec.blockUnits = knobs.units.split(',').map((part) => number('units', part.trim()));
  const problems = validateDenseNetBC(config.spec);
  if (problems.length > 0) throw new CliArgumentError(problems.join(' '));
  return config;
}

/**
 * One epoch in the tutorial's own words (seed/…txt, `template`): losses in nats, accuracies
 * in percent, e.g. `Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900`.
 */
export function formatEpochLine(report: { epoch: number; loss: number; accuracy: number; testLoss: number; testAccuracy: number }): string {
  const percent = (fraction: number) => (fraction * 100).toFixed(4);
  return `Epoch ${report.epoch}, Loss: ${report.loss.toFixed(4)}, Accuracy: ${percent(report.accuracy)}, Test Loss: ${report.testLoss.toFixed(4)}, Test Accuracy: ${percent(report.testAccuracy)}`;
}
