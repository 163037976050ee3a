/**
 * Confusion matrix, per-class metrics and the gallery's ordering, from per-image labels and
 * predictions. Pure functions over typed arrays; the worker runs them after each epoch.
 */
import type { ClassMetrics, GalleryFilter } from '../worker/insights';

export const CLASSES = 10;

/** `counts[label * 10 + predicted]`: how many images of each true label got each prediction. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>): number[] {
  if (labels.length !== predicted.length)
    throw new RangeError(`${labels.length} labels but ${predicted.length} predictions`);
  const counts = new Array<number>(CLASSES * CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]! * CLASSES + predicted[i]!]! += 1;
  return counts;
}

/**
 * One-vs-rest metrics per digit d, with TP = counts[d][d]:
 *   precision = TP / Σ column d,   recall = TP / Σ row d,
 *   accuracy  = (TP + TN) / N where TN counts images neither labelled nor predicted d.
 * A ratio with nothing to divide by is NaN (the UI shows "–").
 */
export function perClassMetrics(counts: readonly number[]): ClassMetrics[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return Array.from({ length: CLASSES }, (_, digit) => {
    let row = 0;
    let column = 0;
    for (let other = 0; other < CLASSES; other++) {
      row += counts[digit * CLASSES + other]!;
      column += counts[other * CLASSES + digit]!;
    }
    const truePositives = counts[digit * CLASSES + digit]!;
    const trueNegatives = total - row - column + truePositives;
    return {
      digit,
      support: row,
      precision: column === 0 ? NaN : truePositives / column,
      recall: row === 0 ? NaN : truePositives / row,
      accuracy: total === 0 ? NaN : (truePositives + trueNegatives) / total,
    };
  });
}

/**
 * Test indices matching the filter, worst first: for mistakes the most confident ones
 * (the model was surest and wrong), for a correct cell the least confident ones.
 */
export function galleryOrder(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  filter: GalleryFilter,
): number[] {
  const matches: number[] = [];
  for (let i = 0; i < predicted.length; i++) {
    const wanted =
      filter.kind === 'misclassified'
        ? labels[i] !== predicted[i]
        : labels[i] === filter.label && predicted[i] === filter.predicted;
    if (wanted) matches.push(i);
  }
  const correctCell = filter.kind === 'cell' && filter.label === filter.predicted;
  return matches.sort(
    (a, b) => (correctCell ? confidence[a]! - confidence[b]! : confidence[b]! - confidence[a]!) || a - b,
  );
}
