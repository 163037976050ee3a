/**
 * The benchmark's output: one Markdown row per backend and variant, and per backend the
 * ratios the GPU work is judged by (ours against TF.js defaults and against the baseline).
 */
import type { BackendName } from '../src/backend/rank';
import type { BenchResult, BenchVariant, StepFigures } from '../src/worker/bench-types';

type Ran = Extract<BenchResult, { figures: StepFigures }>;

/** Per backend: ours ÷ TF.js defaults for warm-up; ours ÷ baseline for programs and kernels per step. Null where a side is missing. */
export interface BackendRatios {
  warmupOursOverDefaults: number | null;
  warmupOursOverBaseline: number | null;
  programsPerStepOursOverBaseline: number | null;
  kernelsPerStepOursOverBaseline: number | null;
}

const fixed = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => fixed(ms / 1000, 1);
const orDash = (value: number | null) => (value === null ? '–' : String(value));

function find(results: readonly BenchResult[], backend: BackendName, variant: BenchVariant): Ran | undefined {
  return results.find((r): r is Ran => r.backend === backend && r.variant === variant && r.skipped === undefined);
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

export function ratiosFor(results: readonly BenchResult[], backend: BackendName): BackendRatios {
  const [ours, defaults, baseline] = (['ours', 'defaults', 'baseline'] as const).map(
    (variant) => find(results, backend, variant)?.figures,
  );
  return {
    warmupOursOverDefaults: ratio(ours?.warmupMs, defaults?.warmupMs),
    warmupOursOverBaseline: ratio(ours?.warmupMs, baseline?.warmupMs),
    programsPerStepOursOverBaseline: ratio(ours?.programsPerStep, baseline?.programsPerStep),
    kernelsPerStepOursOverBaseline: ratio(ours?.kernelsPerStep, baseline?.kernelsPerStep),
  };
}

const HEADER = [
  'backend',
  'variant',
  'adapter',
  'warm-up s',
  'of which preparation s',
  'first step s',
  'programs compiled',
  'programs/step',
  'GPU→CPU reads/step',
  'kernels/step',
  'images/s',
  'ms/step',
];

function row(result: Ran): string[] {
  const f = result.figures;
  return [
    result.backend,
    result.variant,
    result.adapter,
    seconds(f.warmupMs),
    seconds(f.prepareMs),
    seconds(f.firstStepMs),
    orDash(f.programsCompiled),
    orDash(f.programsPerStep),
    orDash(f.readsPerStep),
    String(f.kernelsPerStep),
    fixed(f.imagesPerSecond, 1),
    fixed(f.msPerStep, 0),
  ];
}

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const ratioCell = (value: number | null) => (value === null ? '–' : fixed(value, 2));

/** The results table, then the ratios table; skipped runs are noted with their reason. */
export function formatTables(results: readonly BenchResult[]): string {
  const ran = results.filter((r): r is Ran => r.skipped === undefined);
  const notes = results
    .filter((r) => r.skipped !== undefined)
    .map((r) => `${r.backend} ${r.variant}: skipped — ${(r as { skipped: string }).skipped}`);
  const backends = [...new Set(ran.map((r) => r.backend))];
  const ratioRows = backends.map((backend) => {
    const r = ratiosFor(results, backend);
    return [
      backend,
      ratioCell(r.warmupOursOverDefaults),
      ratioCell(r.warmupOursOverBaseline),
      ratioCell(r.programsPerStepOursOverBaseline),
      ratioCell(r.kernelsPerStepOursOverBaseline),
    ];
  });
  const ratioHeader = [
    'backend',
    'warm-up ours/defaults',
    'warm-up ours/baseline',
    'programs per step ours/baseline',
    'kernels per step ours/baseline',
  ];
  return [
    line(HEADER),
    line(HEADER.map(() => '---')),
    ...ran.map((result) => line(row(result))),
    ...notes,
    '',
    line(ratioHeader),
    line(ratioHeader.map(() => '---')),
    ...ratioRows.map(line),
  ].join('\n');
}
