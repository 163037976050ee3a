import { describe, expect, test } from 'vitest';
import { galleryPage } from './gallery';

const images = 6;
// Image i is filled with the value i * 10, so a page's pixels show which images it holds.
const testPixels = Uint8Array.from({ length: images * 784 }, (_, p) => Math.floor(p / 784) * 10);
const testLabels = Uint8Array.from([3, 3, 5, 3, 5, 8]);
const predictions = {
  predicted: Int32Array.from([5, 3, 3, 5, 5, 8]),
  confidence: Float32Array.from([0.7, 0.9, 0.6, 0.95, 0.8, 0.99]),
};

describe('gallery pages', () => {
  test('a cell: its images, surest mistake first, with their own pixels', () => {
    const page = galleryPage(testPixels, testLabels, predictions, { kind: 'cell', label: 3, predicted: 5 }, 0, 10);
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      { testIndex: 3, label: 3, predicted: 5, confidence: expect.closeTo(0.95, 5) },
      { testIndex: 0, label: 3, predicted: 5, confidence: expect.closeTo(0.7, 5) },
    ]);
    expect(page.pixels).toHaveLength(2 * 784);
    expect(page.pixels[0]).toBe(30);
    expect(page.pixels[784]).toBe(0);
  });

  test('pages through all misclassified images', () => {
    const first = galleryPage(testPixels, testLabels, predictions, { kind: 'misclassified' }, 0, 2);
    const second = galleryPage(testPixels, testLabels, predictions, { kind: 'misclassified' }, 2, 2);
    expect(first.total).toBe(3);
    expect(first.items.map((i) => i.testIndex)).toEqual([3, 0]);
    expect(second.items.map((i) => i.testIndex)).toEqual([2]);
    expect(second.offset).toBe(2);
    expect(second.pixels[0]).toBe(20);
  });

  test('an offset past the end gives an empty page, not an error', () => {
    const page = galleryPage(testPixels, testLabels, predictions, { kind: 'misclassified' }, 99, 10);
    expect(page).toMatchObject({ total: 3, offset: 3, items: [] });
  });
});
