import { formatBytes, formatCount, formatDuration } from '../format/format';
import type { ProgressView } from '../state/panels';
import styles from './ProgressPanel.module.css';

/**
 * The phase, then one progress line and bar (the download while loading, the run after), then
 * the run's outcome. Every line keeps its place before it has anything to say, so nothing
 * below moves when training starts or ends.
 */
export function ProgressPanel(props: ProgressView) {
  const { download, run, latestBatch, finished, msToFirstBatch } = props;
  return (
    <div className={styles.progress}>
      <p className={styles.phase} data-testid="phase" data-phase={props.phase}>
        {props.phaseDetail}
      </p>
      {download ? (
        <label className={styles.row}>
          <span>
            Dataset {formatBytes(download.loadedBytes)} of {formatBytes(download.totalBytes)}
          </span>
          <progress data-testid="data-progress" max={download.totalBytes} value={download.loadedBytes} />
        </label>
      ) : (
        <label className={styles.row}>
          <span
            data-testid="train-progress-text"
            data-epoch={latestBatch?.epoch ?? 0}
            data-batch={latestBatch?.batch ?? 0}
            data-images-per-second={latestBatch?.imagesPerSecond ?? 0}
          >
            {run ? `Epoch ${Math.min(props.epochsDone + 1, run.epochs)}/${run.epochs}` : 'Training progress'}
            {run && latestBatch && ` · batch ${formatCount(latestBatch.batch)}/${formatCount(run.batchesPerEpoch)}`}
            {latestBatch && ` · ${latestBatch.imagesPerSecond.toFixed(1)} images/s`}
            {latestBatch && !finished && ` · ETA ${formatDuration(latestBatch.etaSeconds)}`}
          </span>
          <progress data-testid="train-progress" max={1} value={props.fractionDone} />
        </label>
      )}
      <p className={styles.outcome}>
        {run && finished && (
          <span data-testid="train-finished" data-outcome={finished.outcome}>
            {finished.outcome === 'completed' ? 'Finished' : 'Stopped'} after {finished.epochsDone} of {run.epochs}{' '}
            epochs in {formatDuration(finished.elapsedMs / 1000)}.
          </span>
        )}{' '}
        {run && msToFirstBatch !== null && (
          <span data-testid="first-batch-ms">First batch {(msToFirstBatch / 1000).toFixed(1)} s after Train.</span>
        )}
      </p>
    </div>
  );
}
