import { describe, expect, test } from 'vitest';
import {
  budgetMs,
  deviceKey,
  droppedReason,
  fastest,
  FIRST_BUDGET_MS,
  MIN_BUDGET_MS,
  reuse,
  shouldMeasure,
  STEPS_AHEAD,
  type CandidateResult,
} from './decision';

const measured = (backend: CandidateResult['backend'], imagesPerSecond: number): CandidateResult => ({
  backend,
  status: 'measured',
  imagesPerSecond,
  msPerStep: 32_000 / imagesPerSecond,
});

describe('choosing by measurement: the rules', () => {
  test('the first candidate gets a long budget; later ones the fastest so far times STEPS_AHEAD steps, at least the minimum', () => {
    expect(budgetMs(null)).toBe(FIRST_BUDGET_MS);
    expect(budgetMs(measured('wasm', 400))).toBe(Math.max(MIN_BUDGET_MS, STEPS_AHEAD * 80));
    expect(budgetMs(measured('cpu', 4))).toBe(STEPS_AHEAD * 8000);
  });

  test('the fastest is the measured candidate with the most images/s', () => {
    const failed: CandidateResult = { backend: 'webgpu', status: 'failed', reason: 'x' };
    expect(fastest([failed, measured('wasm', 400), measured('webgl', 13)])?.backend).toBe('wasm');
    expect(fastest([failed])).toBeNull();
  });

  test('CPU is measured only when WASM was not', () => {
    expect(shouldMeasure('cpu', [measured('wasm', 400)])).toMatch(/^Not measured: /);
    expect(shouldMeasure('cpu', [{ backend: 'wasm', status: 'failed', reason: 'x' }])).toBeNull();
    expect(shouldMeasure('webgl', [measured('wasm', 400)])).toBeNull();
  });

  test('a dropped candidate says how far it got and what the fastest could have done meanwhile', () => {
    expect(droppedReason('compiling (40 of 150 programs)', 2_400, measured('wasm', 400))).toBe(
      'Dropped: still compiling (40 of 150 programs) after 2.4 s, when WASM could have trained 30 steps.',
    );
  });

  test('a stored decision is reused, or its next fastest candidate when its backend is excluded', () => {
    const decision = {
      backend: 'webgpu' as const,
      candidates: [measured('webgpu', 900), measured('wasm', 400), measured('webgl', 500)],
      measuredAt: '2026-01-01T00:00:00Z',
    };
    expect(reuse(decision, [])).toBe('webgpu');
    expect(reuse(decision, ['webgpu'])).toBe('webgl');
    expect(reuse(decision, ['webgpu', 'webgl', 'wasm'])).toBeNull();
  });

  test('the device key changes with any of its parts', () => {
    const parts = { webgpuAdapter: 'a', webglRenderer: 'r', cores: 8, browser: 'Chrome/1', appVersion: '1' };
    const keys = new Set([
      deviceKey(parts),
      deviceKey({ ...parts, cores: 4 }),
      deviceKey({ ...parts, browser: 'Chrome/2' }),
      deviceKey({ ...parts, appVersion: '2' }),
      deviceKey({ ...parts, webglRenderer: 's' }),
    ]);
    expect(keys.size).toBe(5);
  });
});
