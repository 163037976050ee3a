import type { TrainSettings } from '../settings/settings';
import { formatBytes, formatCount } from './format';
import type { TrainerState } from './state';

interface TrainingControlsProps {
  state: TrainerState;
  settings: TrainSettings;
  onTrain(): void;
  onStop(): void;
}

/** Train / Stop and a one-line summary of what a run will do. */
export function TrainingControls({ state, settings, onTrain, onStop }: TrainingControlsProps) {
  const training = state.phase === 'training';
  const { ready } = state;
  return (
    <section className="controls" aria-label="Training">
      <div className="controls__buttons">
        <button type="button" className="button button--primary" data-testid="train" onClick={onTrain} disabled={!ready || training}>
          {state.epochs.length > 0 || state.finished ? 'Train again' : 'Train'}
        </button>
        <button type="button" className="button" data-testid="stop" onClick={onStop} disabled={!training}>
          Stop
        </button>
      </div>
      <p className="controls__summary" data-testid="run-summary">
        Reference DenseNet{ready && ` (${formatCount(ready.parameters.total)} parameters)`} · {formatCount(ready?.trainCount ?? settings.trainCount)} training /{' '}
        {formatCount(ready?.testCount ?? settings.testCount)} test images · batch {settings.batchSize} · {settings.epochs} epochs · Adam 0.001
      </p>
      {ready && (
        <p className="controls__memory" data-testid="dataset-memory">
          Dataset on the device: {formatBytes(ready.datasetDeviceBytes)} ({ready.bytesPerValue} pixel{ready.bytesPerValue > 1 ? 's' : ''} per float32); all tensors:{' '}
          {formatBytes(ready.tensorBytes)}
          {ready.gpuBytes !== null && ` (${formatBytes(ready.gpuBytes)} allocated on the GPU)`}; loaded in {(ready.loadMs / 1000).toFixed(1)} s.
        </p>
      )}
    </section>
  );
}
