import { describe, expect, test } from 'vitest';
import { DEFAULT_RUN_SPEC } from '../../shared/runSpec';
import { TUNED_TRAINING } from '../../shared/recipe';
import { draftForPreset, draftFromSpec, specFromDraft } from './runDraft';

describe("the run editor's form", () => {
  test('the default spec round-trips through the form', () => {
    expect(specFromDraft(draftFromSpec(DEFAULT_RUN_SPEC))).toEqual({ spec: DEFAULT_RUN_SPEC, problems: [] });
  });

  test('choosing a preset brings its architecture and recipe', () => {
    const draft = draftForPreset('densenet-bc');
    expect(draft).toMatchObject({
      preset: 'densenet-bc',
      growth: '12',
      units: '4,4,4',
      compression: '0.5',
      schedule: 'one-cycle',
      augment: true,
    });
    expect(specFromDraft({ ...draft, growth: '16', units: '2, 3,4' }).spec).toEqual({
      model: { preset: 'densenet-bc', spec: { growth: 16, blockUnits: [2, 3, 4], compression: 0.5, classes: 10 } },
      training: TUNED_TRAINING,
    });
  });

  test('every bad field is one sentence, and no spec comes out', () => {
    const draft = {
      ...draftForPreset('densenet-bc'),
      growth: '0',
      units: '4,4,4,4,4,4',
      compression: '1.5',
      smoothing: '1',
    };
    expect(specFromDraft(draft)).toEqual({
      spec: null,
      problems: [
        'The growth rate k must be a whole number from 1 to 64; got "0".',
        'The compression θ must be a number above 0 and at most 1; got "1.5".',
        'The label smoothing must be a number from 0 up to (not including) 1; got "1".',
        'Block 6 cannot be reached: a 28×28 image can be pooled 4 times (28, 14, 7, 3, 1), so use at most 5 blocks.',
      ],
    });
    expect(specFromDraft({ ...draftForPreset('densenet-bc'), units: '4,,4', lr: 'fast' }).problems).toEqual([
      'The units per block must be whole numbers from 1 to 24 separated by commas, e.g. 4,4,4; got "4,,4".',
      'The learning rate must be a number above 0 and at most 1; got "fast".',
    ]);
  });

  test('the DenseNet-BC fields do not matter for the other presets', () => {
    expect(specFromDraft({ ...draftForPreset('resnet'), growth: 'x' }).problems).toEqual([]);
  });
});
