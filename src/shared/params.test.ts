/**
 * Walks the parameter table and checks every entry in each front end that shows it — the URL,
 * the command line and the run editor — with the same good and bad text: the good text gives
 * the same value everywhere, the bad text one sentence that says what the value must be.
 */
import { describe, expect, test } from 'vitest';
import { parseCliParameters, USAGE } from '../cli/args';
import { draftForPreset, EDITOR_PARAMS, isTextParam, specFromDraft } from '../ui/state/runDraft';
import { accepts, RUN_PARAMS, type ParamId, type ParamValue, type RunParam } from './params';
import { parametersOfRunSpec } from './runSpec';
import { parametersOfSettings, parseSettings } from './settings';

/** For every parameter: text each front end accepts, the value it means, and text none accepts. */
const SAMPLES: Record<ParamId, { good: string; value: ParamValue; bad: string }> = {
  epochs: { good: '3', value: 3, bad: '0' },
  batch: { good: '16', value: 16, bad: '2.5' },
  train: { good: '2048', value: 2048, bad: '60001' },
  test: { good: '512', value: 512, bad: '-1' },
  backend: { good: 'cpu', value: 'cpu', bad: 'tpu' },
  seed: { good: '7', value: 7, bad: 'x' },
  checkpoint: { good: '5', value: 5, bad: '3601' },
  hooks: { good: '1', value: true, bad: 'yes' },
  preset: { good: 'resnet', value: 'resnet', bad: 'vgg' },
  growth: { good: '16', value: 16, bad: '65' },
  units: { good: '2,3,4', value: [2, 3, 4], bad: '4,,4' },
  compression: { good: '.75', value: 0.75, bad: '0' },
  lr: { good: '2e-3', value: 0.002, bad: 'fast' },
  schedule: { good: 'cosine', value: 'cosine', bad: 'linear' },
  wd: { good: '0.05', value: 0.05, bad: '1.5' },
  smoothing: { good: '.1', value: 0.1, bad: '1' },
  augment: { good: '1', value: true, bad: 'maybe' },
  compare: { good: 'seed,resnet', value: ['seed', 'resnet'], bad: 'resnet' },
};

/** DenseNet-BC's knobs only mean something with that preset. */
const presetPrefix = (param: RunParam) => (param.onlyFor ? `preset=${param.onlyFor}&` : '');

describe('the run parameter table', () => {
  test('every entry has samples, a unique URL key and a unique CLI flag', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(RUN_PARAMS.map((param) => param.id).sort());
    const urls = RUN_PARAMS.map((param) => param.url);
    const flags = RUN_PARAMS.flatMap((param) => (param.cli ? [param.cli.flag] : []));
    expect(new Set(urls).size).toBe(urls.length);
    expect(new Set(flags).size).toBe(flags.length);
  });

  const cases = (params: readonly RunParam[]) => params.map((param) => [param.id, param] as const);

  test.each(cases(RUN_PARAMS))('%s in the URL', (id, param) => {
    const { good, value, bad } = SAMPLES[id];
    const parsed = parseSettings(`${presetPrefix(param)}${param.url}=${encodeURIComponent(good)}`);
    expect(parsed.problems).toEqual([]);
    expect(parametersOfSettings(parsed.settings)[id]).toEqual(value);
    const refused = parseSettings(`${presetPrefix(param)}${param.url}=${encodeURIComponent(bad)}`);
    expect(refused.problems).toEqual([
      expect.stringContaining(`${param.url}=${JSON.stringify(bad)} is not ${accepts(param.kind)}`),
    ]);
  });

  test.each(cases(RUN_PARAMS.filter((param) => param.cli)))('%s on the command line and in --help', (id, param) => {
    const { good, value, bad } = SAMPLES[id];
    const { flag: name, values: choices } = param.cli!;
    const flag = `--${name}`;
    const context = param.onlyFor ? ['--preset', param.onlyFor] : [];
    expect(USAGE).toContain(flag);
    if (param.kind.type === 'switch') {
      expect(parseCliParameters([...context, flag]).values[id]).toBe(true);
      expect(parseCliParameters([...context, `--no-${name}`]).values[id]).toBe(false);
      return;
    }
    // Where the CLI offers fewer choices than the page (backends), the last of its own is the good one.
    const text = choices ? choices.at(-1)! : good;
    expect(parseCliParameters([...context, `${flag}=${text}`]).values[id]).toEqual(choices ? text : value);
    expect(() => parseCliParameters([...context, `${flag}=${bad}`])).toThrow(
      `${flag} must be ${accepts(param.kind, choices)}; got "${bad}".`,
    );
  });

  test.each(cases(EDITOR_PARAMS))('%s in the run editor', (id, param) => {
    const { good, value, bad } = SAMPLES[id];
    const draft = draftForPreset(param.onlyFor ?? 'seed');
    if (!isTextParam(param)) {
      // Picked from the table's own choices (a select, a checkbox), never typed.
      const picked = { ...draft, [id]: value };
      expect(parametersOfRunSpec(specFromDraft(picked).spec!)[id]).toEqual(value);
      return;
    }
    expect(parametersOfRunSpec(specFromDraft({ ...draft, [id]: good }).spec!)[id]).toEqual(value);
    const label = param.label!.charAt(0).toLowerCase() + param.label!.slice(1);
    expect(specFromDraft({ ...draft, [id]: bad }).problems).toEqual([
      `The ${label} must be ${accepts(param.kind)}; got "${bad}".`,
    ]);
  });

  test('a decimal written without its leading zero means the same everywhere', () => {
    expect(parseSettings('lr=.5').settings.run.training.learningRate).toBe(0.5);
    expect(parseCliParameters(['--lr', '.5']).values.lr).toBe(0.5);
    expect(specFromDraft({ ...draftForPreset('seed'), lr: '.5' }).spec?.training.learningRate).toBe(0.5);
  });
});
