import { formatBytes, formatCount, formatDuration } from '../format/format';
import type { ProgressView } from '../state/panels';
import text from '../common/text.module.css';
import styles from './ProgressPanel.module.css';

/** The download bar while loading, then epoch/batch progress with images/s and ETA. */
export function ProgressPanel(props: ProgressView) {
  const { download, run, latestBatch, finished, msToFirstBatch } = props;
  return (
    <section aria-label="Progress">
      <p className={styles.phase} data-testid="phase" data-phase={props.phase}>
        {props.phaseDetail}
      </p>
      {download && (
        <label className={styles.row}>
          Dataset {formatBytes(download.loadedBytes)} of {formatBytes(download.totalBytes)}
          <progress data-testid="data-progress" max={download.totalBytes} value={download.loadedBytes} />
        </label>
      )}
      {run && (
        <>
          <label className={styles.row}>
            <span
              data-testid="train-progress-text"
              data-epoch={latestBatch?.epoch ?? 0}
              data-batch={latestBatch?.batch ?? 0}
              data-images-per-second={latestBatch?.imagesPerSecond ?? 0}
            >
              Epoch {Math.min(props.epochsDone + 1, run.epochs)}/{run.epochs}
              {latestBatch && ` · batch ${formatCount(latestBatch.batch)}/${formatCount(run.batchesPerEpoch)}`}
              {latestBatch && ` · ${latestBatch.imagesPerSecond.toFixed(1)} images/s`}
              {latestBatch && !finished && ` · ETA ${formatDuration(latestBatch.etaSeconds)}`}
            </span>
            <progress data-testid="train-progress" max={1} value={props.fractionDone} />
          </label>
          {finished && (
            <p data-testid="train-finished" data-outcome={finished.outcome}>
              {finished.outcome === 'completed' ? 'Finished' : 'Stopped'} after {finished.epochsDone} of {run.epochs}{' '}
              epochs in {formatDuration(finished.elapsedMs / 1000)}.
            </p>
          )}
          {msToFirstBatch !== null && (
            <p className={text.note} data-testid="first-batch-ms">
              First batch {(msToFirstBatch / 1000).toFixed(1)} s after Train.
            </p>
          )}
        </>
      )}
    </section>
  );
}
