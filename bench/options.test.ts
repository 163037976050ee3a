import { describe, expect, test } from 'vitest';
import type { BenchResult, StepFigures } from '../src/worker/bench-types';
import { DEFAULT_TIMING, formatTable, kernelRatio, parseBenchArgs, requestFor } from './options';

const figures = (imagesPerSecond: number, kernelsPerStep: number): StepFigures => ({
  imagesPerSecond,
  msPerStep: 32_000 / imagesPerSecond,
  windowImagesPerSecond: [imagesPerSecond],
  stepsPerWindow: 4,
  kernelsPerStep,
  distinctKernels: 40,
});

describe('bench arguments', () => {
  test('defaults: every backend, batch 32, baseline on, text output', () => {
    expect(parseBenchArgs([])).toEqual({
      backends: ['webgpu', 'webgl', 'wasm', 'cpu'],
      batch: 32,
      timing: {},
      baseline: true,
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
      baseline: false,
      native: true,
      json: true,
    });
    expect(requestFor('cpu', options)).toEqual({
      backend: 'cpu',
      batchSize: 16,
      warmupSteps: DEFAULT_TIMING.cpu.warmupSteps,
      windows: 4,
      budgetMs: 2500,
      seed: 1,
      baseline: false,
    });
    expect(requestFor('wasm', parseBenchArgs([]))).toMatchObject({ warmupSteps: 3, windows: 5, budgetMs: 15_000 });
  });

  test('--profile asks the wasm worker (only) for a step profile; --pairs sets the native pairs', () => {
    const options = parseBenchArgs(['--profile', '--native', '--pairs', '7']);
    expect(options).toMatchObject({ profile: true, native: true, pairs: 7 });
    expect(requestFor('wasm', options).profile).toBe(true);
    expect(requestFor('webgl', options).profile).toBeUndefined();
  });

  test.each([
    [['--pairs', '0'], /--pairs "0" is not a whole number from 1 to 100/],
    [['--backends', 'wasm,tpu'], /--backends "wasm,tpu": tpu is not one of webgpu, webgl, wasm, cpu/],
    [['--batch', '0'], /--batch "0" is not a whole number from 1 to 512/],
    [['--seconds', '-1'], /--seconds "-1" is not a positive number/],
    [['--windows'], /--windows needs a value/],
    [['--fast'], /Unknown argument "--fast"/],
  ])('%j is rejected with a specific message', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('bench table', () => {
  const wasm: BenchResult = {
    backend: 'wasm',
    adapter: 'SIMD · 2 threads',
    batchSize: 32,
    ours: figures(200, 800),
    tensorsBefore: 125,
    tensorsAfter: 125,
    baseline: figures(64, 1200),
    wasm: { simd: true, threads: 2, crossOriginIsolated: true },
    warmupMs: 900,
  };

  test('one row per backend that ran, skipped ones noted with the reason', () => {
    const table = formatTable([wasm, { backend: 'webgpu', skipped: 'no adapter' }]).split('\n');
    expect(table[0]).toBe(
      '| backend | adapter | batch | images/s | ms/step | kernels/step | tensors before→after | baseline images/s | baseline kernels/step | ours/baseline kernels | wasm |',
    );
    expect(table[2]).toBe(
      '| wasm | SIMD · 2 threads | 32 | 200.0 | 160 | 800 | 125→125 | 64.0 | 1200 | 0.67 | SIMD, 2 threads |',
    );
    expect(table[3]).toBe('webgpu: skipped — no adapter');
  });

  test('the kernel ratio is ours over baseline, or null without a baseline', () => {
    expect(kernelRatio(wasm)).toBeCloseTo(800 / 1200, 10);
    expect(kernelRatio({ ...wasm, baseline: { failure: 'x' } })).toBeNull();
    expect(kernelRatio({ backend: 'cpu', skipped: 'x' })).toBeNull();
  });
});
