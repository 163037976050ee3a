import { useRef } from 'react';
import type { JSX } from 'react';
import type { YourDigit } from '../../worker/protocol';
import { digitsByClass, type YourDigitsState } from '../state/yourDigits';
import { DigitThumb } from './DigitThumb';
import { TeachPanel } from './TeachPanel';
import styles from './YourDigits.module.css';

export interface YourDigitsPanelProps {
  state: YourDigitsState;
  /** The model and data are ready and nothing is training. */
  idle: boolean;
  /** Any training (a run or Teach) is in progress. */
  training: boolean;
  onDelete(id: number): void;
  onExport(): void;
  onImport(file: File): void;
  onTeach(): void;
  onStop(): void;
}

/**
 * Your digits: the drawings you corrected, by class with counts, each deletable; export and
 * import as one file; Teach and its before/after figures.
 */
export function YourDigitsPanel(props: YourDigitsPanelProps): JSX.Element {
  const { state, idle, training } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const heldOut = state.digits.filter((digit) => digit.heldOut).length;
  const taught = state.digits.length - heldOut;
  return (
    <section className={styles.panel} aria-label="Your digits" data-testid="your-digits">
      <h2>
        Your digits <span data-testid="your-digits-count">{state.digits.length}</span>
      </h2>
      <p className={styles.hint}>
        Correct the pad’s guess with <em>Right</em> or <em>It’s a …</em> (or keys 0–9 on the pad) to keep a drawing
        here, as the model saw it. Every fifth of each digit is held out: Teach never trains on it, so it shows how well
        Teach carries over. Stored in this browser only.
      </p>
      <div className={styles.grid}>
        {digitsByClass(state.digits).map((digits, label) => (
          <ClassRow key={label} label={label} digits={digits} onDelete={props.onDelete} />
        ))}
      </div>
      <div className={styles.actions}>
        <button
          type="button"

          data-testid="digits-export"
          disabled={state.digits.length === 0}
          onClick={props.onExport}
        >
          Export
        </button>
        <button
          type="button"

          data-testid="digits-import-button"
          onClick={() => fileInput.current?.click()}
        >
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="digits-import"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) props.onImport(file);
            event.currentTarget.value = '';
          }}
        />
        {state.lastImport && (
          <span className={styles.hint} data-testid="digits-imported">
            Imported {state.lastImport.added} digits from {state.lastImport.name}
            {state.lastImport.duplicates > 0 && ` (${state.lastImport.duplicates} already here)`}.
          </span>
        )}
      </div>
      <TeachPanel
        teach={state.teach}
        canTeach={idle && taught > 0}
        running={training}
        taught={taught}
        heldOut={heldOut}
        onTeach={props.onTeach}
        onStop={props.onStop}
      />
    </section>
  );
}

function ClassRow({ label, digits, onDelete }: { label: number; digits: YourDigit[]; onDelete(id: number): void }) {
  return (
    <div className={styles.classRow} data-testid={`digit-class-${label}`} data-count={digits.length}>
      <span className={styles.classLabel}>{label}</span>
      <span className={styles.count}>×{digits.length}</span>
      <ul className={styles.thumbs}>
        {digits.map((digit) => (
          <li
            key={digit.id}
            className={digit.heldOut ? styles.heldOut : undefined}
            data-testid="your-digit"
            data-held-out={digit.heldOut}
          >
            <DigitThumb pixels={digit.pixels} label={`A ${label}${digit.heldOut ? ', held out' : ''}`} />
            <button
              type="button"
              className={styles.delete}
              aria-label={`Delete this ${label}`}
              data-testid="delete-digit"
              onClick={() => onDelete(digit.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
