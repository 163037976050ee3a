import { memo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { BACKEND_LABEL } from '../status/BackendBadge';
import { CandidateFigures } from '../backend-choice/CandidateFigures';
import { formatBytes, formatCount, formatDuration } from '../format/format';
import { orDash } from '../format/insightsFormat';
import type { BatchPoint, TrainerState } from '../state/state';
import { ChartFigure } from '../common/ChartFigure';
import { classNames } from '../common/classNames';
import text from '../common/text.module.css';
import { formatTick, useChartStyle } from '../common/useChartStyle';
import styles from './SpeedPanel.module.css';

const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

export interface SpeedPanelProps {
  backend: TrainerState['backend'];
  latestBatch: TrainerState['latestBatch'];
  batchPoints: BatchPoint[];
  /** The run has ended (no ETA any more). */
  finished: boolean;
}

/**
 * How fast training runs and what it holds: backend, images/s, ms per step, the epoch's
 * elapsed time and the ETA, tensors and bytes in use, and images/s per batch report.
 * Every figure is "–" until the first batch report. Redraws on batch reports only.
 */
export const SpeedPanel = memo(function SpeedPanel({
  backend,
  latestBatch: batch,
  batchPoints,
  finished,
}: SpeedPanelProps) {
  return (
    <section id="speed" aria-labelledby="speed-title" data-testid="speed-panel">
      <h2 id="speed-title">Speed and memory</h2>
      <dl className={styles.figures}>
        <div className={classNames(styles.figure, styles.wide)}>
          <dt>Backend</dt>
          <dd data-testid="speed-backend" data-backend={backend?.backend ?? ''}>
            {backend ? `${BACKEND_LABEL[backend.backend]} · ${backend.adapter}` : '–'}
          </dd>
        </div>
        <Figure
          label="Images/s"
          testId="speed-images-per-second"
          value={batch?.imagesPerSecond}
          format={(v) => v.toFixed(1)}
        />
        <Figure
          label="ms per step"
          testId="speed-ms-per-step"
          value={batch?.msPerStep}
          format={(v) => formatCount(Math.round(v))}
        />
        <Figure
          label={batch ? `Epoch ${batch.epoch} elapsed` : 'Epoch elapsed'}
          testId="speed-epoch-elapsed"
          value={batch?.epochElapsedMs}
          format={(v) => formatDuration(v / 1000)}
        />
        <Figure label="ETA" testId="speed-eta" value={finished ? null : batch?.etaSeconds} format={formatDuration} />
        <Figure label="Tensors" testId="speed-tensors" value={batch?.numTensors} format={formatCount} />
        <Figure label="Tensor memory" testId="speed-bytes" value={batch?.numBytes} format={formatBytes} />
      </dl>
      <CandidateFigures backend={backend} />
      <SpeedChart points={batchPoints} />
    </section>
  );
});

interface FigureProps {
  label: string;
  testId: string;
  value: number | null | undefined;
  format(value: number): string;
}

function Figure({ label, testId, value, format }: FigureProps) {
  const known = value !== null && value !== undefined && Number.isFinite(value);
  return (
    <div className={styles.figure}>
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={known ? value : ''}>
        {orDash(value, format)}
      </dd>
    </div>
  );
}

/** Images/s per batch report; the figure keeps its height before the first report. */
const SpeedChart = memo(function SpeedChart({ points }: { points: BatchPoint[] }) {
  const style = useChartStyle();
  const last = points.at(-1);
  return (
    <ChartFigure
      testId="speed-chart"
      title="Images per second, per batch report"
      summary={
        last
          ? `Latest ${last.imagesPerSecond.toFixed(1)} images per second, at epoch ${last.epoch.toFixed(2)}.`
          : 'No batch has been trained yet.'
      }
      data={{ 'data-points': points.length }}
      look="plain"
      height={160}
      empty={points.length === 0 ? <p className={text.empty}>–</p> : undefined}
    >
      <LineChart data={points} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid {...style.grid} />
        <XAxis {...style.epochAxis(last?.epoch ?? 1)} />
        <YAxis width={56} domain={[0, 'auto']} tickFormatter={formatTick} {...style.axis} />
        <Tooltip
          {...style.tooltip}
          formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)} images/s` : String(v))}
          labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
        />
        <Line
          name="images/s"
          dataKey="imagesPerSecond"
          stroke={style.theme.speed}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
});
