import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../../worker/protocol';
import { epochPairSummary, runningLossSummary, type EpochPair } from '../format/chartSummary';
import type { BatchPoint } from '../state/state';
import { ChartFigure } from '../common/ChartFigure';
import { formatTick, useChartStyle } from '../common/useChartStyle';
import styles from './Charts.module.css';

const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

interface EpochRows {
  loss: EpochPair[];
  accuracy: EpochPair[];
}

/** Train vs test loss and accuracy per epoch, side by side (one column on a phone). */
export function EpochCharts({ epochs }: { epochs: EpochReport[] }) {
  const rows = useMemo<EpochRows>(
    () => ({
      loss: epochs.map((e) => ({ epoch: e.epoch, train: e.loss, test: e.testLoss })),
      accuracy: epochs.map((e) => ({ epoch: e.epoch, train: e.accuracy * 100, test: e.testAccuracy * 100 })),
    }),
    [epochs],
  );
  return (
    <div className={styles.charts}>
      <EpochChart testId="loss-chart" title="Loss per epoch" quantity="loss" rows={rows.loss} format={formatLoss} />
      <EpochChart
        testId="accuracy-chart"
        title="Accuracy per epoch (%)"
        quantity="accuracy"
        rows={rows.accuracy}
        format={formatPercent}
        yMax={100}
      />
    </div>
  );
}

const formatLoss = (value: number) => value.toFixed(4);
const formatPercent = (value: number) => `${value.toFixed(2)} %`;

/** The running training loss within each epoch, one point per batch report. Redraws on every report. */
export const BatchChart = memo(function BatchChart({ points }: { points: BatchPoint[] }) {
  const style = useChartStyle();
  return (
    <ChartFigure
      testId="batch-chart"
      title="Running training loss within each epoch"
      summary={runningLossSummary(points)}
      data={{ 'data-points': points.length }}
      look="wide"
    >
      <LineChart data={points} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid {...style.grid} />
        <XAxis {...style.epochAxis(points.at(-1)?.epoch ?? 1)} />
        <YAxis width={56} tickFormatter={formatTick} {...style.axis} />
        <Tooltip
          {...style.tooltip}
          formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
          labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
        />
        <Line name="running loss" dataKey="loss" stroke={style.theme.train} dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartFigure>
  );
});

interface EpochChartProps {
  testId: string;
  title: string;
  /** What is plotted, for the text summary ("loss"). */
  quantity: string;
  rows: EpochPair[];
  /** Tooltip and summary text. */
  format(value: number): string;
  /** Upper end of the y axis (accuracy cannot pass 100 %). */
  yMax?: number;
}

/** Memoised: an epoch report redraws it, a batch report does not. */
const EpochChart = memo(function EpochChart({ testId, title, quantity, rows, format, yMax }: EpochChartProps) {
  const style = useChartStyle();
  const better = yMax === undefined ? 'lower' : 'higher';
  const dot = { fill: style.theme.dotFill };
  return (
    <ChartFigure
      testId={testId}
      title={title}
      summary={epochPairSummary(rows, { quantity, format, better })}
      data={{ 'data-points': rows.length }}
    >
      <LineChart data={rows} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid {...style.grid} />
        <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} {...style.axis} />
        <YAxis width={56} domain={['auto', yMax ?? 'auto']} tickFormatter={formatTick} {...style.axis} />
        <Tooltip
          {...style.tooltip}
          formatter={(v) => (typeof v === 'number' ? format(v) : String(v))}
          labelFormatter={(v) => `epoch ${String(v)}`}
        />
        <Legend />
        <Line name="train" dataKey="train" stroke={style.theme.train} isAnimationActive={false} dot={dot} />
        <Line name="test" dataKey="test" stroke={style.theme.test} isAnimationActive={false} dot={dot} />
      </LineChart>
    </ChartFigure>
  );
});
