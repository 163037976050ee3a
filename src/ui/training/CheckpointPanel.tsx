import type { CheckpointSummary } from '../../worker/protocol';
import { formatBytes, formatCount } from '../format/format';
import type { CheckpointView } from '../state/panels';
import button from '../common/button.module.css';
import { classNames } from '../common/classNames';
import message from '../common/message.module.css';
import text from '../common/text.module.css';
import styles from './CheckpointPanel.module.css';

interface CheckpointPanelProps extends Omit<CheckpointView, 'canPause' | 'canResume'> {
  onResume(): void;
  onStartOver(): void;
}

interface PauseResumeProps extends Pick<CheckpointView, 'canPause' | 'canResume'> {
  onPause(): void;
  onResume(): void;
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

/** Pause and Resume, for the row of training buttons. */
export function PauseResumeButtons({ canPause, canResume, onPause, onResume }: PauseResumeProps) {
  return (
    <>
      <button type="button" data-testid="pause" onClick={onPause} disabled={!canPause}>
        Pause
      </button>
      <button type="button" data-testid="resume" onClick={onResume} disabled={!canResume}>
        Resume
      </button>
    </>
  );
}

/**
 * The Resume / Start over offer for a run found at load, the newest checkpoint (where it is
 * and how long it took to write), and recovery notices. The checkpoint line keeps room for two
 * lines, so its text growing during a run moves nothing.
 */
export function CheckpointPanel(props: CheckpointPanelProps) {
  const { latest, lastSave, notices } = props;
  return (
    <div className={styles.checkpoints}>
      {props.offer && <ResumeOffer {...props} offer={props.offer} />}
      <p
        className={classNames(text.note, styles.status)}
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
          className={classNames(
            message.message,
            notice.kind === 'resumed' ? message.info : message.warning,
            styles.notice,
          )}
          role="status"
          data-testid="recovery-notice"
          data-kind={notice.kind}
        >
          {notice.message}
        </p>
      ))}
    </div>
  );
}

function ResumeOffer({
  offer,
  workerReady,
  onResume,
  onStartOver,
}: CheckpointPanelProps & { offer: CheckpointSummary }) {
  return (
    <div className={styles.offer} role="status" data-testid="resume-offer">
      <span>
        A saved run was found: {describePosition(offer)} · {formatCount(offer.trainCount)} training images, batch{' '}
        {offer.batchSize} · saved {savedAt(offer)} on {offer.backend}.
      </span>
      <button
        type="button"
        className={button.primary}
        data-testid="offer-resume"
        onClick={onResume}
        disabled={!workerReady}
      >
        Resume
      </button>
      <button type="button" data-testid="offer-start-over" onClick={onStartOver} disabled={!workerReady}>
        Start over
      </button>
    </div>
  );
}
