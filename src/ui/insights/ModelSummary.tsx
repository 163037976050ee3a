import { memo } from 'react';
import type { ModelSummary as ModelSummaryData } from '../../worker/protocol';
import { formatCount } from '../format/format';
import { formatShape } from '../format/insightsFormat';
import text from '../common/text.module.css';
import styles from './ModelSummary.module.css';

/**
 * Keras's `model.summary()` in a `<details>`, folded by default (it is ~40 rows): the
 * one-line headline (parameters, multiply-adds, layers) is always visible; opened, the
 * layer table and Keras's totals lines below it. Memoised: the summary arrives once, with
 * the 'ready' event.
 */
export const ModelSummary = memo(function ModelSummary({ summary }: { summary: ModelSummaryData | null }) {
  if (!summary) {
    return (
      <section id="model" aria-labelledby="model-summary-title" data-testid="model-summary" data-layers={0}>
        <h2 id="model-summary-title">The model</h2>
        <p className={text.empty}>The summary appears once the model is built.</p>
      </section>
    );
  }
  return (
    <details id="model" className={styles.ready} data-testid="model-summary" data-layers={summary.layers.length}>
      <summary>
        <h2>The model</h2>{' '}
        <span className={text.meta}>
          {formatCount(summary.totalParams)} parameters · {formatCount(summary.macsPerImage)} multiply-adds per image ·{' '}
          {summary.layers.length} layers
        </span>
      </summary>
      <div className={styles.tableScroll} role="region" aria-label="Layers" tabIndex={0}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Layer (type)</th>
              <th scope="col">Output shape</th>
              <th scope="col">Param #</th>
              <th scope="col">Mult-adds</th>
            </tr>
          </thead>
          <tbody>
            {summary.layers.map((layer) => (
              <tr key={layer.name} data-testid="summary-layer" data-name={layer.name}>
                <th scope="row">
                  {layer.name} <span className={styles.type}>({layer.type})</span>
                </th>
                <td>{formatShape(layer.outputShape)}</td>
                <td>{formatCount(layer.params)}</td>
                <td>{formatCount(layer.macs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className={styles.totals}>
        <li data-testid="summary-total" data-value={summary.totalParams}>
          Total params: {formatCount(summary.totalParams)}
        </li>
        <li data-testid="summary-trainable" data-value={summary.trainableParams}>
          Trainable params: {formatCount(summary.trainableParams)}
        </li>
        <li data-testid="summary-non-trainable" data-value={summary.nonTrainableParams}>
          Non-trainable params: {formatCount(summary.nonTrainableParams)}
        </li>
        <li data-testid="summary-macs" data-value={summary.macsPerImage}>
          Forward multiply-adds per image: {formatCount(summary.macsPerImage)}
        </li>
      </ul>
    </details>
  );
});
