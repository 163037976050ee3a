/**
 * The metrics a run has produced, kept by the worker so a checkpoint can restore the charts:
 * every epoch's row and a thinned series of per-batch points (the same thinning the UI's
 * reducer applies, so a restored chart looks like the live one).
 */
import type { EpochReport } from './loop';

/** One plotted per-batch report. */
export interface HistoryPoint {
  /** Fractional epoch: 1.5 is halfway through the second epoch. */
  epoch: number;
  /** Running mean loss (nats) at that report. */
  loss: number;
  imagesPerSecond: number;
}

export interface RunHistory {
  epochs: EpochReport[];
  batches: HistoryPoint[];
}

/** Above this many points the batch series is halved (every other point kept); the UI uses the same bound. */
export const MAX_HISTORY_POINTS = 600;

export function emptyHistory(): RunHistory {
  return { epochs: [], batches: [] };
}

export function appendPoint(points: HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  const next = [...points, point];
  return next.length > MAX_HISTORY_POINTS ? next.filter((_, i) => i % 2 === 1 || i === next.length - 1) : next;
}
