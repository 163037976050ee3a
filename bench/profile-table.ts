/**
 * `npm run bench -- --profile`: the wasm step's time by kernel as a Markdown table (the worker
 * measures it: src/worker/bench-profile.ts). Rows are exclusive times; `Outer › Inner` is a
 * kernel called from inside another; the remainder is JavaScript outside every kernel.
 */
import type { StepProfile } from '../src/worker/bench-types';

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
const ms = (value: number) => value.toFixed(2);
const calls = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** The `top` heaviest paths, the rest summed, the time outside kernels, and the step. */
export function formatProfile(profile: StepProfile, top = 15): string {
  const step = profile.msPerStep;
  const shown = profile.rows.slice(0, top);
  const rest = profile.rows.slice(top);
  const inKernels = profile.rows.reduce((sum, row) => sum + row.msPerStep, 0);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rows = shown.map((row, index) =>
    line([
      String(index + 1),
      row.path,
      row.ours ? 'ours' : 'backend',
      ms(row.msPerStep),
      percent(row.msPerStep, step),
      calls(row.callsPerStep),
    ]),
  );
  const restMs = rest.reduce((sum, row) => sum + row.msPerStep, 0);
  const restCalls = rest.reduce((sum, row) => sum + row.callsPerStep, 0);
  return [
    line(['#', 'kernel (exclusive time)', 'kernel by', 'ms/step', 'share of step', 'calls/step']),
    line(['---', '---', '---', '---', '---', '---']),
    ...rows,
    line(['', `${rest.length} other kernels`, '', ms(restMs), percent(restMs, step), calls(restCalls)]),
    line([
      '',
      'outside kernels (engine, tape, tfjs-layers)',
      '',
      ms(step - inKernels),
      percent(step - inKernels, step),
      '',
    ]),
    line(['', `step, mean of ${profile.steps} timed steps`, '', ms(step), '100 %', '']),
  ].join('\n');
}
