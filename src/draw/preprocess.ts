/**
 * Drawing-pad pixels → a 28×28 input made the way MNIST was: crop to the ink, scale the
 * longer side to 20 px with an anti-aliasing (area-averaging) filter, put it in a 28×28
 * field, then shift it by whole pixels so its centre of mass sits at the field's centre.
 *
 * Conventions: images are row-major `Float32Array`s of ink intensity (0 = background,
 * 1 = full ink), pixel (x, y) at index `y * width + x`. Coordinates are pixel indices: the
 * centre of pixel (x, y) is the point (x, y), so the 28×28 field's centre is (13.5, 13.5)
 * — the (14, 14) MNIST describes, in edge coordinates where pixel x covers [x, x + 1).
 * Pure functions, no DOM, so all of it runs (and is tested) in Node.
 */

/** Side of the MNIST field, in pixels. */
export const MNIST_SIZE = 28;
/** The longer side of the digit after scaling, in pixels (MNIST's 20×20 box). */
export const DIGIT_BOX_SIZE = 20;
/** Centre of the 28×28 field in pixel-index coordinates (see the file comment). */
export const FIELD_CENTRE = (MNIST_SIZE - 1) / 2;
/**
 * Intensity (0–1) a pixel must exceed to count towards the bounding box. Small but not
 * zero, so that the faint anti-aliased fringe of a stroke does not pad the box.
 */
export const INK_THRESHOLD = 0.05;

/** An axis-aligned rectangle of whole pixels: top-left corner and size, in pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point in pixel-index coordinates (pixel centres at whole numbers). */
export interface PixelPoint {
  x: number;
  y: number;
}

/** A translation in whole pixels: positive dx moves right, positive dy moves down. */
export interface PixelShift {
  dx: number;
  dy: number;
}

function assertImageSize(length: number, width: number, height: number, channels = 1): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Image size must be positive integers, got ${width}×${height}`);
  }
  if (length !== width * height * channels) {
    throw new RangeError(
      `Expected ${width}×${height}×${channels} = ${width * height * channels} values, got ${length}`,
    );
  }
}

/**
 * The smallest box holding every pixel whose intensity is above `threshold`.
 * @param gray row-major intensities 0–1, `width × height`
 * @returns the box in pixels, or null when no pixel is above the threshold
 */
export function boundingBox(
  gray: Float32Array,
  width: number,
  height: number,
  threshold = INK_THRESHOLD,
): PixelBox | null {
  assertImageSize(gray.length, width, height);
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((gray[y * width + x] ?? 0) <= threshold) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return null;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Copies the pixels inside `box` out of a `width`-wide image.
 * @returns row-major intensities, `box.width × box.height`
 */
export function crop(gray: Float32Array, width: number, box: PixelBox): Float32Array {
  const out = new Float32Array(box.width * box.height);
  for (let row = 0; row < box.height; row++) {
    const start = (box.y + row) * width + box.x;
    out.set(gray.subarray(start, start + box.width), row * box.width);
  }
  return out;
}

/**
 * The size a `width × height` digit takes when scaled, keeping its aspect ratio, so that
 * its longer side is `longSide` pixels. The shorter side is rounded and at least 1 pixel.
 */
export function scaledSize(
  width: number,
  height: number,
  longSide = DIGIT_BOX_SIZE,
): { width: number; height: number } {
  const scale = longSide / Math.max(width, height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** For one destination pixel: the first source pixel it reads and each source pixel's weight. */
interface AreaWeights {
  first: number;
  weights: number[];
}

/**
 * Box-filter weights for resampling a line of `sourceLength` pixels to `targetLength`.
 * Destination pixel d covers the source interval [d·span, (d+1)·span); each source pixel
 * is weighted by the fraction of that interval it overlaps, so the weights sum to 1 and a
 * thin stroke contributes in proportion to its coverage instead of being skipped.
 */
function areaWeights(sourceLength: number, targetLength: number): AreaWeights[] {
  const span = sourceLength / targetLength;
  const table: AreaWeights[] = [];
  for (let d = 0; d < targetLength; d++) {
    const start = d * span;
    const end = Math.min(sourceLength, (d + 1) * span);
    const first = Math.floor(start);
    const last = Math.min(sourceLength, Math.ceil(end)) - 1;
    const weights: number[] = [];
    for (let s = first; s <= last; s++) {
      weights.push((Math.min(end, s + 1) - Math.max(start, s)) / span);
    }
    table.push({ first, weights });
  }
  return table;
}

/**
 * Resamples an image with area averaging (a box filter with fractional pixel coverage):
 * every destination pixel is the mean intensity of the source area it covers. Works for
 * shrinking and enlarging; the two axes are filtered one after the other.
 * @param source row-major intensities, `sourceWidth × sourceHeight`
 * @returns row-major intensities, `targetWidth × targetHeight`
 */
export function resizeArea(
  source: Float32Array,
  sourceWidth: number,
  sourceHeight: number,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  assertImageSize(source.length, sourceWidth, sourceHeight);
  assertImageSize(targetWidth * targetHeight, targetWidth, targetHeight);
  const columns = areaWeights(sourceWidth, targetWidth);
  const rows = areaWeights(sourceHeight, targetHeight);
  // Horizontal pass: targetWidth × sourceHeight.
  const narrowed = new Float32Array(targetWidth * sourceHeight);
  for (let y = 0; y < sourceHeight; y++) {
    columns.forEach(({ first, weights }, x) => {
      let sum = 0;
      weights.forEach((w, i) => (sum += w * (source[y * sourceWidth + first + i] ?? 0)));
      narrowed[y * targetWidth + x] = sum;
    });
  }
  // Vertical pass: targetWidth × targetHeight.
  const out = new Float32Array(targetWidth * targetHeight);
  rows.forEach(({ first, weights }, y) => {
    for (let x = 0; x < targetWidth; x++) {
      let sum = 0;
      weights.forEach((w, i) => (sum += w * (narrowed[(first + i) * targetWidth + x] ?? 0)));
      out[y * targetWidth + x] = sum;
    }
  });
  return out;
}

/**
 * Puts a `width × height` image in the middle of an empty `fieldSize × fieldSize` field
 * (offset rounded down when the margin is odd). The image must fit.
 * @returns row-major intensities, `fieldSize × fieldSize`
 */
export function placeInField(image: Float32Array, width: number, height: number, fieldSize = MNIST_SIZE): Float32Array {
  assertImageSize(image.length, width, height);
  if (width > fieldSize || height > fieldSize) {
    throw new RangeError(`A ${width}×${height} image does not fit a ${fieldSize}² field`);
  }
  const field = new Float32Array(fieldSize * fieldSize);
  const left = Math.floor((fieldSize - width) / 2);
  const top = Math.floor((fieldSize - height) / 2);
  for (let row = 0; row < height; row++) {
    field.set(image.subarray(row * width, (row + 1) * width), (top + row) * fieldSize + left);
  }
  return field;
}

/**
 * Intensity-weighted mean position of an image, in pixel-index coordinates (the centre
 * of pixel (x, y) is the point (x, y)).
 * @returns the centre of mass, or null when the image has no ink (total intensity 0)
 */
export function centreOfMass(image: Float32Array, width: number, height: number): PixelPoint | null {
  assertImageSize(image.length, width, height);
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = image[y * width + x] ?? 0;
      mass += value;
      sumX += value * x;
      sumY += value * y;
    }
  }
  return mass > 0 ? { x: sumX / mass, y: sumY / mass } : null;
}

/**
 * The whole-pixel translation that brings the image's centre of mass nearest the centre
 * of the field ((width − 1) / 2, (height − 1) / 2 in pixel-index coordinates), clamped so
 * that no ink leaves the field: a lopsided digit stays whole rather than exactly centred.
 * @returns the shift in pixels; { dx: 0, dy: 0 } for an empty image
 */
export function centringShift(image: Float32Array, width: number, height: number): PixelShift {
  const centre = centreOfMass(image, width, height);
  const ink = boundingBox(image, width, height, 0);
  if (!centre || !ink) return { dx: 0, dy: 0 };
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  // `+ 0` turns Math.round's -0 into 0.
  const dx = clamp(Math.round((width - 1) / 2 - centre.x), -ink.x, width - ink.x - ink.width);
  const dy = clamp(Math.round((height - 1) / 2 - centre.y), -ink.y, height - ink.y - ink.height);
  return { dx: dx + 0, dy: dy + 0 };
}

/**
 * Translates an image by whole pixels; pixels moved past an edge are dropped and the
 * uncovered area is 0.
 * @param dx pixels to the right (negative: left)
 * @param dy pixels down (negative: up)
 * @returns a new row-major image of the same size
 */
export function shiftImage(image: Float32Array, width: number, height: number, dx: number, dy: number): Float32Array {
  assertImageSize(image.length, width, height);
  if (!Number.isInteger(dx) || !Number.isInteger(dy)) {
    throw new RangeError(`Shift must be whole pixels, got (${dx}, ${dy})`);
  }
  const out = new Float32Array(width * height);
  for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
    for (let x = Math.max(0, dx); x < Math.min(width, width + dx); x++) {
      out[y * width + x] = image[(y - dy) * width + (x - dx)] ?? 0;
    }
  }
  return out;
}

/**
 * Pad pixels → MNIST input: crop to the ink, scale the longer side to 20 px by area
 * averaging, place in a 28×28 field, shift by whole pixels to centre the mass at
 * (13.5, 13.5) (pixel-index coordinates), clip to 0–1.
 * @param gray row-major intensities 0–1 (1 = ink), `width × height`
 * @returns 784 floats 0–1 (row-major 28×28), or null when nothing is drawn
 */
export function toMnistInput(gray: Float32Array, width: number, height: number): Float32Array | null {
  const box = boundingBox(gray, width, height);
  if (!box) return null;
  const size = scaledSize(box.width, box.height, DIGIT_BOX_SIZE);
  const digit = resizeArea(crop(gray, width, box), box.width, box.height, size.width, size.height);
  const field = placeInField(digit, size.width, size.height, MNIST_SIZE);
  const { dx, dy } = centringShift(field, MNIST_SIZE, MNIST_SIZE);
  const centred = shiftImage(field, MNIST_SIZE, MNIST_SIZE, dx, dy);
  return centred.map((value) => Math.min(1, Math.max(0, value)));
}

/** Rec. 601 luma weights (red, green, blue); they sum to 1, so white is exactly 1. */
const [LUMA_RED, LUMA_GREEN, LUMA_BLUE] = [0.299, 0.587, 0.114] as const;

/**
 * Ink intensity of each pad pixel: its luminance times its opacity, i.e. how bright the
 * pixel looks composited over black. The pad paints white strokes on an opaque black
 * background, so this is the luminance; a transparent background (alpha 0) would read as
 * no ink too, so either way of clearing the pad works.
 * @param rgba non-premultiplied RGBA bytes as `ImageData.data` gives them, `width × height × 4`
 * @returns row-major intensities 0–1 (1 = ink), `width × height`
 */
export function rgbaToInk(rgba: Uint8ClampedArray, width: number, height: number): Float32Array {
  assertImageSize(rgba.length, width, height, 4);
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) {
    const p = 4 * i;
    const luma = LUMA_RED * (rgba[p] ?? 0) + LUMA_GREEN * (rgba[p + 1] ?? 0) + LUMA_BLUE * (rgba[p + 2] ?? 0);
    ink[i] = Math.min(1, (luma / 255) * ((rgba[p + 3] ?? 0) / 255));
  }
  return ink;
}

/**
 * Intensities → opaque white-on-black RGBA bytes, for showing an image on a canvas.
 * @param ink row-major intensities 0–1, `width × height`; null gives an all-black image
 * @returns RGBA bytes, `width × height × 4`, alpha always 255
 */
export function inkToRgba(ink: Float32Array | null, width: number, height: number): Uint8ClampedArray {
  if (ink) assertImageSize(ink.length, width, height);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const level = Math.round(255 * Math.min(1, Math.max(0, ink?.[i] ?? 0)));
    rgba.set([level, level, level, 255], 4 * i);
  }
  return rgba;
}
