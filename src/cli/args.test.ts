import { describe, expect, test } from 'vitest';
import { CliArgumentError, comparisonTable, DEFAULT_CLI_OPTIONS, formatEpochLine, parseCliArgs } from './args';

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
    [['--train', '70000'], '--train must be a whole number from 1 to 60000; got "70000".'],
    [['--backend', 'webgpu'], '--backend must be wasm or cpu; got "webgpu".'],
    [['--seed'], '--seed needs a value.'],
    [['--speed', '2'], 'Unknown option --speed; see --help.'],
    [['epochs=2'], 'Unexpected argument "epochs=2". Options start with --; see --help.'],
    [['--train', '16', '--batch', '32'], '--batch (32) cannot be larger than --train (16).'],
    [['--preset', 'vgg'], '--preset must be one of seed, densenet-bc, resnet; got "vgg".'],
    [['--growth', '8'], '--growth applies to --preset densenet-bc only.'],
    [['--preset', 'densenet-bc', '--units', '4,x'], '--units must be a number; got "x".'],
    [['--preset', 'densenet-bc', '--growth', '0'], 'The growth rate k must be a whole number from 1 to 64; got 0.'],
    [['--schedule', 'linear'], '--schedule must be one of constant, step, cosine, one-cycle; got "linear".'],
    [['--lr', '0'], 'The learning rate must be above 0 and at most 1; got 0.'],
    [['--lr', 'fast'], '--lr must be a number; got "fast".'],
    [['--smoothing', '1'], 'The label smoothing must be from 0 up to (not including) 1; got 1.'],
    [['--compare', 'resnet'], '--compare needs at least two presets, e.g. --compare densenet-bc,resnet.'],
    [['--compare', 'resnet,vgg'], '--compare takes preset names (seed, densenet-bc, resnet); got "vgg".'],
    [['--compare', 'seed,resnet', '--preset', 'resnet'], 'Use --preset or --compare, not both.'],
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

describe('comparisonTable', () => {
  test('prints one row per run with the final test error', () => {
    const table = comparisonTable([
      {
        name: 'DenseNet-BC',
        parameters: 105_190,
        macsPerImage: 12_340_000,
        imagesPerSecond: 40.04,
        testAccuracies: [0.98, 0.9912],
      },
      { name: 'ResNet', parameters: 101_466, macsPerImage: 9_870_000, imagesPerSecond: NaN, testAccuracies: [0.97] },
    ]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/^run\s+parameters\s+M mult-adds\s+images\/s\s+ep1 acc %\s+ep2 acc %\s+final error %$/);
    expect(table[1]).toMatch(/^DenseNet-BC\s+105,190\s+12\.34\s+40\.0\s+98\.00\s+99\.12\s+0\.88$/);
    expect(table[2]).toMatch(/^ResNet\s+101,466\s+9\.87\s+–\s+97\.00\s+–\s+3\.00$/);
  });
});

describe('formatEpochLine', () => {
  test("prints the tutorial's template with accuracies in percent", () => {
    expect(
      formatEpochLine({ epoch: 1, loss: 0.11307, accuracy: 0.9675333, testLoss: 0.05511, testAccuracy: 0.9829 }),
    ).toBe('Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900');
  });
});
