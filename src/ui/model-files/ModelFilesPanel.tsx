import { useState, type DragEvent } from 'react';
import { formatCount, formatPercent } from '../format/format';
import type { TrainerState } from '../state/state';

interface ModelFilesPanelProps {
  state: TrainerState;
  onExport(): void;
  onImport(files: Iterable<File>): void;
  onEvaluate(): void;
}

/**
 * Export the model (model.json + weights.bin, TF.js layers format), import one by file
 * picker or drop, and evaluate whichever model is loaded on the test images.
 */
export function ModelFilesPanel({ state, onExport, onImport, onEvaluate }: ModelFilesPanelProps) {
  const [dragging, setDragging] = useState(false);
  const idle = state.ready !== null && state.phase !== 'training';
  const { imported, evaluation, importing } = state.recovery;
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (idle && event.dataTransfer.files.length > 0) onImport(event.dataTransfer.files);
  };
  return (
    <section className="model-files" aria-label="Model files">
      <h2>Model files</h2>
      <div
        className={`model-files__drop${dragging ? ' model-files__drop--active' : ''}`}
        data-testid="import-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <button type="button" className="button" data-testid="export-model" onClick={onExport} disabled={!idle}>
          Download model
        </button>
        <label className="button">
          Import model…
          <input
            type="file"
            multiple
            accept=".json,.bin"
            data-testid="import-files"
            disabled={!idle}
            hidden
            onChange={(event) => {
              if (event.target.files) onImport(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
        <button type="button" className="button" data-testid="evaluate-model" onClick={onEvaluate} disabled={!idle}>
          Evaluate on test set
        </button>
      </div>
      <p className="controls__summary">
        Downloads model.json + weights.bin (TensorFlow.js format). To import, choose or drop both files together.
      </p>
      {importing && <p className="controls__summary">Checking the files…</p>}
      {imported && (
        <p className="controls__summary" data-testid="imported-model">
          Using the imported {imported.name} ({formatCount(imported.parameters)} parameters) for drawing and evaluation.
          Train starts a new model.
        </p>
      )}
      {evaluation && (
        <p className="controls__summary" data-testid="model-evaluation" data-accuracy={evaluation.accuracy}>
          {evaluation.imported ? 'Imported model' : 'Current model'}: test accuracy {formatPercent(evaluation.accuracy)}
          , loss {evaluation.loss.toFixed(4)} on {formatCount(evaluation.testCount)} test images.
        </p>
      )}
    </section>
  );
}
