/** Text and small decisions of the insight views (pure, no DOM). */
import type { GalleryFilter, GalleryItem } from '../../worker/protocol';
import { formatCount } from './format';

/** A 0–1 metric as "97.25 %"; NaN (no images to divide by) as "–". */
export function formatMetric(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)} %` : '–';
}

/** Keras's per-image output shape with the batch dimension: [28, 28, 8] → "(None, 28, 28, 8)". */
export function formatShape(shape: readonly number[]): string {
  return `(${['None', ...shape.map(String)].join(', ')})`;
}

/** Spatial size of a feature layer: "28 × 28 × 8". */
export function formatDims(...dims: number[]): string {
  return dims.join(' × ');
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Accessible name of a confusion-matrix cell. */
export function cellLabel(label: number, predicted: number, count: number): string {
  return `true ${label}, predicted ${predicted}: ${plural(count, 'image', 'images')}`;
}

/** A stable string for a filter: equal filters give equal keys. */
export function filterKey(filter: GalleryFilter): string {
  return filter.kind === 'misclassified' ? 'misclassified' : `cell-${filter.label}-${filter.predicted}`;
}

/** The gallery's heading. */
export function filterTitle(filter: GalleryFilter): string {
  if (filter.kind === 'misclassified') return 'All misclassified test images';
  return filter.label === filter.predicted
    ? `True ${filter.label}, predicted ${filter.predicted} (correct)`
    : `True ${filter.label}, predicted ${filter.predicted}`;
}

/** What the gallery says when no image matches. */
export function emptyGalleryText(filter: GalleryFilter): string {
  if (filter.kind === 'misclassified') return 'No test image was misclassified.';
  return `No test image of a ${filter.label} was classified as ${filter.predicted}.`;
}

/** "41–88 of 230" (1-based, inclusive); "0 of 0" when nothing matches. */
export function galleryRange(offset: number, count: number, total: number): string {
  if (count === 0) return `0 of ${formatCount(total)}`;
  return `${formatCount(offset + 1)}–${formatCount(offset + count)} of ${formatCount(total)}`;
}

/** Offsets of the neighbouring pages, or null at either end. */
export function pageOffsets(
  offset: number,
  count: number,
  total: number,
  pageSize: number,
): { previous: number | null; next: number | null } {
  return {
    previous: offset > 0 ? Math.max(0, offset - pageSize) : null,
    next: offset + Math.max(count, 1) < total ? offset + pageSize : null,
  };
}

/** A gallery item's caption: "true 4 → 9 (87 %)". */
export function itemCaption(item: GalleryItem): string {
  return `true ${item.label} → ${item.predicted} (${Math.round(item.confidence * 100)} %)`;
}

/** Ticks on whole and half epochs ("0, 0.5, 1"), at most about eight. */
export function epochTicks(lastEpoch: number): number[] {
  const last = Math.max(1, Math.ceil(lastEpoch));
  const step = last <= 4 ? 0.5 : Math.ceil(last / 8);
  return Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
}

/** A figure that may not exist yet (before training) or be meaningless (NaN, ∞): "–". */
export function orDash(value: number | null | undefined, format: (value: number) => string): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : format(value);
}

export type GridKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'PageUp' | 'PageDown';

/**
 * Roving focus in a `size × size` grid of buttons: the cell an arrow key moves to (clamped
 * at the edges), Home/End to the row's ends, PageUp/PageDown to the column's ends; null for
 * other keys.
 */
export function moveInGrid(
  row: number,
  column: number,
  key: string,
  size = 10,
): { row: number; column: number } | null {
  const last = size - 1;
  const clamp = (v: number) => Math.min(last, Math.max(0, v));
  switch (key as GridKey) {
    case 'ArrowUp':
      return { row: clamp(row - 1), column };
    case 'ArrowDown':
      return { row: clamp(row + 1), column };
    case 'ArrowLeft':
      return { row, column: clamp(column - 1) };
    case 'ArrowRight':
      return { row, column: clamp(column + 1) };
    case 'Home':
      return { row, column: 0 };
    case 'End':
      return { row, column: last };
    case 'PageUp':
      return { row: 0, column };
    case 'PageDown':
      return { row: last, column };
    default:
      return null;
  }
}
