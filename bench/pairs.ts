/**
 * `npm run bench -- --native`: the app's wasm step against native PyTorch on the same cores,
 * as alternated pairs. Native PyTorch's OpenMP threads slow down sharply when other work
 * shares the cores, so a ratio is only fair when both sides see the same load: each pair runs
 * the two back to back (wasm first in odd pairs, native first in even ones, so a drift in load
 * does not favour one side), and the figure is the median of the pairs' ratios.
 */
import { loadavg } from 'node:os';

/** Each side's timed windows in a pair (warm-up apart): shorter than a lone run, as there are several. */
export const PAIR_TIMING = { windows: 3, seconds: 6 };

/** One wasm/native pair, images/s each. */
export interface Pair {
  wasm: number;
  native: number;
  /** wasm ÷ native. */
  ratio: number;
  wasmFirst: boolean;
  /** 1-minute load average when the pair started. */
  load: number;
}

export interface PairReport {
  pairs: Pair[];
  medianRatio: number;
  /** 1, 5 and 15-minute load averages before the first pair and after the last. */
  loadStart: number[];
  loadEnd: number[];
}

/** Images per second of one run of each side. */
export interface PairSides {
  wasm(): Promise<number>;
  native(): Promise<number>;
}

/** Runs `count` alternated pairs; `progress` hears about each finished pair. */
export async function runPairs(
  count: number,
  sides: PairSides,
  progress: (pair: Pair, index: number) => void = () => {},
): Promise<PairReport> {
  const loadStart = loadavg();
  const pairs: Pair[] = [];
  for (let index = 0; index < count; index++) {
    const wasmFirst = index % 2 === 0;
    const load = loadavg()[0]!;
    let wasm: number;
    let native: number;
    if (wasmFirst) {
      wasm = await sides.wasm();
      native = await sides.native();
    } else {
      native = await sides.native();
      wasm = await sides.wasm();
    }
    const pair = { wasm, native, ratio: wasm / native, wasmFirst, load };
    pairs.push(pair);
    progress(pair, index);
  }
  return { pairs, medianRatio: median(pairs.map((pair) => pair.ratio)), loadStart, loadEnd: loadavg() };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const loads = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(', ');

/** A Markdown table of the pairs, the median ratio and the load averages. */
export function formatPairs(report: PairReport): string {
  const rows = report.pairs.map(
    (pair, index) =>
      `| ${index + 1} | ${pair.wasmFirst ? 'wasm, native' : 'native, wasm'} | ${pair.wasm.toFixed(1)} | ${pair.native.toFixed(1)} | ${pair.ratio.toFixed(2)} | ${pair.load.toFixed(2)} |`,
  );
  return [
    '| pair | order | wasm images/s | native images/s | wasm / native | load (1 min) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `wasm / native, median of ${report.pairs.length} pairs: ${report.medianRatio.toFixed(2)}`,
    `load average (1, 5, 15 min): ${loads(report.loadStart)} at the start, ${loads(report.loadEnd)} at the end`,
  ].join('\n');
}
