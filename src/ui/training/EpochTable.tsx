import { memo } from 'react';
import type { EpochReport } from '../../worker/protocol';
import styles from './EpochTable.module.css';

/** The per-epoch numbers in the seed's format: loss in nats, accuracy in percent. */
export const EpochTable = memo(function EpochTable({ epochs }: { epochs: EpochReport[] }) {
  return (
    <table className={styles.epochs} data-testid="epoch-table">
      <caption>Per-epoch results</caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Loss</th>
          <th scope="col">Accuracy</th>
          <th scope="col">Test Loss</th>
          <th scope="col">Test Accuracy</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {epochs.length === 0 && (
          <tr>
            <td colSpan={6} className={styles.empty}>
              No epoch finished yet.
            </td>
          </tr>
        )}
        {epochs.map((e) => (
          <tr key={e.epoch} data-testid="epoch-row">
            <td>{e.epoch}</td>
            <td>{e.loss.toFixed(4)}</td>
            <td>{(e.accuracy * 100).toFixed(2)}</td>
            <td>{e.testLoss.toFixed(4)}</td>
            <td>{(e.testAccuracy * 100).toFixed(2)}</td>
            <td>{((e.trainMs + e.evalMs) / 1000).toFixed(1)} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
