import { useRef, useState, type DragEvent } from 'react';
import { formatCount, formatPercent } from '../format/format';
import type { ModelFilesView } from '../state/panels';
import { classNames } from '../common/classNames';
import text from '../common/text.module.css';
import styles from './ModelFilesPanel.module.css';

interface ModelFilesPanelProps extends ModelFilesView {
  onExport(): void;
  onImport(files: Iterable<File>): void;
  onEvaluate(): void;
}

/**
 * Export the model (model.json + weights.bin, TF.js layers format), import one by file
 * picker or drop, and evaluate whichever model is loaded on the test images.
 */
export function ModelFilesPanel(props: ModelFilesPanelProps) {
  const { idle, importing, imported, evaluation, onExport, onImport, onEvaluate } = props;
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (idle && event.dataTransfer.files.length > 0) onImport(event.dataTransfer.files);
  };
  return (
    <section id="model-files" aria-labelledby="model-files-title">
      <h2 id="model-files-title">Model files</h2>
      <div
        className={classNames(styles.drop, dragging && styles.dragging)}
        data-testid="import-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <button type="button" data-testid="export-model" onClick={onExport} disabled={!idle}>
          Download model
        </button>
        {/* A real button opens the picker: a label around a hidden input cannot be reached by Tab. */}
        <button type="button" data-testid="import-model" onClick={() => picker.current?.click()} disabled={!idle}>
          Import model…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept=".json,.bin"
          data-testid="import-files"
          aria-label="Model files to import"
          disabled={!idle}
          hidden
          onChange={(event) => {
            if (event.target.files) onImport(event.target.files);
            event.target.value = '';
          }}
        />
        <button type="button" data-testid="evaluate-model" onClick={onEvaluate} disabled={!idle}>
          Evaluate on test set
        </button>
      </div>
      <p className={text.note}>
        Downloads model.json + weights.bin (TensorFlow.js format). To import, choose or drop both files together.
      </p>
      {importing && <p className={text.note}>Checking the files…</p>}
      {imported && (
        <p className={text.note} data-testid="imported-model">
          Using the imported {imported.name} ({formatCount(imported.parameters)} parameters) for drawing and evaluation.
          Train starts a new model.
        </p>
      )}
      {evaluation && (
        <p className={text.note} data-testid="model-evaluation" data-accuracy={evaluation.accuracy}>
          {evaluation.imported ? 'Imported model' : 'Current model'}: test accuracy {formatPercent(evaluation.accuracy)}
          , loss {evaluation.loss.toFixed(4)} on {formatCount(evaluation.testCount)} test images.
        </p>
      )}
    </section>
  );
}
