import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { describeRun, type RunSpec } from '../../shared/recipe';
import { finalTestError, imagesPerSecond, verdict, type Comparison, type ComparedRun } from '../state/comparison';
import { formatCount } from '../format/format';
import button from '../common/button.module.css';
import { ChartFigure } from '../common/ChartFigure';
import type { ChartTheme } from '../common/chartTheme';
import { formatTick, useChartStyle } from '../common/useChartStyle';
import styles from './ComparePanel.module.css';

const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

interface ComparePanelProps {
  /** The configurations the next comparison will train. */
  queue: RunSpec[];
  comparison: Comparison | null;
  /** False while training, before the worker is ready, or while the editor's spec is invalid (for Add). */
  canRun: boolean;
  canAdd: boolean;
  /** False while training: the list is what is being trained. */
  canEdit: boolean;
  onAdd(): void;
  onRemove(index: number): void;
  onRun(): void;
}

/**
 * The tutorial's DenseNet-vs-ResNet table, measured: the configurations to compare, then per
 * run its parameters, multiply-adds, speed, test accuracy per epoch and final error, and one
 * chart with every run's test accuracy.
 */
export function ComparePanel({
  queue,
  comparison,
  canRun,
  canAdd,
  canEdit,
  onAdd,
  onRemove,
  onRun,
}: ComparePanelProps) {
  const answer = comparison ? verdict(comparison) : null;
  return (
    <section id="compare" aria-labelledby="compare-title" data-testid="compare">
      <h2 id="compare-title">Compare configurations</h2>
      <p className={styles.note}>
        Trains each configuration in turn on the same images with the same seed, with this page’s epochs and subset.
      </p>
      <ol className={styles.queue} data-testid="compare-queue">
        {queue.map((spec, index) => (
          <li key={`${index}-${describeRun(spec)}`}>
            <span>{describeRun(spec)}</span>{' '}
            <button
              type="button"
              className={button.small}
              onClick={() => onRemove(index)}
              disabled={!canEdit}
              aria-label={`Remove ${describeRun(spec)}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className={button.row}>
        <button type="button" data-testid="compare-add" onClick={onAdd} disabled={!canAdd}>
          Add the configuration above
        </button>
        <button
          type="button"
          className={button.primary}
          data-testid="compare-run"
          onClick={onRun}
          disabled={!canRun || queue.length < 2}
        >
          Run comparison
        </button>
      </div>
      {queue.length < 2 && <p className={styles.note}>A comparison needs at least two configurations.</p>}
      {comparison && (
        <>
          <CompareTable runs={comparison.runs} />
          <CompareChart runs={comparison.runs} />
          {answer && (
            <p className={styles.verdict} data-testid="compare-verdict">
              {answer}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function CompareTable({ runs }: { runs: ComparedRun[] }) {
  const { theme } = useChartStyle();
  const epochs = Math.max(0, ...runs.map((run) => run.testAccuracies.length));
  return (
    <div className={styles.tableScroll} role="region" aria-label="Compared runs" tabIndex={0}>
      <table className={styles.table} data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Configuration</th>
            <th scope="col">Trainable parameters</th>
            <th scope="col">Mult-adds / image</th>
            <th scope="col">Images/s</th>
            <th scope="col">Test accuracy by epoch</th>
            <th scope="col">Final test error</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run, index) => {
            const speed = imagesPerSecond(run);
            const error = finalTestError(run);
            return (
              <tr key={index} data-testid="compare-row" data-status={run.status}>
                <th scope="row">
                  <span
                    className={styles.swatch}
                    style={{ background: seriesColour(theme, index) }}
                    aria-hidden="true"
                  />{' '}
                  {run.label}
                </th>
                <td data-testid="compare-parameters">{run.parameters === null ? '–' : formatCount(run.parameters)}</td>
                <td data-testid="compare-macs">
                  {run.macsPerImage === null ? '–' : `${(run.macsPerImage / 1e6).toFixed(2)} M`}
                </td>
                <td data-testid="compare-speed">{speed === null ? '–' : speed.toFixed(1)}</td>
                <td>
                  {run.testAccuracies.length === 0
                    ? '–'
                    : run.testAccuracies.map((accuracy) => `${(accuracy * 100).toFixed(2)} %`).join(' · ')}
                </td>
                <td data-testid="compare-error">{error === null ? '–' : `${(error * 100).toFixed(2)} %`}</td>
                <td>{run.status}</td>
              </tr>
            );
          })}
        </tbody>
        {epochs === 0 && <caption className={styles.note}>Results appear after each run’s first epoch.</caption>}
      </table>
    </div>
  );
}

/** One line per run: test accuracy (%) after each epoch. Memoised: batch reports do not redraw it. */
const CompareChart = memo(function CompareChart({ runs }: { runs: ComparedRun[] }) {
  const style = useChartStyle();
  const rows = useMemo(() => {
    const epochs = Math.max(0, ...runs.map((run) => run.testAccuracies.length));
    return Array.from({ length: epochs }, (_, i) => {
      const row: Record<string, number> = { epoch: i + 1 };
      runs.forEach((run, index) => {
        const accuracy = run.testAccuracies[i];
        if (accuracy !== undefined) row[`run${index}`] = accuracy * 100;
      });
      return row;
    });
  }, [runs]);
  const series = runs.filter((run) => run.testAccuracies.length > 0).length;
  return (
    <ChartFigure
      testId="compare-chart"
      title="Test accuracy per epoch (%)"
      summary={`${series} of ${runs.length} runs plotted; the table above lists each run’s test accuracy by epoch.`}
      data={{ 'data-series': series }}
      look="wide"
      height={240}
    >
      <LineChart data={rows} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid {...style.grid} />
        <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} {...style.axis} />
        <YAxis domain={['auto', 100]} tickFormatter={formatTick} {...style.axis} />
        <Tooltip {...style.tooltip} formatter={(value) => `${Number(value).toFixed(2)} %`} />
        <Legend />
        {runs.map((run, index) => (
          <Line
            key={index}
            type="monotone"
            dataKey={`run${index}`}
            name={run.label}
            stroke={seriesColour(style.theme, index)}
            dot={{ fill: style.theme.dotFill }}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ChartFigure>
  );
});

function seriesColour(theme: ChartTheme, index: number): string {
  return theme.series[index % theme.series.length]!;
}
