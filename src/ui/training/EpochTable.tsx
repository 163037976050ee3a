import { memo } from 'react';
import type { EpochReport } from '../../worker/protocol';
import styles from './EpochTable.module.css';

interface EpochTableProps {
  epochs: EpochReport[];
  /** Epochs the run will train: each has a row from the start ("–" until it ends), so the table never grows. */
  planned: number;
}

/**
 * The per-epoch numbers in the seed's format (loss in nats, accuracy in percent): the text
 * equivalent of the epoch charts. A long run scrolls inside the table's box.
 */
export const EpochTable = memo(function EpochTable({ epochs, planned }: EpochTableProps) {
  const pending = Array.from({ length: Math.max(0, planned - epochs.length) }, (_, i) => epochs.length + i + 1);
  return (
    <div className={styles.scroll} role="region" aria-labelledby="epoch-table-caption" tabIndex={0}>
      <table className={styles.epochs} data-testid="epoch-table">
        <caption id="epoch-table-caption">Per-epoch results</caption>
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
          {pending.map((epoch) => (
            <tr key={epoch} className={styles.pending} data-testid="epoch-row-pending">
              <td>{epoch}</td>
              <td colSpan={5}>not trained yet</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
