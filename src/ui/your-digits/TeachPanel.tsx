import type { JSX } from 'react';
import { beforeAfterLines, heldOutText, mnistChange, mnistText, type TeachMeasure } from '../../shared/teach';
import type { TeachState } from '../state/yourDigits';
import button from '../common/button.module.css';
import styles from './YourDigits.module.css';

export interface TeachPanelProps {
  teach: TeachState | null;
  /** Teach can start: the model is ready, nothing is training, and some digits can be learned from. */
  canTeach: boolean;
  /** A Teach (or any training) is running. */
  running: boolean;
  taught: number;
  heldOut: number;
  onTeach(): void;
  onStop(): void;
}

/** Teach with its progress and Stop, then the model before and after, side by side. */
export function TeachPanel({
  teach,
  canTeach,
  running,
  taught,
  heldOut,
  onTeach,
  onStop,
}: TeachPanelProps): JSX.Element {
  const teaching = running && teach !== null && teach.finished === null;
  return (
    <div className={styles.teach}>
      <div className={styles.actions}>
        <button type="button" className={button.primary} data-testid="teach" disabled={!canTeach} onClick={onTeach}>
          Teach
        </button>
        <button type="button" data-testid="teach-stop" disabled={!teaching} onClick={onStop}>
          Stop
        </button>
        <span className={styles.hint}>
          Learns from {taught} of your digits mixed with MNIST; {heldOut} held out to measure it.
        </span>
      </div>
      {teach && <TeachProgress teach={teach} />}
      {teach?.before && <BeforeAfter before={teach.before} after={teach.after} />}
    </div>
  );
}

function TeachProgress({ teach }: { teach: TeachState }): JSX.Element {
  const step = teach.finished?.stepsDone ?? teach.progress?.step ?? teach.startedAt;
  const status = teach.finished
    ? `${teach.finished.outcome === 'completed' ? 'Taught' : teach.finished.outcome === 'stopped' ? 'Stopped' : 'Failed'}: ${step} of ${teach.steps} steps in ${(teach.finished.trainMs / 1000).toFixed(1)} s (${(teach.finished.totalMs / 1000).toFixed(1)} s with both measurements).`
    : teach.progress
      ? `Step ${step} of ${teach.steps} · loss ${teach.progress.loss.toFixed(3)} · ${teach.progress.msPerStep.toFixed(0)} ms/step`
      : teach.before
        ? 'Fine-tuning…'
        : 'Measuring the model before…';
  return (
    <div className={styles.progress}>
      <progress data-testid="teach-progress" value={step} max={teach.steps} aria-label="Teach progress" />
      <span data-testid="teach-status" data-outcome={teach.finished?.outcome ?? ''} data-steps-done={step}>
        {status}
      </span>
    </div>
  );
}

/** Held-out digits and MNIST test accuracy, before and after; the same lines the CLI prints below. */
function BeforeAfter({ before, after }: { before: TeachMeasure; after: TeachMeasure | null }): JSX.Element {
  const cell = (measure: TeachMeasure | null, text: (m: TeachMeasure) => string) => (measure ? text(measure) : '…');
  const mnistData = (measure: TeachMeasure | null) => measure?.mnist?.accuracy ?? '';
  return (
    <>
      <table className={styles.result} data-testid="teach-result">
        <thead>
          <tr>
            <th scope="col">Accuracy</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          <tr
            data-testid="teach-held-out"
            data-before={before.heldOut.correct}
            data-after={after?.heldOut.correct ?? ''}
            data-total={before.heldOut.total}
          >
            <th scope="row">Your held-out digits</th>
            <td>{heldOutText(before)}</td>
            <td>{cell(after, heldOutText)}</td>
          </tr>
          <tr data-testid="teach-mnist" data-before={mnistData(before)} data-after={mnistData(after)}>
            <th scope="row">MNIST test images</th>
            <td>{mnistText(before)}</td>
            <td>
              {cell(after, mnistText)}
              {after && mnistChange(before, after) && ` (${mnistChange(before, after)})`}
            </td>
          </tr>
        </tbody>
      </table>
      {after && (
        <pre className={styles.lines} data-testid="teach-lines">
          {beforeAfterLines(before, after).join('\n')}
        </pre>
      )}
    </>
  );
}
