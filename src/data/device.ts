/**
 * The dataset on the device. All 70,000 digits are uploaded once; every batch is then
 * gathered by index on the device, so training uploads nothing per step.
 *
 * Memory: a float32 copy of the sprite would be 70,000 × 784 × 4 B = 220 MB. Instead three
 * pixels are packed into one float32 (b0 + 256·b1 + 65,536·b2 < 2²⁴, so every value is an
 * exact float32 integer) — 70,000 × 262 × 4 B = 73 MB — and unpacked per batch with exact
 * power-of-two arithmetic. Where the device stores floats in 16 bits (WebGL without
 * renderable float32 textures), integers above 2,048 are not exact, so one byte per value
 * is used there instead.
 */
import * as tf from '@tensorflow/tfjs';

export const PIXELS_PER_IMAGE = 784;

export type BytesPerValue = 1 | 3;

export interface DeviceDataset {
  /** `[rows, ceil(784 / bytesPerValue)]` float32: pixel bytes packed little-end first. */
  packed: tf.Tensor2D;
  /** `[rows]` int32 class labels 0–9. */
  labels: tf.Tensor1D;
  bytesPerValue: BytesPerValue;
  /** Rows 0 … trainRows−1 are training digits; test digits follow from `trainRows`. */
  trainRows: number;
  testRows: number;
  /** Bytes the two tensors occupy on the device. */
  deviceBytes: number;
  dispose(): void;
}

/**
 * Packs `rows` images of 784 bytes into float32 values holding `bytesPerValue` bytes each
 * (the last value of a row is zero-padded). Returns a `rows × ceil(784 / bytesPerValue)` array.
 */
export function packPixels(pixels: Uint8Array, rows: number, bytesPerValue: BytesPerValue): Float32Array {
  if (bytesPerValue === 1) return Float32Array.from(pixels.subarray(0, rows * PIXELS_PER_IMAGE));
  const width = Math.ceil(PIXELS_PER_IMAGE / 3);
  const packed = new Float32Array(rows * width);
  for (let row = 0; row < rows; row++) {
    const source = row * PIXELS_PER_IMAGE;
    const target = row * width;
    for (let v = 0; v < width; v++) {
      const i = source + v * 3;
      // 784 = 3·261 + 1: the last value of a row holds one byte; the end of the row is not read past.
      const middle = v * 3 + 1 < PIXELS_PER_IMAGE ? pixels[i + 1]! : 0;
      const high = v * 3 + 2 < PIXELS_PER_IMAGE ? pixels[i + 2]! : 0;
      packed[target + v] = pixels[i]! + middle * 256 + high * 65_536;
    }
  }
  return packed;
}

/** Uploads the sprite and labels once. `pixels` holds `trainRows + testRows` images, train first. */
export function uploadDataset(
  pixels: Uint8Array,
  labels: Uint8Array,
  trainRows: number,
  testRows: number,
  bytesPerValue: BytesPerValue,
): DeviceDataset {
  const rows = trainRows + testRows;
  const width = Math.ceil(PIXELS_PER_IMAGE / bytesPerValue);
  const packed = tf.tensor2d(packPixels(pixels, rows, bytesPerValue), [rows, width], 'float32');
  const labelTensor = tf.tensor1d(Int32Array.from(labels.subarray(0, rows)), 'int32');
  return {
    packed,
    labels: labelTensor,
    bytesPerValue,
    trainRows,
    testRows,
    deviceBytes: packed.size * 4 + labelTensor.size * 4,
    dispose: () => tf.dispose([packed, labelTensor]),
  };
}

/**
 * Gathers images by row index on the device. `rowIndices`: int32 `[n]`.
 * Returns `[n, 28, 28, 1]` float32 in 0–1.
 */
export function gatherImages(dataset: DeviceDataset, rowIndices: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const values = tf.gather(dataset.packed, rowIndices);
    const n = rowIndices.shape[0];
    const bytes = dataset.bytesPerValue === 1 ? values : unpackThreeBytes(values);
    const pixels = dataset.bytesPerValue === 1 ? bytes : tf.slice(bytes, [0, 0], [n, PIXELS_PER_IMAGE]);
    return tf.reshape(tf.mul(pixels, 1 / 255), [n, 28, 28, 1]);
  });
}

/** Labels of the given rows: int32 `[n]`. */
export function gatherLabels(dataset: DeviceDataset, rowIndices: tf.Tensor1D): tf.Tensor1D {
  return tf.gather(dataset.labels, rowIndices);
}

/**
 * `[n, w]` packed values → `[n, 3w]` bytes. Multiplying by 1/256 and 1/65,536 is exact in
 * binary floating point and `floor` of an exact value is exact, so no byte is ever off by one.
 */
function unpackThreeBytes(values: tf.Tensor2D): tf.Tensor2D {
  const [n, width] = values.shape;
  const high = tf.floor(tf.mul(values, 1 / 65_536));
  const lowTwo = tf.sub(values, tf.mul(high, 65_536));
  const middle = tf.floor(tf.mul(lowTwo, 1 / 256));
  const low = tf.sub(lowTwo, tf.mul(middle, 256));
  return tf.reshape(tf.stack([low, middle, high], 2), [n, width * 3]);
}

/**
 * Checks that the device holds the sprite exactly: a few rows are gathered, unpacked and
 * compared with the bytes that were uploaded. Resolves to null or a description of the mismatch.
 */
export async function verifyOnDevice(
  dataset: DeviceDataset,
  pixels: Uint8Array,
  rows: number[],
): Promise<string | null> {
  const indices = tf.tensor1d(rows, 'int32');
  const images = gatherImages(dataset, indices);
  const values = await images.data();
  tf.dispose([indices, images]);
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < PIXELS_PER_IMAGE; i++) {
      const expected = pixels[rows[r]! * PIXELS_PER_IMAGE + i]!;
      const actual = Math.round(values[r * PIXELS_PER_IMAGE + i]! * 255);
      if (actual !== expected) return `row ${rows[r]} pixel ${i}: expected ${expected}, the device has ${actual}`;
    }
  }
  return null;
}
