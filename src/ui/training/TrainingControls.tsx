import { useRef, type ReactNode } from 'react';
import { describeModel, describeTraining } from '../../shared/recipe';
import { formatBytes, formatCount } from '../format/format';
import type { DatasetMemory, TrainingControlsView } from '../state/panels';
import button from '../common/button.module.css';
import { classNames } from '../common/classNames';
import text from '../common/text.module.css';
import { useFocusStaysInRow } from '../common/useFocusStaysInRow';
import styles from './TrainingControls.module.css';

interface TrainingControlsProps extends TrainingControlsView {
  onTrain(): void;
  onStop(): void;
  /** More buttons for the same row (Pause, Resume). */
  children?: ReactNode;
}

/** Train / Stop (and the buttons passed in) and a summary of what a run will do. */
export function TrainingControls(props: TrainingControlsProps) {
  const { canTrain, training, trainedBefore, shown, parameters, memory, onTrain, onStop } = props;
  const row = useRef<HTMLDivElement>(null);
  const keepFocus = useFocusStaysInRow(row);
  return (
    <div className={styles.controls}>
      <div className={button.row} ref={row} onFocus={keepFocus}>
        <button
          type="button"
          className={classNames(button.primary, styles.train)}
          data-testid="train"
          onClick={onTrain}
          disabled={!canTrain}
        >
          {trainedBefore ? 'Train again' : 'Train'}
        </button>
        <button type="button" data-testid="stop" onClick={onStop} disabled={!training}>
          Stop
        </button>
        {props.children}
      </div>
      <p className={classNames(text.note, styles.summary)} data-testid="run-summary">
        {shown ? describeModel(shown.model) : 'Fix the model and training recipe below to train'}
        {parameters !== null && ` (${formatCount(parameters)} parameters)`} · {formatCount(props.trainCount)} training /{' '}
        {formatCount(props.testCount)} test images · batch {props.batchSize} · {props.epochs} epochs
        {shown && ` · Adam, ${describeTraining(shown.training)}`}
      </p>
      {memory && <MemoryLine memory={memory} />}
    </div>
  );
}

function MemoryLine({ memory }: { memory: DatasetMemory }) {
  return (
    <p className={text.note} data-testid="dataset-memory">
      Dataset on the device: {formatBytes(memory.datasetDeviceBytes)} ({memory.bytesPerValue} pixel
      {memory.bytesPerValue > 1 ? 's' : ''} per float32); all tensors: {formatBytes(memory.tensorBytes)}
      {memory.gpuBytes !== null && ` (${formatBytes(memory.gpuBytes)} allocated on the GPU)`}; loaded in{' '}
      {(memory.loadMs / 1000).toFixed(1)} s.
    </p>
  );
}
