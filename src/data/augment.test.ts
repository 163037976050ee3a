import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { mulberry32 } from '../train/random';
import { augmentBatch, DEFAULT_AUGMENT, randomTransform, transformRow } from './augment';

/** A 28×28 image with one bright 3×3 square whose top-left corner is (x, y). */
function square(x: number, y: number): tf.Tensor4D {
  const pixels = new Float32Array(28 * 28);
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) pixels[(y + dy) * 28 + x + dx] = 1;
  return tf.tensor4d(pixels, [1, 28, 28, 1]);
}

async function centreOfMass(image: tf.Tensor): Promise<[number, number]> {
  const values = await image.data();
  let [sum, sx, sy] = [0, 0, 0];
  values.forEach((value, index) => {
    sum += value;
    sx += value * (index % 28);
    sy += value * Math.floor(index / 28);
  });
  return [sx / sum, sy / sum];
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('augmentation', () => {
  test('with nothing to vary, is the identity', async () => {
    const none = { maxShift: 0, maxRotationDegrees: 0, maxScale: 0 };
    // + 0 turns a −0 (from a zero-width random range) into 0.
    expect(transformRow(randomTransform(none, Math.random), 28).map((v) => v + 0)).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    const image = square(10, 12);
    const out = augmentBatch(image, none, Math.random);
    expect(Array.from(await out.data())).toEqual(Array.from(await image.data()));
  });

  test('shifts by whole pixels exactly, right and down for positive shifts', async () => {
    const out = tf.image.transform(
      square(10, 12),
      tf.tensor2d([transformRow({ shiftX: 2, shiftY: -1, rotation: 0, scale: 1 }, 28)], [1, 8]),
      'bilinear',
    );
    expect(Array.from(await out.data())).toEqual(Array.from(await square(12, 11).data()));
  });

  test('rotates about the centre: a quarter turn takes a square right of centre to above or below it', async () => {
    // The square's centre (21, 13) is (7.5, −0.5) from the image centre (13.5, 13.5).
    const quarter = transformRow({ shiftX: 0, shiftY: 0, rotation: Math.PI / 2, scale: 1 }, 28);
    const [x, y] = await centreOfMass(tf.image.transform(square(20, 12), tf.tensor2d([quarter], [1, 8]), 'bilinear'));
    expect(Math.abs(x - 13.5)).toBeCloseTo(0.5, 4);
    expect(Math.abs(y - 13.5)).toBeCloseTo(7.5, 4);
  });

  test('keeps each image within the limits and is reproducible from the seed', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 50 },
        (
          (random) => () =>
            randomTransform(DEFAULT_AUGMENT, random)
        )(mulberry32(seed)),
      );
    const transforms = draw(7);
    expect(draw(7)).toEqual(transforms);
    expect(draw(8)).not.toEqual(transforms);
    for (const t of transforms) {
      expect(Math.abs(t.shiftX)).toBeLessThanOrEqual(2);
      expect(Math.abs(t.shiftY)).toBeLessThanOrEqual(2);
      expect(Math.abs(t.rotation)).toBeLessThanOrEqual((10 * Math.PI) / 180);
      expect(Math.abs(t.scale - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  test('moves every image of a batch differently and keeps the ink (cpu: per image, its batch kernel drops all but the first)', async () => {
    const batch = tf.concat([square(12, 12), square(12, 12)]) as tf.Tensor4D;
    const out = augmentBatch(batch, DEFAULT_AUGMENT, mulberry32(3));
    const [first, second] = await Promise.all([centreOfMass(out.slice(0, 1)), centreOfMass(out.slice(1, 1))]);
    expect(first).not.toEqual(second);
    const ink = await out.sum([1, 2, 3]).data();
    for (const total of ink) expect(total).toBeGreaterThan(9 * 0.7);
  });
});
