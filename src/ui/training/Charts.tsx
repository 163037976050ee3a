import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../../worker/protocol';
import type { BatchPoint } from '../state/state';
import chart from '../common/chart.module.css';
import { classNames } from '../common/classNames';
import styles from './Charts.module.css';

const TRAIN_COLOUR = '#2563eb';
const TEST_COLOUR = '#dc2626';
const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

interface EpochRow {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
}

/**
 * Train vs test loss and accuracy per epoch, and the running loss within epochs. Each chart
 * is memoised: a batch report redraws only the batch chart, an epoch report the other two.
 */
export function Charts({ epochs, batchPoints }: { epochs: EpochReport[]; batchPoints: BatchPoint[] }) {
  const rows = useMemo<EpochRow[]>(
    () =>
      epochs.map((e) => ({
        epoch: e.epoch,
        trainLoss: e.loss,
        testLoss: e.testLoss,
        trainAccuracy: e.accuracy * 100,
        testAccuracy: e.testAccuracy * 100,
      })),
    [epochs],
  );
  return (
    <div className={styles.charts}>
      <EpochChart
        testId="loss-chart"
        title="Loss per epoch"
        rows={rows}
        train="trainLoss"
        test="testLoss"
        format={formatLoss}
        tick={formatTick}
      />
      <EpochChart
        testId="accuracy-chart"
        title="Accuracy per epoch (%)"
        rows={rows}
        train="trainAccuracy"
        test="testAccuracy"
        format={formatPercent}
        tick={formatTick}
        yMax={100}
      />
      <BatchChart points={batchPoints} />
    </div>
  );
}

const formatLoss = (value: number) => value.toFixed(4);
const formatPercent = (value: number) => `${value.toFixed(2)} %`;
/** Axis ticks: as few digits as the range needs. */
const formatTick = (value: number) => String(Number(value.toPrecision(3)));

/** Ticks on whole and half epochs, so the axis reads "1, 1.5, 2" rather than "0.8, 1.5, 2.3". */
function epochTicks(points: BatchPoint[]): number[] {
  const last = Math.ceil(points.at(-1)?.epoch ?? 1);
  const step = last <= 4 ? 0.5 : Math.ceil(last / 8);
  return Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
}

const BatchChart = memo(function BatchChart({ points }: { points: BatchPoint[] }) {
  return (
    <figure className={classNames(chart.chart, chart.wide)} data-testid="batch-chart" data-points={points.length}>
      <figcaption>Running training loss within each epoch</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={points} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[0, 'dataMax']}
            ticks={epochTicks(points)}
            label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }}
          />
          <YAxis width={56} tickFormatter={formatTick} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
            labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
          />
          <Line name="running loss" dataKey="loss" stroke={TRAIN_COLOUR} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

interface EpochChartProps {
  testId: string;
  title: string;
  rows: EpochRow[];
  train: keyof EpochRow;
  test: keyof EpochRow;
  /** Tooltip text. */
  format(value: number): string;
  /** Axis tick text. */
  tick(value: number): string;
  /** Upper end of the y axis (accuracy cannot pass 100 %). */
  yMax?: number;
}

const EpochChart = memo(function EpochChart({ testId, title, rows, train, test, format, tick, yMax }: EpochChartProps) {
  return (
    <figure className={chart.chart} data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
          <YAxis width={56} domain={['auto', yMax ?? 'auto']} tickFormatter={tick} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? format(v) : String(v))}
            labelFormatter={(v) => `epoch ${String(v)}`}
          />
          <Legend />
          <Line name="train" dataKey={train} stroke={TRAIN_COLOUR} isAnimationActive={false} dot />
          <Line name="test" dataKey={test} stroke={TEST_COLOUR} isAnimationActive={false} dot />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
