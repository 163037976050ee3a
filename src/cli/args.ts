/**
 * Command-line options of `npm run train` (src/cli/train.ts). The defaults are the real run —
 * the full 60k/10k split, 10 epochs, batch 32, the wasm backend — and every option only
 * shortens or redirects it, with the same ranges as the app's URL parameters.
 */
import { PRESET_NAMES, presetConfig, validateDenseNetBC, type ModelConfig, type PresetName } from '../shared/presets';
import { INTEGER_PARAMS, MNIST_TEST_COUNT, MNIST_TRAIN_COUNT } from '../shared/settings';
import { defaultTrainingOptions, validateTrainingOptions, type TrainingOptions } from '../shared/recipe';
import { SCHEDULE_NAMES, type ScheduleName } from '../shared/schedule';

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
  /** The recipe: the preset's default, with any of --lr/--schedule/--weight-decay/--smoothing/--augment over it. */
  training: TrainingOptions;
  /** --compare: train these presets one after another on the same data and seed, then print a table. */
  compare: PresetName[] | null;
  /** The recipe options given explicitly (applied over each compared preset's default). */
  recipeOverrides: Partial<TrainingOptions>;
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
  training: defaultTrainingOptions('seed'),
  compare: null,
  recipeOverrides: {},
  help: false,
};

export const USAGE = `Usage: npm run train -- [options]

Trains a preset (the tutorial's DenseNet by default) on MNIST in Node with the app's own model,
loop and data files, or several one after another with --compare.

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
  --lr X               Adam's base (peak) learning rate (default 0.001 for seed, 0.003 otherwise)
  --schedule NAME      ${SCHEDULE_NAMES.join(', ')} (default constant for seed, one-cycle otherwise)
  --weight-decay X     decoupled (AdamW) weight decay (default 0 for seed, 0.01 otherwise)
  --smoothing X        label smoothing ε in [0, 1) (default 0 for seed, 0.1 otherwise)
  --augment, --no-augment
                       random shifts ±2 px, rotations ±10°, scales ±10 % per training image
                       (default off for seed, on otherwise)
  --compare A,B[,…]    train these presets one after another (same data, same seed, each with its
                       default recipe unless the options above say otherwise) and print a table
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
  const recipe: Partial<TrainingOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--help' || argument === '-h') {
      options.help = true;
      continue;
    }
    if (argument === '--augment' || argument === '--no-augment') {
      recipe.augment = argument === '--augment';
      continue;
    }
    const match = /^--([a-z]+(?:-[a-z]+)*)(?:=(.*))?$/.exec(argument);
    if (!match) throw new CliArgumentError(`Unexpected argument "${argument}". Options start with --; see --help.`);
    const flag = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new CliArgumentError(`--${flag} needs a value.`);
    if (flag === 'backend') {
      if (value !== 'wasm' && value !== 'cpu')
        throw new CliArgumentError(`--backend must be wasm or cpu; got "${value}".`);
      options.backend = value;
    } else if (flag === 'preset') {
      if (!(PRESET_NAMES as readonly string[]).includes(value))
        throw new CliArgumentError(`--preset must be one of ${PRESET_NAMES.join(', ')}; got "${value}".`);
      bcKnobs.preset = value as PresetName;
    } else if (flag === 'growth' || flag === 'units' || flag === 'compression') {
      bcKnobs[flag] = value;
    } else if (flag === 'lr' || flag === 'weight-decay' || flag === 'smoothing') {
      const key = flag === 'lr' ? 'learningRate' : flag === 'weight-decay' ? 'weightDecay' : 'labelSmoothing';
      recipe[key] = decimal(flag, value);
    } else if (flag === 'schedule') {
      if (!(SCHEDULE_NAMES as readonly string[]).includes(value))
        throw new CliArgumentError(`--schedule must be one of ${SCHEDULE_NAMES.join(', ')}; got "${value}".`);
      recipe.schedule = value as ScheduleName;
    } else if (flag === 'compare') {
      const names = value.split(',').map((name) => name.trim());
      const unknown = names.find((name) => !(PRESET_NAMES as readonly string[]).includes(name));
      if (unknown !== undefined)
        throw new CliArgumentError(`--compare takes preset names (${PRESET_NAMES.join(', ')}); got "${unknown}".`);
      if (names.length < 2)
        throw new CliArgumentError('--compare needs at least two presets, e.g. --compare densenet-bc,resnet.');
      options.compare = names as PresetName[];
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
  if (options.compare && bcKnobs.preset) throw new CliArgumentError('Use --preset or --compare, not both.');
  options.model = modelFromKnobs(bcKnobs, options.compare?.includes('densenet-bc') ?? false);
  options.training = { ...defaultTrainingOptions(options.model.preset), ...recipe };
  options.recipeOverrides = recipe;
  const recipeProblems = validateTrainingOptions(options.training);
  if (recipeProblems.length > 0) throw new CliArgumentError(recipeProblems.join(' '));
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

function decimal(flag: string, text: string): number {
  if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(text)) throw new CliArgumentError(`--${flag} must be a number; got "${text}".`);
  return Number(text);
}

/**
 * The model config from --preset and the DenseNet-BC knobs, checked by the preset's own
 * validation; with --compare, the knobs shape the DenseNet-BC entry.
 */
function modelFromKnobs(knobs: BcKnobs, comparingBC: boolean): ModelConfig {
  const preset = knobs.preset ?? (comparingBC ? 'densenet-bc' : 'seed');
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
  if (knobs.units !== undefined)
    config.spec.blockUnits = knobs.units.split(',').map((part) => number('units', part.trim()));
  const problems = validateDenseNetBC(config.spec);
  if (problems.length > 0) throw new CliArgumentError(problems.join(' '));
  return config;
}

/**
 * One epoch in the tutorial's own words (seed/…txt, `template`): losses in nats, accuracies
 * in percent, e.g. `Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900`.
 */
export function formatEpochLine(report: {
  epoch: number;
  loss: number;
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
}): string {
  const percent = (fraction: number) => (fraction * 100).toFixed(4);
  return `Epoch ${report.epoch}, Loss: ${report.loss.toFixed(4)}, Accuracy: ${percent(report.accuracy)}, Test Loss: ${report.testLoss.toFixed(4)}, Test Accuracy: ${percent(report.testAccuracy)}`;
}

/** One compared run as the CLI prints it. */
export interface ComparisonRow {
  name: string;
  parameters: number;
  macsPerImage: number;
  imagesPerSecond: number;
  /** Test accuracy (0–1) after each epoch. */
  testAccuracies: number[];
}

/** A plain-text table: parameters, multiply-adds, speed, test accuracy per epoch and the final test error. */
export function comparisonTable(rows: ComparisonRow[]): string {
  const epochs = Math.max(0, ...rows.map((row) => row.testAccuracies.length));
  const header = [
    'run',
    'parameters',
    'M mult-adds',
    'images/s',
    ...Array.from({ length: epochs }, (_, i) => `ep${i + 1} acc %`),
    'final error %',
  ];
  const lines = rows.map((row) => [
    row.name,
    row.parameters.toLocaleString('en-US'),
    (row.macsPerImage / 1e6).toFixed(2),
    Number.isFinite(row.imagesPerSecond) ? row.imagesPerSecond.toFixed(1) : '–',
    ...Array.from({ length: epochs }, (_, i) =>
      row.testAccuracies[i] === undefined ? '–' : (row.testAccuracies[i]! * 100).toFixed(2),
    ),
    row.testAccuracies.length ? ((1 - row.testAccuracies.at(-1)!) * 100).toFixed(2) : '–',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}
