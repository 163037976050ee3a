import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../worker/protocol';
import type { BatchPoint } from './state';

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
    () => epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.loss, testLoss: e.testLoss, trainAccuracy: e.accuracy * 100, testAccuracy: e.testAccuracy * 100 })),
    [epochs],
  );
  return (
    <div className="charts">
      <EpochChart testId="loss-chart" title="Loss per epoch" rows={rows} train="trainLoss" test="testLoss" format={formatLoss} />
      <EpochChart testId="accuracy-chart" title="Accuracy per epoch (%)" rows={rows} train="trainAccuracy" test="testAccuracy" format={formatPercent} />
      <BatchChart points={batchPoints} />
    </div>
  );
}

const formatLoss = (value: number) => value.toFixed(4);
const formatPercent = (value: number) => `${value.toFixed(2)} %`;

const BatchChart = memo(function BatchChart({ points }: { points: BatchPoint[] }) {
  return (
    <figure className="chart chart--wide" data-testid="batch-chart" data-points={points.length}>
      <figcaption>Running training loss within each epoch</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={points} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={[0, 'dataMax']} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
          <YAxis width={56} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`} />
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
  format(value: number): string;
}

const EpochChart = memo(function EpochChart({ testId, title, rows, train, test, format }: EpochChartProps) {
  return (
    <figure className="chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
          <YAxis width={64} domain={['auto', 'auto']} tickFormatter={(v: number) => format(v).replace(/\s?%$/, '')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} labelFormatter={(v) => `epoch ${String(v)}`} />
          <Legend />
          <Line name="train" dataKey={train} stroke={TRAIN_COLOUR} isAnimationActive={false} dot />
          <Line name="test" dataKey={test} stroke={TEST_COLOUR} isAnimationActive={false} dot />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
