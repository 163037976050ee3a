import { describe, expect, test } from 'vitest';
import { firstBatchWithinOneStep, formatUiTable, type UiResult } from './ui-table';

const result = (over: Partial<UiResult>): UiResult => ({
  requested: 'webgl',
  backend: 'webgl',
  adapter: 'SwiftShader (software)',
  candidates: [],
  readyMs: 6_000,
  preparedMs: 14_000,
  firstBatchMs: 3_000,
  compiledByFirstStep: 2,
  imagesPerSecond: 10,
  msPerStep: 3_200,
  windowBatches: 10,
  windowSeconds: 32,
  secondVisitReadyMs: null,
  secondVisitHow: null,
  ...over,
});

describe('bench:ui table', () => {
  test('Train → first batch is judged against one steady step plus a second', () => {
    expect(firstBatchWithinOneStep(result({ firstBatchMs: 4_200 }))).toBe(true);
    expect(firstBatchWithinOneStep(result({ firstBatchMs: 4_201 }))).toBe(false);
  });

  test('one row per backend, auto with its second visit and its candidates below', () => {
    const table = formatUiTable([
      result({}),
      result({
        requested: 'auto',
        backend: 'wasm',
        adapter: 'SIMD · 2 threads',
        candidates: ['WASM: 400.0 images/s', 'WebGPU: Dropped'],
        preparedMs: null,
        secondVisitReadyMs: 4_000,
        secondVisitHow: 'stored',
      }),
    ]).split('\n');
    expect(table[2]).toBe(
      '| webgl | webgl | SwiftShader (software) | 6.0 | 14.0 | 3.0 | 3200 | yes | 2 | 10.0 | 10 steps / 32 s | – |',
    );
    expect(table[3]).toContain('| auto | wasm | SIMD · 2 threads | 6.0 | – |');
    expect(table[3]).toMatch(/\| 4\.0 \(stored\) \|$/);
    expect(table[4]).toBe('auto → wasm: WASM: 400.0 images/s · WebGPU: Dropped');
  });
});
