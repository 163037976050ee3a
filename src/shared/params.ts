/**
 * Every run parameter, declared once: its key in the URL, its command-line flag, its label in
 * the run editor, what values it takes, its default for each preset and one line of help.
 * The URL parser (settings.ts), the CLI (cli/args.ts) and the editor (ui/state/runDraft.ts)
 * all read this table and share one value parser and one way of saying what a value must be.
 */
import { parseDecimal, parseWholeNumber } from './numbers';
import { DEFAULT_DENSENET_BC, PRESET_NAMES, type PresetName } from './presets';
import { defaultTrainingOptions } from './recipe';
import { SCHEDULE_NAMES, type ScheduleName } from './schedule';

export const BACKEND_REQUESTS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

export const MNIST_TRAIN_COUNT = 60_000;
export const MNIST_TEST_COUNT = 10_000;

/** The parameters as plain values, one field per table entry. */
export interface RunParameters {
  epochs: number;
  batch: number;
  train: number;
  test: number;
  backend: BackendRequest;
  /** null: a random seed per run. */
  seed: number | null;
  checkpoint: number;
  hooks: boolean;
  preset: PresetName;
  growth: number;
  units: number[];
  compression: number;
  lr: number;
  schedule: ScheduleName;
  wd: number;
  smoothing: number;
  augment: boolean;
  compare: PresetName[];
}

export type ParamId = keyof RunParameters;
export type ParamValue = RunParameters[ParamId];

interface Bounds {
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export type ParamKind =
  | ({ type: 'whole' } & Bounds)
  | ({ type: 'decimal' } & Bounds)
  | { type: 'choice'; values: readonly string[] }
  | { type: 'switch' }
  | ({ type: 'whole-list' } & Bounds)
  | { type: 'choice-list'; values: readonly string[]; minLength: number };

export interface RunParam {
  id: ParamId;
  /** Key in the page's query string. */
  url: string;
  /** Command-line flag without the dashes; `values` where the CLI offers fewer choices. */
  cli?: { flag: string; values?: readonly string[] };
  /** Label in the run editor; parameters without one are not in the editor. */
  label?: string;
  /** The editor's words for each choice. */
  choiceLabels?: Readonly<Record<string, string>>;
  kind: ParamKind;
  /** One line for --help and the editor's hint. */
  help: string;
  /** A DenseNet-BC knob: meaningful for that preset only. */
  onlyFor?: PresetName;
  /** How a null default reads ("a random seed"). */
  nullDefault?: string;
}

const recipe = (preset: PresetName) => defaultTrainingOptions(preset);

/** The defaults of a run of `preset`: the full 60k/10k split, the preset's architecture and recipe. */
export function defaultParameters(preset: PresetName = 'seed'): RunParameters {
  const training = recipe(preset);
  return {
    epochs: 10,
    batch: 32,
    train: MNIST_TRAIN_COUNT,
    test: MNIST_TEST_COUNT,
    backend: 'auto',
    seed: null,
    checkpoint: 60,
    hooks: false,
    preset,
    growth: DEFAULT_DENSENET_BC.growth,
    units: [...DEFAULT_DENSENET_BC.blockUnits],
    compression: DEFAULT_DENSENET_BC.compression,
    lr: training.learningRate,
    schedule: training.schedule,
    wd: training.weightDecay,
    smoothing: training.labelSmoothing,
    augment: training.augment,
    compare: ['densenet-bc', 'resnet'],
  };
}

export const RUN_PARAMS: readonly RunParam[] = [
  {
    id: 'epochs',
    url: 'epochs',
    cli: { flag: 'epochs' },
    kind: { type: 'whole', min: 1, max: 100 },
    help: 'Passes over the training set.',
  },
  {
    id: 'batch',
    url: 'batch',
    cli: { flag: 'batch' },
    kind: { type: 'whole', min: 1, max: 512 },
    help: 'Images per optimizer step.',
  },
  {
    id: 'train',
    url: 'train',
    cli: { flag: 'train' },
    kind: { type: 'whole', min: 1, max: MNIST_TRAIN_COUNT },
    help: 'Training images used, the first N.',
  },
  {
    id: 'test',
    url: 'test',
    cli: { flag: 'test' },
    kind: { type: 'whole', min: 1, max: MNIST_TEST_COUNT },
    help: 'Test images evaluated after each epoch.',
  },
  {
    id: 'backend',
    url: 'backend',
    cli: { flag: 'backend', values: ['wasm', 'cpu'] },
    kind: { type: 'choice', values: BACKEND_REQUESTS },
    help: 'The TF.js backend to train on.',
  },
  {
    id: 'seed',
    url: 'seed',
    cli: { flag: 'seed' },
    kind: { type: 'whole', min: 0, max: 0xffff_ffff },
    help: 'Seed of the initial weights and the shuffle.',
    nullDefault: 'a random seed',
  },
  {
    id: 'checkpoint',
    url: 'checkpoint',
    kind: { type: 'whole', min: 1, max: 3600 },
    help: 'Seconds between checkpoints within an epoch.',
  },
  { id: 'hooks', url: 'hooks', kind: { type: 'switch' }, help: 'Test-only fault hooks on window.__trainerTest.' },
  {
    id: 'preset',
    url: 'preset',
    cli: { flag: 'preset' },
    label: 'Preset',
    choiceLabels: {
      seed: 'Seed DenseNet (the tutorial’s model)',
      'densenet-bc': 'DenseNet-BC (bottlenecks + compression)',
      resnet: 'ResNet (pre-activation, same budget)',
    },
    kind: { type: 'choice', values: PRESET_NAMES },
    help: 'The architecture; each preset brings its own recipe.',
  },
  {
    id: 'growth',
    url: 'growth',
    cli: { flag: 'growth' },
    label: 'Growth rate k',
    kind: { type: 'whole', min: 1, max: 64 },
    help: 'Channels each dense unit adds.',
    onlyFor: 'densenet-bc',
  },
  {
    id: 'units',
    url: 'units',
    cli: { flag: 'units' },
    label: 'Units per block',
    kind: { type: 'whole-list', min: 1, max: 24 },
    help: 'Units in each dense block, e.g. 4,4,4 (at most 5 blocks).',
    onlyFor: 'densenet-bc',
  },
  {
    id: 'compression',
    url: 'compression',
    cli: { flag: 'compression' },
    label: 'Compression θ',
    kind: { type: 'decimal', min: 0, max: 1, minExclusive: true },
    help: 'Fraction of its channels a transition keeps.',
    onlyFor: 'densenet-bc',
  },
  {
    id: 'lr',
    url: 'lr',
    cli: { flag: 'lr' },
    label: 'Learning rate',
    kind: { type: 'decimal', min: 0, max: 1, minExclusive: true },
    help: 'Adam’s base rate, or the schedule’s peak.',
  },
  {
    id: 'schedule',
    url: 'schedule',
    cli: { flag: 'schedule' },
    label: 'Schedule',
    kind: { type: 'choice', values: SCHEDULE_NAMES },
    help: 'How the learning rate changes over the run.',
  },
  {
    id: 'wd',
    url: 'wd',
    cli: { flag: 'weight-decay' },
    label: 'Weight decay',
    kind: { type: 'decimal', min: 0, max: 1 },
    help: 'Decoupled (AdamW) decay on kernels; 0 = off.',
  },
  {
    id: 'smoothing',
    url: 'smoothing',
    cli: { flag: 'smoothing' },
    label: 'Label smoothing',
    kind: { type: 'decimal', min: 0, max: 1, maxExclusive: true },
    help: 'ε of the smoothed targets; 0 = off.',
  },
  {
    id: 'augment',
    url: 'augment',
    cli: { flag: 'augment' },
    label: 'Augment',
    kind: { type: 'switch' },
    help: 'Random shifts ±2 px, rotations ±10°, scales ±10 % per training image.',
  },
  {
    id: 'compare',
    url: 'compare',
    cli: { flag: 'compare' },
    kind: { type: 'choice-list', values: PRESET_NAMES, minLength: 2 },
    help: 'Presets to train one after another on the same data and seed, then compare.',
  },
];

export function runParam(id: ParamId): RunParam {
  const param = RUN_PARAMS.find((entry) => entry.id === id);
  if (!param) throw new Error(`No run parameter ${id}`);
  return param;
}

/** The value `text` means for `kind` (with `values` narrowing a choice), or undefined if it means none. */
export function parseParam(kind: ParamKind, text: string, values?: readonly string[]): ParamValue | undefined {
  switch (kind.type) {
    case 'whole': {
      const value = parseWholeNumber(text);
      return value !== null && inBounds(value, kind) ? value : undefined;
    }
    case 'decimal': {
      const value = parseDecimal(text);
      return value !== null && inBounds(value, kind) ? value : undefined;
    }
    case 'choice':
      return (values ?? kind.values).includes(text) ? (text as ParamValue) : undefined;
    case 'switch':
      return text === '1' ? true : text === '0' ? false : undefined;
    case 'whole-list': {
      const items = text.split(',').map(parseWholeNumber);
      return items.every((item): item is number => item !== null && inBounds(item, kind)) ? items : undefined;
    }
    case 'choice-list': {
      const items = text.split(',').map((item) => item.trim());
      const known = items.every((item) => kind.values.includes(item));
      return known && items.length >= kind.minLength ? (items as PresetName[]) : undefined;
    }
  }
}

function inBounds(value: number, { min, max, minExclusive, maxExclusive }: Bounds): boolean {
  return (minExclusive ? value > min : value >= min) && (maxExclusive ? value < max : value <= max);
}

const grouped = (value: number) => value.toLocaleString('en-US');

/** What a value of `kind` must be, to finish "… must be " or "… is not ". */
export function accepts(kind: ParamKind, values?: readonly string[]): string {
  switch (kind.type) {
    case 'whole':
      return `a whole number from ${grouped(kind.min)} to ${grouped(kind.max)}`;
    case 'decimal':
      return `a number ${boundsText(kind)}`;
    case 'choice':
      return `one of ${(values ?? kind.values).join(', ')}`;
    case 'switch':
      return '1 (on) or 0 (off)';
    case 'whole-list':
      return `whole numbers from ${kind.min} to ${kind.max} separated by commas, e.g. 4,4,4`;
    case 'choice-list':
      return `a list of at least ${kind.minLength} of ${kind.values.join(', ')}, separated by commas`;
  }
}

function boundsText({ min, max, minExclusive, maxExclusive }: Bounds): string {
  if (minExclusive) return `above ${min} and at most ${max}`;
  if (maxExclusive) return `from ${min} up to (not including) ${max}`;
  return `from ${min} to ${max}`;
}

/** A value as the URL writes it and as messages quote it. */
export function formatParam(param: RunParam, value: ParamValue): string {
  if (value === null) return param.nullDefault ?? '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Whether the parameter means anything for a run of `preset`. */
export const appliesTo = (param: RunParam, preset: PresetName) => !param.onlyFor || param.onlyFor === preset;
