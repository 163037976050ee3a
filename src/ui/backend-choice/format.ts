/**
 * Words for a backend chosen by measurement (pure, shared by the badge's panel and the speed
 * panel): a candidate's figure or the reason it has none, and what is being measured now.
 */
import type { CandidateResult, WorkerEvent } from '../../worker/protocol';
import { formatCount } from '../format/format';

export const BACKEND_NAMES = { webgpu: 'WebGPU', webgl: 'WebGL 2', wasm: 'WASM', cpu: 'CPU' } as const;

/** "412.3 images/s (78 ms/step)", or the reason it was not measured. */
export function candidateText(candidate: CandidateResult): string {
  if (candidate.status === 'measured' && candidate.imagesPerSecond !== undefined)
    return `${candidate.imagesPerSecond.toFixed(1)} images/s (${formatCount(Math.round(candidate.msPerStep ?? 0))} ms/step)`;
  return candidate.reason ?? candidate.status;
}

/** "Measuring WebGPU: compiling 40 of 150 programs (1.2 s of at most 2.5 s)…" */
export function measuringText(progress: Extract<WorkerEvent, { type: 'measure-progress' }>): string {
  const name = BACKEND_NAMES[progress.backend];
  const what = {
    starting: 'starting and checking it',
    compiling: `compiling ${progress.done ?? 0} of ${progress.total ?? '?'} programs`,
    warming: 'its first step',
    timing: `timing step ${(progress.done ?? 0) + 1} of ${progress.total ?? '?'}`,
  }[progress.stage];
  const time =
    progress.elapsedMs !== undefined && progress.budgetMs !== undefined
      ? ` (${(progress.elapsedMs / 1000).toFixed(1)} s of at most ${(progress.budgetMs / 1000).toFixed(1)} s)`
      : '';
  return `Measuring ${name}: ${what}${time}…`;
}

/** When and how the decision was made. */
export function decisionText(how: 'measured' | 'stored', measuredAt: string): string {
  const when = new Date(measuredAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return how === 'measured'
    ? 'Chosen now by timing the training step on each candidate:'
    : `Chosen by timing the training step on each candidate on ${when}, stored for this device:`;
}
