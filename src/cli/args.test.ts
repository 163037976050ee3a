import { describe, expect, it } from 'vitest';
import { CliArgumentError, DEFAULT_CLI_OPTIONS, formatEpochLine, parseCliArgs } from './args';

describe('parseCliArgs', () => {
  it('defaults to the full run on wasm', () => {
    expect(parseCliArgs([])).toEqual(DEFAULT_CLI_OPTIONS);
    expect(DEFAULT_CLI_OPTIONS).toMatchObject({ backend: 'wasm', epochs: 10, batchSize: 32, trainCount: 60_000, testCount: 10_000 });
  });

  it('reads every option in both spellings', () => {
    expect(parseCliArgs(['--backend', 'cpu', '--epochs=2', '--batch', '64', '--train=2048', '--test', '512', '--seed', '7'])).toEqual({
      backend: 'cpu', epochs: 2, batchSize: 64, trainCount: 2048, testCount: 512, seed: 7, model: { preset: 'seed' }, help: false,
    });
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  it.each([
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
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliArgumentError(message));
  });
});

describe('presets', () => {
  it('reads --preset and the DenseNet-BC knobs', () => {
    expect(parseCliArgs(['--preset', 'resnet']).model).toMatchObject({ preset: 'resnet', spec: { widths: [16, 32, 64] } });
    expect(parseCliArgs(['--preset', 'densenet-bc', '--growth', '16', '--units', '2,3,4', '--compression=0.75']).model).toEqual({
      preset: 'densenet-bc', spec: { growth: 16, blockUnits: [2, 3, 4], compression: 0.75, classes: 10 },
    });
  });
});

describe('formatEpochLine', () => {
  it('prints the tutorial\'s template with accuracies in percent', () => {
    expect(formatEpochLine({ epoch: 1, loss: 0.11307, accuracy: 0.9675333, testLoss: 0.05511, testAccuracy: 0.9829 }))
      .toBe('Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900');
  });
});
