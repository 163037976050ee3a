import { describe, expect, test } from 'vitest';
import { SEED_TRAINING, TUNED_TRAINING } from './recipe';
import { defaultSettings, parseSettings, settingsToQuery } from './settings';

describe('architecture and recipe in the URL', () => {
  test("no parameters: the seed DenseNet with the tutorial's recipe; compare DenseNet-BC with ResNet", () => {
    expect(defaultSettings.run).toEqual({ model: { preset: 'seed' }, training: SEED_TRAINING });
    expect(defaultSettings.compare).toEqual(['densenet-bc', 'resnet']);
  });

  test('a preset brings its default recipe; each recipe parameter overrides it', () => {
    expect(parseSettings('preset=resnet')).toMatchObject({
      settings: { run: { model: { preset: 'resnet', spec: { widths: [16, 32, 64] } }, training: TUNED_TRAINING } },
      problems: [],
    });
    const { settings, problems } = parseSettings(
      'preset=densenet-bc&growth=16&units=2,3,4&compression=0.75&lr=0.002&schedule=cosine&wd=0&smoothing=0.05&augment=0&compare=seed,densenet-bc,resnet',
    );
    expect(problems).toEqual([]);
    expect(settings.run).toEqual({
      model: { preset: 'densenet-bc', spec: { growth: 16, blockUnits: [2, 3, 4], compression: 0.75, classes: 10 } },
      training: { learningRate: 0.002, schedule: 'cosine', weightDecay: 0, labelSmoothing: 0.05, augment: false },
    });
    expect(settings.compare).toEqual(['seed', 'densenet-bc', 'resnet']);
  });

  test.each([
    ['preset=vgg', 'URL parameter preset="vgg" is not one of seed, densenet-bc, resnet; using seed.'],
    ['growth=8', 'URL parameter growth applies to preset=densenet-bc only; ignored.'],
    ['preset=densenet-bc&growth=0', 'URL parameter growth="0" is not a whole number from 1 to 64; using 12.'],
    [
      'preset=densenet-bc&units=4,4,4,4,4,4',
      'The DenseNet-BC parameters in the URL cannot be used: Block 6 cannot be reached: a 28×28 image can be pooled 4 times (28, 14, 7, 3, 1), so use at most 5 blocks. Using the default (k=12, units 4,4,4, θ=0.5).',
    ],
    ['lr=0', 'URL parameter lr="0" is not a number above 0 and at most 1; using 0.001.'],
    ['wd=-1', 'URL parameter wd="-1" is not a number from 0 to 1; using 0.'],
    ['smoothing=1', 'URL parameter smoothing="1" is not a number from 0 up to (not including) 1; using 0.'],
    [
      'schedule=linear',
      'URL parameter schedule="linear" is not one of constant, step, cosine, one-cycle; using constant.',
    ],
    ['augment=yes', 'URL parameter augment="yes" is not 1 (on) or 0 (off); using 0.'],
    [
      'compare=resnet',
      'URL parameter compare="resnet" is not a list of at least 2 of seed, densenet-bc, resnet, separated by commas; using densenet-bc,resnet.',
    ],
    [
      'compare=resnet,vgg',
      'URL parameter compare="resnet,vgg" is not a list of at least 2 of seed, densenet-bc, resnet, separated by commas; using densenet-bc,resnet.',
    ],
  ])('%s is refused with one clear sentence and the default kept', (query, message) => {
    const { settings, problems } = parseSettings(query);
    expect(problems).toEqual([message]);
    expect(settings.run.training).toEqual(query.includes('densenet-bc') ? TUNED_TRAINING : SEED_TRAINING);
  });

  test('the run survives a round trip through the URL, writing only what differs from the preset', () => {
    const settings = parseSettings('preset=densenet-bc&growth=8&lr=0.01&augment=0&compare=seed,resnet').settings;
    expect(settingsToQuery(settings)).toBe('preset=densenet-bc&growth=8&lr=0.01&augment=0&compare=seed%2Cresnet');
    expect(parseSettings(settingsToQuery(settings))).toEqual({ settings, problems: [] });
  });
});
