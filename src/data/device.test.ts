import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { gatherImages, gatherLabels, packPixels, PIXELS_PER_IMAGE, uploadDataset, verifyOnDevice } from './device';

/** Rows of pseudo-random bytes, including the extremes 0 and 255 in every position class. */
function syntheticPixels(rows: number): Uint8Array {
  const pixels = new Uint8Array(rows * PIXELS_PER_IMAGE);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 3) * 31) % 256;
  pixels.fill(255, 0, PIXELS_PER_IMAGE);
  return pixels;
}

describe('device dataset', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('packs three bytes per float32 value, little end first', () => {
    const pixels = syntheticPixels(2);
    const packed = packPixels(pixels, 2, 3);
    expect(packed.length).toBe(2 * 262);
    expect(packed[262 + 5]).toBe(pixels[784 + 15]! + pixels[784 + 16]! * 256 + pixels[784 + 17]! * 65_536);
    // The row's last value holds only pixel 783.
    expect(packed[261]).toBe(pixels[783]);
    expect(packed[0]).toBe(255 + 255 * 256 + 255 * 65_536);
  });

  test.each([1, 3] as const)(
    'gathers rows in any order and unpacks them exactly (%i byte(s) per value)',
    async (bytesPerValue) => {
      const pixels = syntheticPixels(5);
      const labels = Uint8Array.from([3, 1, 4, 1, 5]);
      const dataset = uploadDataset(pixels, labels, 3, 2, bytesPerValue);
      const rows = tf.tensor1d([4, 0, 2], 'int32');
      const images = gatherImages(dataset, rows);
      expect(images.shape).toEqual([3, 28, 28, 1]);
      const values = await images.data();
      [4, 0, 2].forEach((row, n) => {
        for (let i = 0; i < PIXELS_PER_IMAGE; i++) {
          expect(values[n * PIXELS_PER_IMAGE + i]).toBeCloseTo(pixels[row * PIXELS_PER_IMAGE + i]! / 255, 6);
        }
      });
      expect(Array.from(await gatherLabels(dataset, rows).data())).toEqual([5, 3, 4]);
      expect(await verifyOnDevice(dataset, pixels, [0, 4])).toBeNull();
      tf.dispose([rows, images]);
      dataset.dispose();
    },
  );

  test('verifyOnDevice reports a byte that differs', async () => {
    const pixels = syntheticPixels(2);
    const dataset = uploadDataset(pixels, Uint8Array.from([0, 1]), 1, 1, 3);
    const tampered = pixels.slice();
    tampered[784 + 100] = (tampered[784 + 100]! + 1) % 256;
    expect(await verifyOnDevice(dataset, tampered, [1])).toMatch(/row 1 pixel 100/);
    dataset.dispose();
  });

  test('the packed sprite needs a third of the float32 bytes', () => {
    const dataset = uploadDataset(syntheticPixels(10), new Uint8Array(10), 8, 2, 3);
    expect(dataset.deviceBytes).toBe(10 * 262 * 4 + 10 * 4);
    dataset.dispose();
  });
});
