import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../worker/protocol';
import type { BatchPoint } from './state';

const TRAIN_COLOUR = '#2563eb';
const TEST_COLOUR = '#dc2626';

/** Train vs test loss and accuracy per epoch, and the running loss within epochs. */
export function Charts({ epochs, batchPoints }: { epochs: EpochReport[]; batchPoints: BatchPoint[] }) {
  const perEpoch = epochs.map((e) => ({ epoch: e.epoch, train: e.loss, test: e.testLoss, trainAcc: e.accuracy * 100, testAcc: e.testAccuracy * 100 }));
  return (
    <div className="charts">
      <figure className="chart" data-testid="loss-chart" data-points={perEpoch.length}>
        <figcaption>Loss per epoch</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={perEpoch} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
            <YAxis width={56} tickFormatter={(v: number) => v.toFixed(3)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Legend />
            <Line name="train" dataKey="train" stroke={TRAIN_COLOUR} isAnimationActive={false} dot />
            <Line name="test" dataKey="test" stroke={TEST_COLOUR} isAnimationActive={false} dot />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="accuracy-chart" data-points={perEpoch.length}>
        <figcaption>Accuracy per epoch (%)</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={perEpoch} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
            <YAxis width={56} domain={['auto', 100]} tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} %` : String(v))} />
            <Legend />
            <Line name="train" dataKey="trainAcc" stroke={TRAIN_COLOUR} isAnimationActive={false} dot />
            <Line name="test" dataKey="testAcc" stroke={TEST_COLOUR} isAnimationActive={false} dot />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart chart--wide" data-testid="batch-chart" data-points={batchPoints.length}>
        <figcaption>Running training loss within each epoch</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={batchPoints} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" type="number" domain={[0, 'dataMax']} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
            <YAxis width={56} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`} />
            <Line name="running loss" dataKey="loss" stroke={TRAIN_COLOUR} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
