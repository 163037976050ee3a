import { formatBytes, formatCount, formatDuration } from '../format/format';
import type { TrainerState } from '../state/state';

/** The download bar while loading, then epoch/batch progress with images/s and ETA. */
export function ProgressPanel({ state }: { state: TrainerState }) {
  const { dataProgress, run, latestBatch, epochs, finished } = state;
  return (
    <section className="progress" aria-label="Progress">
      <p className="progress__phase" data-testid="phase" data-phase={state.phase}>
        {state.phaseDetail}
      </p>
      {dataProgress && !state.ready && (
        <label className="progress__row">
          Dataset {formatBytes(dataProgress.loadedBytes)} of {formatBytes(dataProgress.totalBytes)}
          <progress data-testid="data-progress" max={dataProgress.totalBytes} value={dataProgress.loadedBytes} />
        </label>
      )}
      {run && (
        <>
          <label className="progress__row">
            <span
              data-testid="train-progress-text"
              data-epoch={latestBatch?.epoch ?? 0}
              data-batch={latestBatch?.batch ?? 0}
              data-images-per-second={latestBatch?.imagesPerSecond ?? 0}
            >
              Epoch {Math.min(epochs.length + 1, run.epochs)}/{run.epochs}
              {latestBatch && ` · batch ${formatCount(latestBatch.batch)}/${formatCount(run.batchesPerEpoch)}`}
              {latestBatch && ` · ${latestBatch.imagesPerSecond.toFixed(1)} images/s`}
              {latestBatch && !finished && ` · ETA ${formatDuration(latestBatch.etaSeconds)}`}
            </span>
            <progress data-testid="train-progress" max={1} value={fractionDone(state)} />
          </label>
          {finished && (
            <p data-testid="train-finished" data-outcome={finished.outcome}>
              {finished.outcome === 'completed' ? 'Finished' : 'Stopped'} after {finished.epochsDone} of {run.epochs}{' '}
              epochs in {formatDuration(finished.elapsedMs / 1000)}.
            </p>
          )}
          {state.msToFirstBatch !== null && (
            <p className="progress__note" data-testid="first-batch-ms">
              First batch {(state.msToFirstBatch / 1000).toFixed(1)} s after Train.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function fractionDone({ run, latestBatch, epochs, finished }: TrainerState): number {
  if (!run) return 0;
  if (finished?.outcome === 'completed') return 1;
  const batchesDone =
    epochs.length * run.batchesPerEpoch + (latestBatch && latestBatch.epoch > epochs.length ? latestBatch.batch : 0);
  return Math.min(1, batchesDone / (run.epochs * run.batchesPerEpoch));
}
