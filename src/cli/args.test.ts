import { describe, expect, test } from 'vitest';
import { CliArgumentError, DEFAULT_CLI_OPTIONS, parseCliArgs } from './args';

describe('parseCliArgs', () => {
  test('defaults to the full run on wasm', () => {
    expect(parseCliArgs([])).toEqual(DEFAULT_CLI_OPTIONS);
    expect(DEFAULT_CLI_OPTIONS).toMatchObject({
      backend: 'wasm',
      epochs: 10,
      batchSize: 32,
      trainCount: 60_000,
      testCount: 10_000,
    });
  });

  test('reads every option in both spellings', () => {
    expect(
      parseCliArgs(['--backend', 'cpu', '--epochs=2', '--batch', '64', '--train=2048', '--test', '512', '--seed', '7']),
    ).toEqual({
      ...DEFAULT_CLI_OPTIONS,
      backend: 'cpu',
      epochs: 2,
      batchSize: 64,
      trainCount: 2048,
      testCount: 512,
      seed: 7,
    });
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  test.each([
    [['--epochs', '0'], '--epochs must be a whole number from 1 to 100; got "0".'],
    [['--batch', '3.5'], '--batch must be a whole number from 1 to 512; got "3.5".'],
    [['--train', '70000'], '--train must be a whole number from 1 to 60,000; got "70000".'],
    [['--backend', 'webgpu'], '--backend must be one of wasm, cpu; got "webgpu".'],
    [['--seed'], '--seed needs a value.'],
    [['--speed', '2'], 'Unknown option --speed; see --help.'],
    [['epochs=2'], 'Unexpected argument "epochs=2". Options start with --; see --help.'],
    [['--train', '16', '--batch', '32'], '--batch (32) cannot be larger than --train (16).'],
    [['--preset', 'vgg'], '--preset must be one of seed, densenet-bc, resnet; got "vgg".'],
    [['--growth', '8'], '--growth applies to --preset densenet-bc only.'],
    [
      ['--preset', 'densenet-bc', '--units', '4,x'],
      '--units must be whole numbers from 1 to 24 separated by commas, e.g. 4,4,4; got "4,x".',
    ],
    [['--preset', 'densenet-bc', '--growth', '0'], '--growth must be a whole number from 1 to 64; got "0".'],
    [['--schedule', 'linear'], '--schedule must be one of constant, step, cosine, one-cycle; got "linear".'],
    [['--lr', '0'], '--lr must be a number above 0 and at most 1; got "0".'],
    [['--lr', 'fast'], '--lr must be a number above 0 and at most 1; got "fast".'],
    [['--smoothing', '1'], '--smoothing must be a number from 0 up to (not including) 1; got "1".'],
    [
      ['--compare', 'resnet'],
      '--compare must be a list of at least 2 of seed, densenet-bc, resnet, separated by commas; got "resnet".',
    ],
    [
      ['--compare', 'resnet,vgg'],
      '--compare must be a list of at least 2 of seed, densenet-bc, resnet, separated by commas; got "resnet,vgg".',
    ],
    [['--compare', 'seed,resnet', '--preset', 'resnet'], 'Use --preset or --compare, not both.'],
    [
      ['--preset', 'densenet-bc', '--units', '4,4,4,4,4,4'],
      'Block 6 cannot be reached: a 28×28 image can be pooled 4 times (28, 14, 7, 3, 1), so use at most 5 blocks.',
    ],
    [['--augment=1'], '--augment takes no value.'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliArgumentError(message));
  });
});

describe('presets', () => {
  test('reads --preset and the DenseNet-BC knobs', () => {
    expect(parseCliArgs(['--preset', 'resnet']).model).toMatchObject({
      preset: 'resnet',
      spec: { widths: [16, 32, 64] },
    });
    expect(
      parseCliArgs(['--preset', 'densenet-bc', '--growth', '16', '--units', '2,3,4', '--compression=0.75']).model,
    ).toEqual({
      preset: 'densenet-bc',
      spec: { growth: 16, blockUnits: [2, 3, 4], compression: 0.75, classes: 10 },
    });
  });
});

describe('training recipe', () => {
  test("keeps the tutorial's recipe for seed and the tuned one for the other presets", () => {
    expect(parseCliArgs([]).training).toEqual({
      learningRate: 1e-3,
      schedule: 'constant',
      weightDecay: 0,
      labelSmoothing: 0,
      augment: false,
    });
    expect(parseCliArgs(['--preset', 'resnet']).training).toEqual({
      learningRate: 3e-3,
      schedule: 'one-cycle',
      weightDecay: 1e-2,
      labelSmoothing: 0.1,
      augment: true,
    });
  });

  test('lets every recipe option override the preset default', () => {
    const options = parseCliArgs([
      '--preset',
      'resnet',
      '--lr',
      '2e-3',
      '--schedule=cosine',
      '--weight-decay',
      '0',
      '--smoothing',
      '0.05',
      '--no-augment',
    ]);
    expect(options.training).toEqual({
      learningRate: 2e-3,
      schedule: 'cosine',
      weightDecay: 0,
      labelSmoothing: 0.05,
      augment: false,
    });
    expect(options.recipeOverrides).toEqual({
      learningRate: 2e-3,
      schedule: 'cosine',
      weightDecay: 0,
      labelSmoothing: 0.05,
      augment: false,
    });
    expect(parseCliArgs(['--augment']).training.augment).toBe(true);
  });

  test('reads --compare, with the DenseNet-BC knobs shaping its entry', () => {
    const options = parseCliArgs(['--compare', 'densenet-bc,resnet', '--growth', '8']);
    expect(options.compare).toEqual(['densenet-bc', 'resnet']);
    expect(options.model).toMatchObject({ preset: 'densenet-bc', spec: { growth: 8 } });
  });
});
