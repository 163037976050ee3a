/**
 * Types of the "what did the network learn" views (confusion matrix, gallery, model
 * summary, feature maps). Plain data only: they cross the thread boundary.
 */

/** One class's one-vs-rest numbers over the evaluated test images. */
export interface ClassMetrics {
  digit: number;
  /** Test images whose true label is this digit. */
  support: number;
  /** Of the images predicted as this digit, the fraction that are (0–1; NaN when none were predicted). */
  precision: number;
  /** Of the images of this digit, the fraction predicted as it (0–1; NaN when there are none). */
  recall: number;
  /** One-vs-rest accuracy: (true positives + true negatives) / all images, 0–1. */
  accuracy: number;
}

/** After each epoch: how the test images were classified. */
export interface Evaluation {
  epoch: number;
  testCount: number;
  /** 10×10 counts, row-major: `confusion[label * 10 + predicted]`. Sums to `testCount`. */
  confusion: number[];
  perClass: ClassMetrics[];
}

/** Which test images a gallery page shows. */
export type GalleryFilter = { kind: 'cell'; label: number; predicted: number } | { kind: 'misclassified' };

export interface GalleryItem {
  /** Index within the test set (0-based). */
  testIndex: number;
  label: number;
  predicted: number;
  /** Probability the model gave its prediction, 0–1. */
  confidence: number;
}

export interface GalleryPage {
  filter: GalleryFilter;
  offset: number;
  /** How many images match the filter in all. */
  total: number;
  items: GalleryItem[];
  /** `items.length × 784` bytes, one 28×28 image (0–255, ink = 255) per item, in item order. */
  pixels: Uint8Array;
}

export interface SummaryLayer {
  name: string;
  /** tfjs-layers class, e.g. "Conv2D". */
  type: string;
  /** Per-image output shape, e.g. [28, 28, 8]. */
  outputShape: number[];
  params: number;
  /** Forward multiply-adds per image (convolutions and dense layers; 0 elsewhere). */
  macs: number;
}

export interface ModelSummary {
  layers: SummaryLayer[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  macsPerImage: number;
}

/** One layer's activations for the drawing on the pad. */
export interface FeatureLayer {
  name: string;
  /** Human label, e.g. "after dense block 1". */
  title: string;
  height: number;
  width: number;
  channels: number;
  /** Channels from this index on were added by the block's concatenations; null for layers that concatenate nothing. */
  newChannelsFrom: number | null;
  /** `height × width × channels` floats, channel-last (HWC). */
  values: Float32Array;
}

/** Live cost figures sent with each batch report. */
export interface SpeedFigures {
  msPerStep: number;
  /** Time since the current epoch began, ms. */
  epochElapsedMs: number;
  numTensors: number;
  numBytes: number;
}
