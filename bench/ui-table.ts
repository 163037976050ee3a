/** `npm run bench:ui`'s figures and their Markdown table (pure; unit-tested in ui-table.test.ts). */

export interface UiResult {
  /** `?backend=` as asked: a backend name or `auto`. */
  requested: string;
  backend: string;
  adapter: string;
  /** `auto`: each candidate's line as the page shows it. */
  candidates: string[];
  /** Page load to Train enabled, ms. */
  readyMs: number;
  /** Page load to the preparation's end, ms; null where there is none (CPU). */
  preparedMs: number | null;
  /** Train click (after preparation) to the first batch report, ms. */
  firstBatchMs: number;
  /** Programs the run's first step still compiled; null off the GPU backends. */
  compiledByFirstStep: number | null;
  imagesPerSecond: number;
  msPerStep: number;
  windowBatches: number;
  windowSeconds: number;
  /** `auto`: a second visit, which reuses the stored decision. */
  secondVisitReadyMs: number | null;
  secondVisitHow: string | null;
}

const s = (ms: number | null) => (ms === null ? '–' : (ms / 1000).toFixed(1));

/** Whether Train → first batch is at most one steady step plus a second. */
export function firstBatchWithinOneStep(result: UiResult): boolean {
  return result.firstBatchMs <= result.msPerStep + 1000;
}

export function formatUiTable(results: readonly UiResult[]): string {
  const header = [
    'requested',
    'backend',
    'adapter',
    'ready s',
    'prepared s',
    'Train → first batch s',
    'ms/step',
    '≤ step + 1 s',
    'compiled by first step',
    'images/s',
    'window',
    'second visit ready s',
  ];
  const rows = results.map((r) => [
    r.requested,
    r.backend,
    r.adapter.slice(0, 48),
    s(r.readyMs),
    s(r.preparedMs),
    s(r.firstBatchMs),
    r.msPerStep.toFixed(0),
    firstBatchWithinOneStep(r) ? 'yes' : 'no',
    r.compiledByFirstStep === null ? '–' : String(r.compiledByFirstStep),
    r.imagesPerSecond.toFixed(1),
    `${r.windowBatches} steps / ${r.windowSeconds.toFixed(0)} s`,
    r.secondVisitReadyMs === null ? '–' : `${s(r.secondVisitReadyMs)} (${r.secondVisitHow ?? '?'})`,
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const notes = results
    .filter((r) => r.candidates.length > 0)
    .map((r) => `${r.requested} → ${r.backend}: ${r.candidates.join(' · ')}`);
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ...notes].join('\n');
}
