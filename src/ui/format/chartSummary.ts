/**
 * Text equivalents of the charts: what a screen reader hears instead of the picture (the
 * full numbers are in the per-epoch table). Pure functions of the plotted points.
 */

/** One point per epoch of a train/test pair: `epoch` 1-based. */
export interface EpochPair {
  epoch: number;
  train: number;
  test: number;
}

export interface PairSummaryOptions {
  /** What is plotted, e.g. "loss". */
  quantity: string;
  format(value: number): string;
  /** Which way is better, to name the best test value. */
  better: 'lower' | 'higher';
}

/**
 * "After epoch 3: train loss 0.1200, test loss 0.1500. Best test loss 0.1400 at epoch 2."
 * or "No epoch has finished yet." before the first point.
 */
export function epochPairSummary(points: readonly EpochPair[], options: PairSummaryOptions): string {
  const last = points.at(-1);
  if (!last) return 'No epoch has finished yet.';
  const { quantity, format } = options;
  const latest = `After epoch ${last.epoch}: train ${quantity} ${format(last.train)}, test ${quantity} ${format(last.test)}.`;
  if (points.length < 2) return latest;
  const best = points.reduce((a, b) => ((options.better === 'lower' ? b.test < a.test : b.test > a.test) ? b : a));
  return `${latest} Best test ${quantity} ${format(best.test)} at epoch ${best.epoch}.`;
}

/** "Running loss 0.4321 at epoch 1.50." or "No batch has been trained yet." */
export function runningLossSummary(points: readonly { epoch: number; loss: number }[]): string {
  const last = points.at(-1);
  return last
    ? `Running loss ${last.loss.toFixed(4)} at epoch ${last.epoch.toFixed(2)}.`
    : 'No batch has been trained yet.';
}
