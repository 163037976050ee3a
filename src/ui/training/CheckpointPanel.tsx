import type { CheckpointSummary } from '../../worker/protocol';
import { formatBytes, formatCount } from '../format/format';
import { hasWorkLeft } from '../state/recoveryState';
import type { TrainerState } from '../state/state';

interface CheckpointPanelProps {
  state: TrainerState;
  onPause(): void;
  onResume(): void;
  onStartOver(): void;
}

/** "epoch 2 of 3, batch 5/20" or "after epoch 1 of 3". */
export function describePosition(c: CheckpointSummary): string {
  if (c.fineTune) return `Teach on your digits, step ${c.fineTune.stepsDone} of ${c.fineTune.steps}`;
  if (c.epoch > c.epochs) return `all ${c.epochs} epochs done`;
  if (c.batchesDone === 0) return `after epoch ${c.epoch - 1} of ${c.epochs}`;
  return `epoch ${c.epoch} of ${c.epochs}, batch ${formatCount(c.batchesDone)}/${formatCount(c.batchesPerEpoch)}`;
}

function savedAt(c: CheckpointSummary): string {
  return new Date(c.savedAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

/**
 * The Resume / Start over offer for a run found at load, Pause and Resume within a session,
 * the newest checkpoint (where it is and how long it took to write), and recovery notices.
 */
export function CheckpointPanel({ state, onPause, onResume, onStartOver }: CheckpointPanelProps) {
  const { offer, latest, lastSave, notices } = state.recovery;
  const training = state.phase === 'training';
  const canResume = state.ready !== null && !training && latest !== null && hasWorkLeft(latest);
  return (
    <section className="checkpoints" aria-label="Checkpoints">
      {offer && !training && (
        <div className="checkpoints__offer" role="status" data-testid="resume-offer">
          <span>
            A saved run was found: {describePosition(offer)} · {formatCount(offer.trainCount)} training images, batch{' '}
            {offer.batchSize} · saved {savedAt(offer)} on {offer.backend}.
          </span>
          <button
            type="button"
            className="button button--primary"
            data-testid="offer-resume"
            onClick={onResume}
            disabled={!state.ready}
          >
            Resume
          </button>
          <button
            type="button"
            className="button"
            data-testid="offer-start-over"
            onClick={onStartOver}
            disabled={!state.ready}
          >
            Start over
          </button>
        </div>
      )}
      <div className="controls__buttons">
        <button type="button" className="button" data-testid="pause" onClick={onPause} disabled={!training}>
          Pause
        </button>
        <button type="button" className="button" data-testid="resume" onClick={onResume} disabled={!canResume}>
          Resume
        </button>
      </div>
      <p
        className="controls__summary"
        data-testid="checkpoint-status"
        data-epoch={latest?.epoch ?? 0}
        data-batch={latest?.batchesDone ?? 0}
        data-write-ms={lastSave?.ms ?? ''}
      >
        {latest ? `Last checkpoint: ${describePosition(latest)}, saved ${savedAt(latest)}` : 'No checkpoint yet'}
        {lastSave && ` · ${formatBytes(lastSave.bytes)} written in ${lastSave.ms.toFixed(0)} ms`}
        {' · stored in this browser (IndexedDB).'}
      </p>
      {notices.map((notice, index) => (
        <p
          key={index}
          className={`message ${notice.kind === 'resumed' ? 'message--info' : 'message--warning'}`}
          role="status"
          data-testid="recovery-notice"
          data-kind={notice.kind}
        >
          {notice.message}
        </p>
      ))}
    </section>
  );
}
