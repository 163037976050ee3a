import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { ClassMetrics, Evaluation } from '../../worker/protocol';
import { formatCount } from '../format/format';
import { cellColours, HEAT_PALETTES, matrixScale, type MatrixScale } from '../format/heat';
import { cellLabel, filterKey, formatMetric, moveInGrid } from '../format/insightsFormat';
import button from '../common/button.module.css';
import { classNames } from '../common/classNames';
import { useColorScheme } from '../common/media';
import text from '../common/text.module.css';
import styles from './ConfusionMatrix.module.css';

/** User-timing mark set when an 'evaluation' event arrives (see useTrainer). */
export const EVALUATION_MARK = 'evaluation-received';

const DIGITS = Array.from({ length: 10 }, (_, digit) => digit);

export interface ConfusionMatrixProps {
  /** The newest epoch's evaluation; null before the first epoch ends. */
  evaluation: Evaluation | null;
  /** `filterKey` of the gallery on screen, to mark its cell or button; null when none is open. */
  selected: string | null;
  /** A cell was clicked (or Enter/Space on it): show its images. */
  onCell(label: number, predicted: number): void;
  onMisclassified(): void;
}

/**
 * The 10×10 confusion matrix of the last evaluation (rows: true label, columns: prediction)
 * as a heat map of buttons, beside the per-class precision, recall and accuracy. Before the
 * first evaluation the same grid is drawn empty, so the first epoch's results take its place
 * without moving what follows. Memoised: it redraws when an epoch's evaluation arrives or the
 * gallery's filter changes, never on a batch report.
 *
 * Keyboard: the matrix is one Tab stop (roving tabindex); arrows move between cells,
 * Home/End to a row's ends, PageUp/PageDown to a column's ends, Enter/Space opens the cell.
 */
export const ConfusionMatrix = memo(function ConfusionMatrix({
  evaluation,
  selected,
  onCell,
  onMisclassified,
}: ConfusionMatrixProps) {
  const scale = useMemo(() => (evaluation ? matrixScale(evaluation.confusion) : null), [evaluation]);

  // Main-thread cost of a new evaluation: from the message's arrival (marked by useTrainer)
  // to this component's DOM being committed. Read by the e2e suite; costs nothing otherwise.
  useLayoutEffect(() => {
    if (evaluation && performance.getEntriesByName(EVALUATION_MARK).length > 0)
      performance.measure('confusion-matrix', EVALUATION_MARK);
  }, [evaluation]);

  const misclassified = scale ? scale.total - scale.correct : 0;
  return (
    <div data-testid="confusion-matrix" data-total={scale?.total ?? 0} data-epoch={evaluation?.epoch ?? 0}>
      <h3>
        Confusion matrix{' '}
        {evaluation && scale ? (
          <span className={text.meta}>
            after epoch {evaluation.epoch} · {formatCount(scale.total)} test images
          </span>
        ) : (
          <span className={text.meta} data-testid="confusion-empty">
            appears with the per-class scores when the first epoch ends
          </span>
        )}
      </h3>
      <div className={styles.body}>
        <div className={styles.matrixColumn}>
          {evaluation && scale ? (
            <MatrixTable evaluation={evaluation} scale={scale} selected={selected} onCell={onCell} />
          ) : (
            <EmptyMatrixTable />
          )}
          <p className={styles.legend}>
            <span className={styles.key}>
              <span className={classNames(styles.swatch, styles.correct)} aria-hidden="true" /> correct, stronger colour
              = more (linear)
            </span>
            <span className={styles.key}>
              <span className={classNames(styles.swatch, styles.error)} aria-hidden="true" /> errors, on their own log
              scale
            </span>
          </p>
          <button
            type="button"
            className={button.toggle}
            data-testid="gallery-misclassified"
            data-count={misclassified}
            aria-pressed={selected === 'misclassified'}
            disabled={!scale}
            onClick={onMisclassified}
          >
            {scale ? `All misclassified (${formatCount(misclassified)})` : 'All misclassified'}
          </button>
        </div>
        <ClassMetricsTable perClass={evaluation?.perClass ?? null} />
      </div>
    </div>
  );
});

interface MatrixTableProps {
  evaluation: Evaluation;
  scale: MatrixScale;
  selected: string | null;
  onCell(label: number, predicted: number): void;
}

function MatrixTable({ evaluation, scale, selected, onCell }: MatrixTableProps) {
  const palette = HEAT_PALETTES[useColorScheme()];
  const [active, setActive] = useState({ row: 0, column: 0 });
  const tableRef = useRef<HTMLTableElement>(null);
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLTableElement>) => {
    const cell = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-label]');
    if (!cell) return;
    const next = moveInGrid(Number(cell.dataset.label), Number(cell.dataset.predicted), event.key);
    if (!next) return;
    event.preventDefault();
    setActive(next);
    tableRef.current
      ?.querySelector<HTMLButtonElement>(`button[data-label="${next.row}"][data-predicted="${next.column}"]`)
      ?.focus();
  }, []);

  return (
    <MatrixFrame tableRef={tableRef} onKeyDown={onKeyDown}>
      {(label, predicted) => {
        const count = evaluation.confusion[label * 10 + predicted] ?? 0;
        const colours = cellColours(count, label === predicted, scale, palette);
        const name = cellLabel(label, predicted, count);
        return (
          <button
            type="button"
            className={classNames(styles.cell, label === predicted && styles.diagonal)}
            data-testid="confusion-cell"
            data-label={label}
            data-predicted={predicted}
            data-count={count}
            tabIndex={active.row === label && active.column === predicted ? 0 : -1}
            aria-label={name}
            aria-pressed={selected === filterKey({ kind: 'cell', label, predicted })}
            title={name}
            style={{ background: colours.background, color: colours.color }}
            onFocus={() => setActive({ row: label, column: predicted })}
            onClick={() => onCell(label, predicted)}
          >
            {formatCount(count)}
          </button>
        );
      }}
    </MatrixFrame>
  );
}

/** The grid before the first evaluation: the same size, nothing in it, hidden from screen readers. */
function EmptyMatrixTable() {
  return <MatrixFrame hidden>{() => <span className={classNames(styles.cell, styles.pending)} />}</MatrixFrame>;
}

interface MatrixFrameProps {
  /** One cell's content. */
  children(label: number, predicted: number): ReactNode;
  tableRef?: RefObject<HTMLTableElement | null>;
  onKeyDown?(event: KeyboardEvent<HTMLTableElement>): void;
  /** Hidden from assistive technology and clipped rather than scrolled (the empty grid says nothing). */
  hidden?: boolean;
}

/** The matrix's table: axis labels, digit headers, and a cell per (true label, prediction). */
function MatrixFrame({ children, tableRef, onKeyDown, hidden }: MatrixFrameProps) {
  return (
    <div className={hidden ? styles.clip : styles.scroll} aria-hidden={hidden || undefined}>
      <table className={styles.matrix} ref={tableRef} onKeyDown={onKeyDown}>
        <caption className={text.visuallyHidden}>
          Rows: true label. Columns: predicted label. Each cell counts the test images and opens them.
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="colgroup" colSpan={10} className={styles.axis}>
              predicted →
            </th>
          </tr>
          <tr>
            <th scope="col" className={classNames(styles.axis, styles.corner)}>
              true ↓
            </th>
            {DIGITS.map((digit) => (
              <th key={digit} scope="col">
                {digit}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DIGITS.map((label) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {DIGITS.map((predicted) => (
                <td key={predicted}>{children(label, predicted)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Precision, recall and accuracy per digit; "–" throughout before the first evaluation. */
function ClassMetricsTable({ perClass }: { perClass: ClassMetrics[] | null }) {
  return (
    <table className={styles.metrics} data-testid="class-metrics">
      <caption>Per class (one digit vs the rest)</caption>
      <thead>
        <tr>
          <th scope="col">Digit</th>
          <th scope="col">Support</th>
          <th scope="col">Precision</th>
          <th scope="col">Recall</th>
          <th scope="col">Accuracy</th>
        </tr>
      </thead>
      <tbody>
        {perClass
          ? perClass.map((row) => (
              <tr key={row.digit} data-testid="class-metrics-row" data-digit={row.digit}>
                <th scope="row">{row.digit}</th>
                <td>{formatCount(row.support)}</td>
                <td>{formatMetric(row.precision)}</td>
                <td>{formatMetric(row.recall)}</td>
                <td>{formatMetric(row.accuracy)}</td>
              </tr>
            ))
          : DIGITS.map((digit) => (
              <tr key={digit}>
                <th scope="row">{digit}</th>
                <td>–</td>
                <td>–</td>
                <td>–</td>
                <td>–</td>
              </tr>
            ))}
      </tbody>
    </table>
  );
}
