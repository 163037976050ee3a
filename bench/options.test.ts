import { describe, expect, test } from 'vitest';
import type { BenchResult, StepFigures } from '../src/worker/bench-types';
import { DEFAULT_TIMING, parseBenchArgs, requestFor, requestsFor } from './options';
import { formatTables, ratiosFor } from './table';

const figures = (imagesPerSecond: number, kernelsPerStep: number, more: Partial<StepFigures> = {}): StepFigures => ({
  imagesPerSecond,
  msPerStep: 32_000 / imagesPerSecond,
  windowImagesPerSecond: [imagesPerSecond],
  stepsPerWindow: 4,
  kernelsPerStep,
  distinctKernels: 40,
  warmupMs: 900,
  prepareMs: 0,
  firstStepMs: 900,
  warmupStepMs: [900],
  programsCompiled: null,
  compiledAfterFirstStep: null,
  programsPerStep: null,
  readsPerStep: null,
  ...more,
});

describe('bench arguments', () => {
  test('defaults: every backend and variant, batch 32, text output', () => {
    expect(parseBenchArgs([])).toEqual({
      backends: ['webgpu', 'webgl', 'wasm', 'cpu'],
      variants: ['ours', 'defaults', 'baseline'],
      batch: 32,
      timing: {},
      native: false,
      nativeThreads: 2,
      pairs: 5,
      profile: false,
      json: false,
      port: 4318,
      seed: 1,
    });
  });

  test('flags override', () => {
    const options = parseBenchArgs([
      '--backends',
      'wasm,cpu',
      '--seconds',
      '2.5',
      '--windows',
      '4',
      '--native',
      '--json',
      '--no-baseline',
      '--batch',
      '16',
    ]);
    expect(options).toMatchObject({
      backends: ['wasm', 'cpu'],
      batch: 16,
      timing: { seconds: 2.5, windows: 4 },
      variants: ['ours', 'defaults'],
      native: true,
      json: true,
    });
    expect(requestFor('cpu', 'ours', options)).toEqual({
      backend: 'cpu',
      variant: 'ours',
      batchSize: 16,
      warmupSteps: DEFAULT_TIMING.cpu.warmupSteps,
      windows: 4,
      budgetMs: 2500,
      seed: 1,
    });
    expect(requestFor('wasm', 'ours', parseBenchArgs([]))).toMatchObject({
      warmupSteps: 3,
      windows: 5,
      budgetMs: 15_000,
    });
  });

  test('TF.js defaults are measured on the GPU backends only, where flags and preparation apply', () => {
    const requests = requestsFor(parseBenchArgs(['--backends', 'webgl,wasm']));
    expect(requests.map((r) => `${r.backend} ${r.variant}`)).toEqual([
      'webgl ours',
      'webgl defaults',
      'webgl baseline',
      'wasm ours',
      'wasm baseline',
    ]);
    expect(parseBenchArgs(['--variants', 'baseline,ours']).variants).toEqual(['baseline', 'ours']);
  });

  test('--profile asks the wasm worker (only) for a step profile; --pairs sets the native pairs', () => {
    const options = parseBenchArgs(['--profile', '--native', '--pairs', '7']);
    expect(options).toMatchObject({ profile: true, native: true, pairs: 7 });
    expect(requestFor('wasm', 'ours', options).profile).toBe(true);
    expect(requestFor('webgl', 'ours', options).profile).toBeUndefined();
  });

  test.each([
    [['--pairs', '0'], /--pairs "0" is not a whole number from 1 to 100/],
    [['--backends', 'wasm,tpu'], /--backends "wasm,tpu": tpu is not one of webgpu, webgl, wasm, cpu/],
    [['--batch', '0'], /--batch "0" is not a whole number from 1 to 512/],
    [['--seconds', '-1'], /--seconds "-1" is not a positive number/],
    [['--windows'], /--windows needs a value/],
    [['--fast'], /Unknown argument "--fast"/],
    [['--variants', 'ours,fast'], /--variants "ours,fast": fast is not one of ours, defaults, baseline/],
  ])('%j is rejected with a specific message', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('bench tables', () => {
  const base = {
    adapter: 'ANGLE (SwiftShader) (software)',
    batchSize: 32,
    tensorsBefore: 125,
    tensorsAfter: 125,
    wasm: null,
  };
  const results: BenchResult[] = [
    {
      backend: 'webgl',
      variant: 'ours',
      ...base,
      figures: figures(12, 380, {
        warmupMs: 8000,
        prepareMs: 6000,
        firstStepMs: 2000,
        programsCompiled: 150,
        programsPerStep: 500,
        readsPerStep: 0,
      }),
    },
    {
      backend: 'webgl',
      variant: 'defaults',
      ...base,
      figures: figures(12, 380, {
        warmupMs: 20000,
        firstStepMs: 20000,
        programsCompiled: 300,
        programsPerStep: 520,
        readsPerStep: 0,
      }),
    },
    {
      backend: 'webgl',
      variant: 'baseline',
      ...base,
      figures: figures(4, 1200, {
        warmupMs: 25000,
        firstStepMs: 25000,
        programsCompiled: 400,
        programsPerStep: 1600,
        readsPerStep: 0,
      }),
    },
    { backend: 'webgpu', variant: 'ours', skipped: 'no adapter' },
  ];

  test('one row per backend and variant that ran, skipped ones noted with the reason, then the ratios', () => {
    const table = formatTables(results).split('\n');
    expect(table[0]).toBe(
      '| backend | variant | adapter | warm-up s | of which preparation s | first step s | programs compiled | programs/step | GPU→CPU reads/step | kernels/step | images/s | ms/step |',
    );
    expect(table[2]).toBe(
      '| webgl | ours | ANGLE (SwiftShader) (software) | 8.0 | 6.0 | 2.0 | 150 | 500 | 0 | 380 | 12.0 | 2,667 |',
    );
    expect(table[5]).toBe('webgpu ours: skipped — no adapter');
    expect(table.slice(7)).toEqual([
      '| backend | warm-up ours/defaults | warm-up ours/baseline | programs per step ours/baseline | kernels per step ours/baseline |',
      '| --- | --- | --- | --- | --- |',
      '| webgl | 0.40 | 0.32 | 0.31 | 0.32 |',
    ]);
  });

  test('ratios are null where a side is missing', () => {
    expect(ratiosFor(results, 'webgpu')).toEqual({
      warmupOursOverDefaults: null,
      warmupOursOverBaseline: null,
      programsPerStepOursOverBaseline: null,
      kernelsPerStepOursOverBaseline: null,
    });
  });
});
