/**
 * Command-line options of `npm run train` (src/cli/train.ts), read with node:util's parseArgs
 * from the one parameter table (src/shared/params.ts): the same names, ranges, defaults and
 * number parser as the app's URL and run editor. The defaults are the real run — the full
 * 60k/10k split, 10 epochs, batch 32 — on the wasm backend.
 */
import { parseArgs } from 'node:util';
import {
  accepts,
  appliesTo,
  defaultParameters,
  formatParam,
  parseParam,
  RUN_PARAMS,
  runParam,
  type ParamId,
  type ParamKind,
  type ParamValue,
  type RunParam,
  type RunParameters,
} from '../shared/params';
import { PRESET_NAMES, validateDenseNetBC, type ModelConfig, type PresetName } from '../shared/presets';
import type { TrainingOptions } from '../shared/recipe';
import { denseNetBCSpecOf, runSpecFromParameters } from '../shared/runSpec';

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

/** A command-line mistake, with a message meant for the person who typed it. */
export class CliArgumentError extends Error {}

const CLI_DEFAULT_BACKEND: CliBackend = 'wasm';
const CLI_PARAMS = RUN_PARAMS.filter((param): param is RunParam & { cli: NonNullable<RunParam['cli']> } => !!param.cli);
const RECIPE_KEYS: Partial<Record<ParamId, keyof TrainingOptions>> = {
  lr: 'learningRate',
  schedule: 'schedule',
  wd: 'weightDecay',
  smoothing: 'labelSmoothing',
  augment: 'augment',
};

const PARSE_OPTIONS = {
  ...Object.fromEntries(
    CLI_PARAMS.map((param) => [param.cli.flag, { type: param.kind.type === 'switch' ? 'boolean' : 'string' }] as const),
  ),
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_CLI_OPTIONS: CliOptions = optionsFrom(
  { ...defaultParameters(), backend: CLI_DEFAULT_BACKEND },
  null,
  {},
  false,
);

/** Parses `--flag value` / `--flag=value` / `--augment` / `--no-augment`; throws CliArgumentError on any mistake. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values, compare, recipe, help } = parseCliParameters(argv);
  return optionsFrom(values, compare, recipe, help);
}

/** The command line as run parameters (the table's values), before they become CliOptions. */
export function parseCliParameters(argv: readonly string[]) {
  const given = readArgv(argv);
  const compare = typeof given.compare === 'string' ? (readValue('compare', given.compare) as PresetName[]) : null;
  const presetGiven = typeof given.preset === 'string' ? (readValue('preset', given.preset) as PresetName) : undefined;
  if (compare && presetGiven) throw new CliArgumentError('Use --preset or --compare, not both.');
  // With --compare the DenseNet-BC knobs shape the DenseNet-BC entry.
  const preset = presetGiven ?? (compare?.includes('densenet-bc') ? 'densenet-bc' : 'seed');
  const values: RunParameters = { ...defaultParameters(preset), backend: CLI_DEFAULT_BACKEND };
  const recipe: Partial<TrainingOptions> = {};
  for (const param of CLI_PARAMS) {
    const raw = given[param.cli.flag];
    if (raw === undefined || param.id === 'preset') continue;
    if (!appliesTo(param, preset))
      throw new CliArgumentError(`--${param.cli.flag} applies to --preset ${param.onlyFor} only.`);
    const value = typeof raw === 'boolean' ? raw : readValue(param.id, raw);
    (values as Record<ParamId, ParamValue>)[param.id] = value;
    const recipeKey = RECIPE_KEYS[param.id];
    if (recipeKey) Object.assign(recipe, { [recipeKey]: value });
  }
  if (preset === 'densenet-bc') {
    const problems = validateDenseNetBC(denseNetBCSpecOf(values));
    if (problems.length > 0) throw new CliArgumentError(problems.join(' '));
  }
  if (values.batch > values.train)
    throw new CliArgumentError(`--batch (${values.batch}) cannot be larger than --train (${values.train}).`);
  return { values, compare, recipe, help: given.help === true };
}

function optionsFrom(
  values: RunParameters,
  compare: PresetName[] | null,
  recipeOverrides: Partial<TrainingOptions>,
  help: boolean,
): CliOptions {
  const { model, training } = runSpecFromParameters(values);
  return {
    backend: values.backend as CliBackend,
    epochs: values.epochs,
    batchSize: values.batch,
    trainCount: values.train,
    testCount: values.test,
    seed: values.seed,
    model,
    training,
    compare,
    recipeOverrides,
    help,
  };
}

/** parseArgs, with its errors reworded for the person at the terminal. */
function readArgv(argv: readonly string[]): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: true, allowNegative: true }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliArgumentError(`Unknown option ${option}; see --help.`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const problem = message.includes('does not take') ? 'takes no value' : 'needs a value';
      throw new CliArgumentError(`${option} ${problem}.`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const argument = /'([^']+)'/.exec(message)?.[1] ?? '';
      throw new CliArgumentError(`Unexpected argument "${argument}". Options start with --; see --help.`);
    }
    throw error;
  }
}

function readValue(id: ParamId, raw: string): ParamValue {
  const param = runParam(id);
  const value = parseParam(param.kind, raw, param.cli?.values);
  if (value === undefined)
    throw new CliArgumentError(`--${param.cli?.flag} must be ${accepts(param.kind, param.cli?.values)}; got "${raw}".`);
  return value;
}

/** `--help`: every flag of the table with its values, range and default. */
export const USAGE = [
  'Usage: npm run train -- [options]',
  '',
  'Trains a preset (the tutorial’s DenseNet by default) on MNIST in Node with the app’s own model,',
  'loop and data files, or several one after another with --compare.',
  '',
  ...CLI_PARAMS.map((param) => usageLine(param)),
  `  ${'-h, --help'.padEnd(26)}This text`,
].join('\n');

function usageLine(param: RunParam & { cli: NonNullable<RunParam['cli']> }): string {
  const { flag, values } = param.cli;
  const left = param.kind.type === 'switch' ? `--${flag}, --no-${flag}` : `--${flag} ${metavar(param.kind, values)}`;
  const range = rangeText(param.kind);
  const right = `${param.help.replace(/\.$/, '')} (${range ? `${range}; ` : ''}${defaultText(param)})`;
  return left.length < 26 ? `  ${left.padEnd(26)}${right}` : `  ${left}\n  ${' '.repeat(26)}${right}`;
}

function metavar(kind: ParamKind, values?: readonly string[]): string {
  if (kind.type === 'choice') return (values ?? kind.values).join('|');
  if (kind.type === 'whole-list') return 'A,B,C';
  if (kind.type === 'choice-list') return 'A,B[,…]';
  return kind.type === 'whole' ? 'N' : 'X';
}

/** The range in a few characters: "1–100", "(0, 1]", "each 1–24", or the presets a list takes. */
function rangeText(kind: ParamKind): string {
  const number = (value: number) => value.toLocaleString('en-US');
  switch (kind.type) {
    case 'whole':
      return `${number(kind.min)}–${number(kind.max)}`;
    case 'decimal':
      return `${kind.minExclusive ? '(' : '['}${kind.min}, ${kind.max}${kind.maxExclusive ? ')' : ']'}`;
    case 'whole-list':
      return `each ${kind.min}–${kind.max}`;
    case 'choice-list':
      return `at least ${kind.minLength} of ${kind.values.join(', ')}`;
    default:
      return '';
  }
}

/** "default 10", or per preset where the presets differ: "default 0.001 for seed, 0.003 for densenet-bc, resnet". */
function defaultText(param: RunParam): string {
  if (param.id === 'backend') return `default ${CLI_DEFAULT_BACKEND}`;
  if (param.id === 'compare') return 'default: no comparison';
  if (param.id === 'preset') return `default ${defaultParameters().preset}`;
  const presets = param.onlyFor ? [param.onlyFor] : PRESET_NAMES;
  const byValue = new Map<string, string[]>();
  for (const preset of presets) {
    const value = defaultParameters(preset)[param.id];
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : formatParam(param, value);
    byValue.set(text, [...(byValue.get(text) ?? []), preset]);
  }
  if (byValue.size === 1) return `default ${[...byValue.keys()][0]}`;
  return `default ${[...byValue].map(([text, names]) => `${text} for ${names.join(', ')}`).join('; ')}`;
}
