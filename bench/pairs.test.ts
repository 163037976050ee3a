import { describe, expect, test } from 'vitest';
import { formatPairs, runPairs } from './pairs';

describe('alternated wasm/native pairs', () => {
  test('alternate which side runs first and report the median ratio', async () => {
    const order: string[] = [];
    const wasm = [100, 300, 200];
    const native = [200, 300, 100];
    let w = 0;
    let n = 0;
    const report = await runPairs(3, {
      wasm: async () => (order.push('wasm'), wasm[w++]!),
      native: async () => (order.push('native'), native[n++]!),
    });
    expect(order).toEqual(['wasm', 'native', 'native', 'wasm', 'wasm', 'native']);
    expect(report.pairs.map((pair) => pair.ratio)).toEqual([0.5, 1, 2]);
    expect(report.pairs.map((pair) => pair.wasmFirst)).toEqual([true, false, true]);
    expect(report.medianRatio).toBe(1);
    expect(report.loadStart).toHaveLength(3);
    expect(report.loadEnd).toHaveLength(3);
  });

  test('the median of an even number of pairs is the mean of the middle two', async () => {
    const ratios = [0.5, 0.9, 0.7, 2];
    let i = 0;
    const report = await runPairs(4, { wasm: async () => ratios[i++]!, native: async () => 1 });
    expect(report.medianRatio).toBeCloseTo(0.8, 10);
  });

  test('the table lists each pair, the median and both load averages', () => {
    const text = formatPairs({
      pairs: [
        { wasm: 400, native: 500, ratio: 0.8, wasmFirst: true, load: 1.5 },
        { wasm: 450, native: 500, ratio: 0.9, wasmFirst: false, load: 1.25 },
      ],
      medianRatio: 0.85,
      loadStart: [1.5, 1, 0.5],
      loadEnd: [2, 1.25, 0.75],
    }).split('\n');
    expect(text[2]).toBe('| 1 | wasm, native | 400.0 | 500.0 | 0.80 | 1.50 |');
    expect(text[3]).toBe('| 2 | native, wasm | 450.0 | 500.0 | 0.90 | 1.25 |');
    expect(text).toContain('wasm / native, median of 2 pairs: 0.85');
    expect(text).toContain('load average (1, 5, 15 min): 1.50, 1.00, 0.50 at the start, 2.00, 1.25, 0.75 at the end');
  });
});
