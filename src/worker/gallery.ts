/** Builds gallery pages from the last evaluation: which test images, in what order, with their pixels. */
import { galleryOrder } from '../train/confusion';
import type { TestPredictions } from '../train/loop';
import type { GalleryFilter, GalleryPage } from './insights';

const PIXELS = 784;
export const MAX_GALLERY_PAGE = 200;

/** `testPixels`: the evaluated test images, 784 bytes each, in test order; `testLabels` likewise. */
export function galleryPage(
  testPixels: Uint8Array,
  testLabels: Uint8Array,
  predictions: TestPredictions,
  filter: GalleryFilter,
  offset: number,
  limit: number,
): GalleryPage {
  const evaluated = predictions.predicted.length;
  const order = galleryOrder(testLabels.subarray(0, evaluated), predictions.predicted, predictions.confidence, filter);
  const start = Math.max(0, Math.min(Math.floor(offset), order.length));
  const chosen = order.slice(start, start + Math.max(0, Math.min(Math.floor(limit), MAX_GALLERY_PAGE)));
  const pixels = new Uint8Array(chosen.length * PIXELS);
  chosen.forEach((testIndex, i) =>
    pixels.set(testPixels.subarray(testIndex * PIXELS, (testIndex + 1) * PIXELS), i * PIXELS),
  );
  return {
    filter,
    offset: start,
    total: order.length,
    items: chosen.map((testIndex) => ({
      testIndex,
      label: testLabels[testIndex]!,
      predicted: predictions.predicted[testIndex]!,
      confidence: predictions.confidence[testIndex]!,
    })),
    pixels,
  };
}
