import type { TrainSettings } from '../../shared/settings';
import { describeModel, describeTraining, type RunSpec } from '../../shared/recipe';
import { formatBytes, formatCount } from '../format/format';
import type { TrainerState } from '../state/state';

interface TrainingControlsProps {
  state: TrainerState;
  settings: TrainSettings;
  /** What Train will train: the editor's configuration, or null while it has problems. */
  run: RunSpec | null;
  onTrain(): void;
  onStop(): void;
}

/** Train / Stop and a one-line summary of what a run will do. */
export function TrainingControls({ state, settings, run, onTrain, onStop }: TrainingControlsProps) {
  const training = state.phase === 'training';
  const { ready } = state;
  // While training, the run in progress; otherwise what Train would start.
  const shown = (training ? state.run?.run : null) ?? run;
  // The network's size is known once it is built: for the run in progress, or the one ready to train.
  const builtSameModel =
    ready &&
    shown &&
    (training || JSON.stringify(state.run?.run.model ?? settings.run.model) === JSON.stringify(shown.model));
  return (
    <section className="controls" aria-label="Training">
      <div className="controls__buttons">
        <button
          type="button"
          className="button button--primary"
          data-testid="train"
          onClick={onTrain}
          disabled={!ready || training || !run || state.runPending}
        >
          {state.epochs.length > 0 || state.finished ? 'Train again' : 'Train'}
        </button>
        <button type="button" className="button" data-testid="stop" onClick={onStop} disabled={!training}>
          Stop
        </button>
      </div>
      <p className="controls__summary" data-testid="run-summary">
        {shown ? describeModel(shown.model) : 'Fix the configuration above to train'}
        {builtSameModel && ` (${formatCount(ready.parameters.total)} parameters)`} ·{' '}
        {formatCount(ready?.trainCount ?? settings.trainCount)} training /{' '}
        {formatCount(ready?.testCount ?? settings.testCount)} test images · batch {settings.batchSize} ·{' '}
        {settings.epochs} epochs
        {shown && ` · Adam, ${describeTraining(shown.training)}`}
      </p>
      {ready && (
        <p className="controls__memory" data-testid="dataset-memory">
          Dataset on the device: {formatBytes(ready.datasetDeviceBytes)} ({ready.bytesPerValue} pixel
          {ready.bytesPerValue > 1 ? 's' : ''} per float32); all tensors: {formatBytes(ready.tensorBytes)}
          {ready.gpuBytes !== null && ` (${formatBytes(ready.gpuBytes)} allocated on the GPU)`}; loaded in{' '}
          {(ready.loadMs / 1000).toFixed(1)} s.
        </p>
      )}
    </section>
  );
}
