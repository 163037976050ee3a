import { memo } from 'react';
import { formatCount } from '../format/format';
import type { PreparationView } from '../state/preparationState';
import text from '../common/text.module.css';

/** What is being prepared, in the backend's words: GPUs compile programs, WASM builds its operators. */
const SUBJECT = { webgpu: 'the GPU', webgl: 'the GPU', wasm: 'WASM', cpu: 'the CPU' } as const;

export interface PreparationStatusProps {
  preparation: PreparationView | null;
  /** Train was clicked and waits for the preparation. */
  runPending: boolean;
}

/**
 * One line about the worker compiling the next run's programs before Train: "Preparing the
 * GPU: 212 of 583 programs", then what it took, and after the run's first step how many
 * programs that step still compiled. Train stays usable throughout (TrainingControls).
 */
export const PreparationStatus = memo(function PreparationStatus({ preparation, runPending }: PreparationStatusProps) {
  if (!preparation) return null;
  const { stage, done, total } = preparation;
  return (
    <p
      className={text.note}
      data-testid="preparation"
      data-stage={stage}
      data-done={done}
      data-total={total}
      data-programs={preparation.programs ?? ''}
      data-compiled-by-first-step={preparation.compiledByFirstStep ?? ''}
    >
      {describe(preparation)}
      {runPending && (stage === 'compiling' || stage === 'warming') && ' Training starts when this ends.'}
      {stage === 'compiling' && total > 0 && <progress max={total} value={done} aria-label="Programs compiled" />}
    </p>
  );
});

function describe(view: PreparationView): string {
  const subject = SUBJECT[view.backend];
  const gpu = view.backend === 'webgl' || view.backend === 'webgpu';
  switch (view.stage) {
    case 'compiling':
      return `Preparing ${subject}: ${formatCount(view.done)} of ${formatCount(view.total)} programs compiled.`;
    case 'warming':
      return gpu
        ? `Preparing ${subject}: one training step on scratch weights…`
        : `Preparing ${subject}: one training step on scratch weights builds its operators…`;
    case 'failed':
      return `Preparing ${subject} failed (${view.message ?? 'unknown error'}); the first step compiles instead.`;
    case 'done':
      return `${ready(view, subject)}${firstStep(view)}`;
    default:
      return view.stage satisfies never;
  }
}

function ready(view: PreparationView, subject: string): string {
  const seconds = view.ms === null ? '' : ` in ${(view.ms / 1000).toFixed(1)} s`;
  const programs = view.programs === null ? '' : `: ${formatCount(view.programs)} programs compiled`;
  return `Prepared ${subject} for training${programs}${seconds}.`;
}

function firstStep(view: PreparationView): string {
  if (view.compiledByFirstStep === null) return '';
  const n = view.compiledByFirstStep;
  return n === 0 ? ' The first step compiled nothing more.' : ` The first step compiled ${formatCount(n)} more.`;
}
