import { describe, expect, test } from 'vitest';
import { defaultSettings, parseSettings, settingsToQuery } from './settings';

describe('URL settings', () => {
  test('no parameters give the full reference run', () => {
    expect(parseSettings('')).toEqual({ settings: defaultSettings, problems: [] });
    expect(defaultSettings).toMatchObject({
      epochs: 10,
      batchSize: 32,
      trainCount: 60_000,
      testCount: 10_000,
      backend: 'auto',
      seed: null,
    });
  });

  test('valid parameters shorten the run', () => {
    const { settings, problems } = parseSettings('?epochs=2&train=1024&test=512&batch=16&backend=webgl&seed=7');
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      ...defaultSettings,
      epochs: 2,
      batchSize: 16,
      trainCount: 1024,
      testCount: 512,
      backend: 'webgl',
      seed: 7,
      checkpointSeconds: 60,
      testHooks: false,
    });
  });

  test('checkpoint interval and test hooks come only from the URL', () => {
    expect(defaultSettings).toMatchObject({ checkpointSeconds: 60, testHooks: false });
    expect(parseSettings('?checkpoint=5&hooks=1')).toEqual({
      settings: { ...defaultSettings, checkpointSeconds: 5, testHooks: true },
      problems: [],
    });
    const { settings, problems } = parseSettings('?checkpoint=0&hooks=yes');
    expect(settings).toMatchObject({ checkpointSeconds: 60, testHooks: false });
    expect(problems).toEqual([
      'URL parameter checkpoint="0" is not a whole number from 1 to 3,600; using 60.',
      'URL parameter hooks="yes" is not 1 (on) or 0 (off); using 0.',
    ]);
  });

  test('backend=wasm is accepted', () => {
    expect(parseSettings('backend=wasm')).toEqual({ settings: { ...defaultSettings, backend: 'wasm' }, problems: [] });
  });

  test.each([
    ['epochs=0', 'epochs="0"', 'epochs', 10],
    ['epochs=101', 'epochs="101"', 'epochs', 10],
    ['epochs=2.5', 'epochs="2.5"', 'epochs', 10],
    ['batch=abc', 'batch="abc"', 'batchSize', 32],
    ['batch=-4', 'batch="-4"', 'batchSize', 32],
    ['train=60001', 'train="60001"', 'trainCount', 60_000],
    ['test=0', 'test="0"', 'testCount', 10_000],
  ] as const)('%s is rejected with a message and the default is kept', (query, quoted, key, fallback) => {
    const { settings, problems } = parseSettings(query);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(quoted);
    expect(problems[0]).toContain('using');
    expect(settings[key]).toBe(fallback);
  });

  test('an unknown backend, a bad seed and unknown keys are reported', () => {
    const { settings, problems } = parseSettings('backend=tpu&seed=x&colour=red');
    expect(settings.backend).toBe('auto');
    expect(settings.seed).toBeNull();
    expect(problems).toEqual([
      expect.stringContaining('backend="tpu"'),
      expect.stringContaining('seed="x"'),
      expect.stringContaining('Unknown URL parameter "colour"'),
    ]);
  });

  test('a batch larger than the training subset is reduced to it', () => {
    const { settings, problems } = parseSettings('train=20&batch=32');
    expect(settings.batchSize).toBe(20);
    expect(problems[0]).toContain('batch=32 is larger than train=20');
  });

  test('settings survive a round trip through the URL', () => {
    const settings = { ...defaultSettings, epochs: 3, trainCount: 2048, backend: 'cpu' as const, seed: 11 };
    expect(settingsToQuery(settings)).toBe('epochs=3&train=2048&backend=cpu&seed=11');
    expect(parseSettings(settingsToQuery(settings)).settings).toEqual(settings);
    expect(settingsToQuery(defaultSettings)).toBe('');
  });
});
