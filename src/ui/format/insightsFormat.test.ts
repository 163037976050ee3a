import { describe, expect, test } from 'vitest';
import {
  cellLabel,
  emptyGalleryText,
  epochTicks,
  filterKey,
  filterTitle,
  formatDims,
  formatMetric,
  formatShape,
  galleryRange,
  itemCaption,
  moveInGrid,
  orDash,
  pageOffsets,
} from './insightsFormat';

describe('insight texts', () => {
  test('metrics in percent, NaN as a dash', () => {
    expect(formatMetric(0.97254)).toBe('97.25 %');
    expect(formatMetric(1)).toBe('100.00 %');
    expect(formatMetric(0)).toBe('0.00 %');
    expect(formatMetric(Number.NaN)).toBe('–');
  });

  test('shapes, Keras style and spatial', () => {
    expect(formatShape([28, 28, 8])).toBe('(None, 28, 28, 8)');
    expect(formatShape([10])).toBe('(None, 10)');
    expect(formatDims(7, 7, 64)).toBe('7 × 7 × 64');
  });

  test('cell names and filters', () => {
    expect(cellLabel(4, 9, 12)).toBe('true 4, predicted 9: 12 images');
    expect(cellLabel(4, 9, 1)).toBe('true 4, predicted 9: 1 image');
    expect(cellLabel(1, 1, 1135)).toBe('true 1, predicted 1: 1,135 images');
    expect(filterKey({ kind: 'cell', label: 4, predicted: 9 })).toBe('cell-4-9');
    expect(filterKey({ kind: 'misclassified' })).toBe('misclassified');
    expect(filterTitle({ kind: 'cell', label: 4, predicted: 9 })).toBe('True 4, predicted 9');
    expect(filterTitle({ kind: 'cell', label: 3, predicted: 3 })).toBe('True 3, predicted 3 (correct)');
    expect(filterTitle({ kind: 'misclassified' })).toBe('All misclassified test images');
    expect(emptyGalleryText({ kind: 'cell', label: 4, predicted: 9 })).toBe(
      'No test image of a 4 was classified as 9.',
    );
    expect(emptyGalleryText({ kind: 'misclassified' })).toBe('No test image was misclassified.');
  });

  test('gallery range and paging', () => {
    expect(galleryRange(40, 48, 230)).toBe('41–88 of 230');
    expect(galleryRange(0, 12, 12)).toBe('1–12 of 12');
    expect(galleryRange(0, 0, 0)).toBe('0 of 0');
    expect(galleryRange(960, 48, 1200)).toBe('961–1,008 of 1,200');
    expect(pageOffsets(0, 48, 230, 48)).toEqual({ previous: null, next: 48 });
    expect(pageOffsets(48, 48, 230, 48)).toEqual({ previous: 0, next: 96 });
    expect(pageOffsets(192, 38, 230, 48)).toEqual({ previous: 144, next: null });
    expect(pageOffsets(0, 48, 48, 48)).toEqual({ previous: null, next: null });
    expect(pageOffsets(0, 0, 0, 48)).toEqual({ previous: null, next: null });
    expect(pageOffsets(20, 28, 48, 48)).toEqual({ previous: 0, next: null });
    // Past the end (the set shrank): back is possible, forward is not.
    expect(pageOffsets(96, 0, 50, 48)).toEqual({ previous: 48, next: null });
  });

  test('item captions round the confidence', () => {
    expect(itemCaption({ testIndex: 3, label: 4, predicted: 9, confidence: 0.8712 })).toBe('true 4 → 9 (87 %)');
    expect(itemCaption({ testIndex: 3, label: 1, predicted: 1, confidence: 0.99999 })).toBe('true 1 → 1 (100 %)');
  });

  test('epoch ticks on halves for short runs, whole steps for long ones', () => {
    expect(epochTicks(0.3)).toEqual([0, 0.5, 1]);
    expect(epochTicks(1.6)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(epochTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  test('dash for missing or meaningless figures', () => {
    const f = (v: number) => v.toFixed(1);
    expect(orDash(null, f)).toBe('–');
    expect(orDash(undefined, f)).toBe('–');
    expect(orDash(Number.NaN, f)).toBe('–');
    expect(orDash(Infinity, f)).toBe('–');
    expect(orDash(0, f)).toBe('0.0');
  });
});

describe('roving focus in the matrix', () => {
  test('arrows move one cell and stop at the edges', () => {
    expect(moveInGrid(4, 4, 'ArrowUp')).toEqual({ row: 3, column: 4 });
    expect(moveInGrid(4, 4, 'ArrowDown')).toEqual({ row: 5, column: 4 });
    expect(moveInGrid(4, 4, 'ArrowLeft')).toEqual({ row: 4, column: 3 });
    expect(moveInGrid(4, 4, 'ArrowRight')).toEqual({ row: 4, column: 5 });
    expect(moveInGrid(0, 0, 'ArrowUp')).toEqual({ row: 0, column: 0 });
    expect(moveInGrid(9, 9, 'ArrowRight')).toEqual({ row: 9, column: 9 });
  });

  test('Home/End and PageUp/PageDown jump to the ends; other keys do nothing', () => {
    expect(moveInGrid(4, 4, 'Home')).toEqual({ row: 4, column: 0 });
    expect(moveInGrid(4, 4, 'End')).toEqual({ row: 4, column: 9 });
    expect(moveInGrid(4, 4, 'PageUp')).toEqual({ row: 0, column: 4 });
    expect(moveInGrid(4, 4, 'PageDown')).toEqual({ row: 9, column: 4 });
    expect(moveInGrid(4, 4, 'Enter')).toBeNull();
    expect(moveInGrid(4, 4, 'a')).toBeNull();
  });
});
