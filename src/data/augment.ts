/**
 * On-device data augmentation for training batches: each image gets its own random
 * shift, rotation and scale about the centre, applied as one projective `tf.image.transform`
 * (bilinear, zeros outside) on whichever backend trains. The parameters come from the run's
 * seeded generator, so a seeded run is reproducible.
 */
import * as tf from '@tensorflow/tfjs';
import { fixCpuTransform } from '../backend/cpu/transform';

export interface AugmentOptions {
  /** Largest shift in pixels along each axis (uniform in ±maxShift). */
  maxShift: number;
  /** Largest rotation in degrees (uniform in ±). */
  maxRotationDegrees: number;
  /** Largest relative scale change (uniform factor in 1 ± maxScale). */
  maxScale: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { maxShift: 2, maxRotationDegrees: 10, maxScale: 0.1 };

export interface ImageTransform {
  shiftX: number;
  shiftY: number;
  /** Radians, counter-clockwise on screen. */
  rotation: number;
  scale: number;
}

/** Draws one image's transform from `random` (uniform in [0, 1)). */
export function randomTransform(options: AugmentOptions, random: () => number): ImageTransform {
  const symmetric = (limit: number) => (2 * random() - 1) * limit;
  return {
    shiftX: symmetric(options.maxShift),
    shiftY: symmetric(options.maxShift),
    rotation: (symmetric(options.maxRotationDegrees) * Math.PI) / 180,
    scale: 1 + symmetric(options.maxScale),
  };
}

/**
 * The 8 numbers `tf.image.transform` wants: they map an output pixel (x, y) to the input
 * point it samples, i.e. the inverse of "scale and rotate about the centre, then shift":
 *   input = R(θ)ᵀ/s · (output − centre − shift) + centre
 */
export function transformRow({ shiftX, shiftY, rotation, scale }: ImageTransform, size: number): number[] {
  const centre = (size - 1) / 2;
  const cos = Math.cos(rotation) / scale;
  const sin = Math.sin(rotation) / scale;
  const [a0, a1, b0, b1] = [cos, sin, -sin, cos];
  const [x0, y0] = [centre + shiftX, centre + shiftY];
  return [a0, a1, centre - a0 * x0 - a1 * y0, b0, b1, centre - b0 * x0 - b1 * y0, 0, 0];
}

/** `images` `[n, h, w, c]` (square) → the same shape, each image moved by its own random transform. */
export function augmentBatch(images: tf.Tensor4D, options: AugmentOptions, random: () => number): tf.Tensor4D {
  fixCpuTransform();
  const [count, size] = images.shape;
  const rows = Array.from({ length: count }, () => transformRow(randomTransform(options, random), size));
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(rows, [count, 8]), 'bilinear', 'constant', 0));
}
