import { describe, expect, test } from 'vitest';
import {
  FIELD_CENTRE,
  MNIST_SIZE,
  boundingBox,
  centreOfMass,
  centringShift,
  inkToRgba,
  placeInField,
  resizeArea,
  rgbaToInk,
  scaledSize,
  shiftImage,
  toMnistInput,
} from './preprocess';

const PAD = 280;

/** A blank pad-sized intensity image with the given rectangles filled with `value`. */
function padWith(rects: { x: number; y: number; width: number; height: number; value?: number }[]) {
  const gray = new Float32Array(PAD * PAD);
  for (const { x, y, width, height, value = 1 } of rects) {
    for (let row = y; row < y + height; row++) gray.fill(value, row * PAD + x, row * PAD + x + width);
  }
  return gray;
}

function at(image: Float32Array, x: number, y: number, width = MNIST_SIZE): number {
  return image[y * width + x] ?? Number.NaN;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function mustConvert(gray: Float32Array, width = PAD, height = PAD): Float32Array {
  const input = toMnistInput(gray, width, height);
  if (!input) throw new Error('expected an input, got null');
  return input;
}

describe('toMnistInput', () => {
  test('turns a filled square anywhere on the pad into a 20×20 block of ones at rows/cols 4–23', () => {
    for (const [x, y, side] of [
      [37, 91, 100],
      [0, 0, 280],
      [140, 12, 137], // a size that does not divide evenly into 20
    ] as const) {
      const input = mustConvert(padWith([{ x, y, width: side, height: side }]));
      expect(input).toHaveLength(784);
      for (let row = 0; row < MNIST_SIZE; row++) {
        for (let col = 0; col < MNIST_SIZE; col++) {
          const inside = row >= 4 && row <= 23 && col >= 4 && col <= 23;
          expect(at(input, col, row)).toBeCloseTo(inside ? 1 : 0, 5);
        }
      }
    }
  });

  test('scales a 10×200 bar in the top-left corner to 20 rows and centres its mass', () => {
    const input = mustConvert(padWith([{ x: 0, y: 0, width: 10, height: 200 }]));
    const rowSums = Array.from({ length: MNIST_SIZE }, (_, row) =>
      sum(input.subarray(row * MNIST_SIZE, (row + 1) * MNIST_SIZE)),
    );
    const inkRows = rowSums.flatMap((total, row) => (total > 0 ? [row] : []));
    expect(inkRows).toEqual(Array.from({ length: 20 }, (_, i) => i + 4));
    // 10 px scaled by 20/200 is one pixel wide: each row holds exactly 1 of ink, the column 20.
    rowSums.slice(4, 24).forEach((total) => expect(total).toBeCloseTo(1, 5));
    const inkColumns = new Set<number>();
    input.forEach((v, i) => v > 0 && inkColumns.add(i % MNIST_SIZE));
    expect([...inkColumns]).toHaveLength(1);
    const [column] = [...inkColumns];
    expect(sum(Array.from({ length: MNIST_SIZE }, (_, row) => at(input, column ?? -1, row)))).toBeCloseTo(20, 5);
    const centre = centreOfMass(input, MNIST_SIZE, MNIST_SIZE);
    expect(Math.abs((centre?.x ?? Infinity) - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? Infinity) - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
  });

  test('clips intensities above 1 to 1', () => {
    const input = mustConvert(padWith([{ x: 20, y: 20, width: 100, height: 100, value: 1.7 }]));
    expect(Math.max(...input)).toBe(1);
    expect(sum(input)).toBeCloseTo(400, 3);
  });

  test('returns null for an empty pad and for ink fainter than the threshold', () => {
    expect(toMnistInput(new Float32Array(PAD * PAD), PAD, PAD)).toBeNull();
    expect(toMnistInput(padWith([{ x: 10, y: 10, width: 50, height: 50, value: 0.01 }]), PAD, PAD)).toBeNull();
  });

  test('keeps a 1-pixel-wide diagonal stroke, spread over its coverage instead of dropped', () => {
    const gray = new Float32Array(PAD * PAD);
    for (let i = 0; i < 200; i++) gray[(30 + i) * PAD + (20 + i)] = 1;
    const input = mustConvert(gray);
    // 200×200 → 20×20: each output pixel averages a 10×10 block holding 10 ink pixels.
    expect(sum(input)).toBeCloseTo(2, 4);
    expect(Math.max(...input)).toBeCloseTo(0.1, 5);
    expect(input.filter((v) => v > 0)).toHaveLength(20);
  });

  test('gives the same output wherever the same shape is drawn', () => {
    // An irregular "7": a top bar and a slanted stem, so centring is not trivial.
    const sevenAt = (x: number, y: number) =>
      padWith([
        { x, y, width: 120, height: 18 },
        ...Array.from({ length: 10 }, (_, i) => ({ x: x + 100 - i * 8, y: y + 18 + i * 15, width: 18, height: 15 })),
      ]);
    const reference = mustConvert(sevenAt(5, 3));
    expect(sum(reference)).toBeGreaterThan(10);
    for (const [x, y] of [
      [150, 100],
      [60, 110],
      [154, 109],
    ] as const) {
      expect(Array.from(mustConvert(sevenAt(x, y)))).toEqual(Array.from(reference));
    }
  });

  test('centres the mass of a lopsided "9" to within half a pixel and clips to 0–1', () => {
    const input = mustConvert(
      padWith([
        // Loop: a 120×100 ring of 20-px strokes, top-left at (60, 30) …
        { x: 60, y: 30, width: 120, height: 20 },
        { x: 60, y: 110, width: 120, height: 20 },
        { x: 60, y: 30, width: 20, height: 100 },
        // … and the right side running on down as the stem, half-pressed.
        { x: 160, y: 30, width: 20, height: 100 },
        { x: 160, y: 130, width: 20, height: 120, value: 0.5 },
      ]),
    );
    const centre = centreOfMass(input, MNIST_SIZE, MNIST_SIZE);
    expect(Math.abs((centre?.x ?? Infinity) - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? Infinity) - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.min(...input)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...input)).toBeLessThanOrEqual(1);
    // Box 120×220 → 11×20; the mass is the ink area × (20/220)², none of it lost.
    const inkArea = 120 * 20 * 2 + 20 * 60 * 2 + 20 * 120 * 0.5;
    expect(sum(input)).toBeCloseTo(inkArea * (11 / 120) * (20 / 220), 3);
  });

  test('clamps the centring shift so a very top-heavy shape keeps all its ink', () => {
    const input = mustConvert(
      padWith([
        { x: 40, y: 40, width: 200, height: 40 },
        { x: 40, y: 80, width: 20, height: 160, value: 0.5 },
      ]),
    );
    // Its mass sits 6.3 px above the middle of its 20-row box (rows 4–23), so centring
    // wants to move it down 6, but it may move only 4 (to rows 8–27) before ink is lost.
    const rowHasInk = (row: number) => input.subarray(row * 28, (row + 1) * 28).some((v) => v > 0);
    expect(rowHasInk(7)).toBe(false);
    expect(rowHasInk(8)).toBe(true);
    expect(rowHasInk(27)).toBe(true);
    // Bar 200×40 → 20×4 of ones (80); stem 20×160 at 0.5 → 2×16 at 0.5 (16).
    expect(sum(input)).toBeCloseTo(96, 3);
  });
});

describe('pieces', () => {
  test('boundingBox finds the pixels above the threshold', () => {
    const gray = new Float32Array(6 * 4);
    gray[1 * 6 + 2] = 0.9;
    gray[3 * 6 + 4] = 0.2;
    gray[0] = 0.04; // below the default threshold
    expect(boundingBox(gray, 6, 4)).toEqual({ x: 2, y: 1, width: 3, height: 3 });
    expect(boundingBox(gray, 6, 4, 0.5)).toEqual({ x: 2, y: 1, width: 1, height: 1 });
    expect(boundingBox(gray, 6, 4, 0)).toEqual({ x: 0, y: 0, width: 5, height: 4 });
    expect(boundingBox(new Float32Array(24), 6, 4)).toBeNull();
    expect(() => boundingBox(gray, 5, 4)).toThrow(RangeError);
  });

  test('scaledSize makes the longer side 20 and keeps the aspect ratio', () => {
    expect(scaledSize(100, 50)).toEqual({ width: 20, height: 10 });
    expect(scaledSize(30, 200)).toEqual({ width: 3, height: 20 });
    expect(scaledSize(1, 200)).toEqual({ width: 1, height: 20 });
    expect(scaledSize(5, 5)).toEqual({ width: 20, height: 20 });
  });

  test('resizeArea averages by fractional coverage when shrinking and enlarging', () => {
    expect(Array.from(resizeArea(Float32Array.of(1, 0, 0, 1), 4, 1, 2, 1))).toEqual([0.5, 0.5]);
    // 3 → 2: each output covers 1.5 source pixels, half of the middle one.
    const thirds = resizeArea(Float32Array.of(0, 1, 0), 3, 1, 2, 1);
    expect(thirds[0]).toBeCloseTo(1 / 3, 6);
    expect(thirds[1]).toBeCloseTo(1 / 3, 6);
    // 2×2 → 1×1 is the mean; 1×1 → 2×2 repeats the value.
    expect(resizeArea(Float32Array.of(1, 0, 0.5, 0.5), 2, 2, 1, 1)[0]).toBeCloseTo(0.5, 6);
    expect(Array.from(resizeArea(Float32Array.of(0.75), 1, 1, 2, 2))).toEqual([0.75, 0.75, 0.75, 0.75]);
    // Vertical pass: a 1×4 column [1,1,0,0] → 1×2 [1,0].
    expect(Array.from(resizeArea(Float32Array.of(1, 1, 0, 0), 1, 4, 1, 2))).toEqual([1, 0]);
  });

  test('placeInField centres the image, rounding the offset down', () => {
    const field = placeInField(Float32Array.of(1, 2, 3, 4, 5, 6), 3, 2, 6);
    expect(Array.from(field)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(() => placeInField(new Float32Array(49), 7, 7, 6)).toThrow(RangeError);
  });

  test('centreOfMass uses pixel-index coordinates (pixel centres at whole numbers)', () => {
    const image = new Float32Array(MNIST_SIZE * MNIST_SIZE);
    image[5 * MNIST_SIZE + 3] = 1;
    expect(centreOfMass(image, MNIST_SIZE, MNIST_SIZE)).toEqual({ x: 3, y: 5 });
    image[5 * MNIST_SIZE + 7] = 3;
    expect(centreOfMass(image, MNIST_SIZE, MNIST_SIZE)).toEqual({ x: 6, y: 5 });
    expect(centreOfMass(new Float32Array(4), 2, 2)).toBeNull();
    // The field centre in this convention: a full field balances at (13.5, 13.5).
    expect(FIELD_CENTRE).toBe(13.5);
    expect(centreOfMass(new Float32Array(784).fill(1), 28, 28)).toEqual({ x: 13.5, y: 13.5 });
  });

  test('centringShift moves the mass to the centre by whole pixels, clamped to keep the ink', () => {
    const single = new Float32Array(784);
    single[5 * MNIST_SIZE + 2] = 1; // at (2, 5): 11.5 → 12 right, 8.5 → 9 down
    expect(centringShift(single, 28, 28)).toEqual({ dx: 12, dy: 9 });
    // Mass near (0.3, 0.3) wants +13 both ways, but the faint pixel at (27, 27) blocks it.
    const lopsided = new Float32Array(784);
    lopsided[0] = 1;
    lopsided[783] = 0.01;
    expect(centringShift(lopsided, 28, 28)).toEqual({ dx: 0, dy: 0 });
    // Pixel at (20, 1): wants (-6.5 → -6, +12.5 → +13); no clamping needed.
    const corner = new Float32Array(784);
    corner[1 * MNIST_SIZE + 20] = 1;
    expect(centringShift(corner, 28, 28)).toEqual({ dx: -6, dy: 13 });
    expect(centringShift(new Float32Array(784), 28, 28)).toEqual({ dx: 0, dy: 0 });
  });

  test('shiftImage translates by whole pixels and drops what leaves the field', () => {
    const image = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    expect(Array.from(shiftImage(image, 3, 3, 1, 0))).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]);
    expect(Array.from(shiftImage(image, 3, 3, -1, -1))).toEqual([5, 6, 0, 8, 9, 0, 0, 0, 0]);
    expect(Array.from(shiftImage(image, 3, 3, 0, 2))).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3]);
    expect(Array.from(shiftImage(image, 3, 3, 5, 0))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => shiftImage(image, 3, 3, 0.5, 0)).toThrow(RangeError);
  });
});

describe('rgbaToInk', () => {
  test('reads luminance times opacity from a hand-built RGBA buffer', () => {
    // 3×2 pixels.
    const rgba = Uint8ClampedArray.of(
      255,
      255,
      255,
      255, // opaque white stroke → 1
      0,
      0,
      0,
      255, //       opaque black background → 0
      255,
      255,
      255,
      0, //   fully transparent → 0
      255,
      255,
      255,
      128, // half-covered white over transparent → 128/255
      128,
      128,
      128,
      255, // anti-aliased grey edge on black → 128/255
      255,
      0,
      0,
      255, //     pure red → its luma weight, 0.299
    );
    const ink = rgbaToInk(rgba, 3, 2);
    expect(ink).toHaveLength(6);
    const expected = [1, 0, 0, 128 / 255, 128 / 255, 0.299];
    expected.forEach((value, i) => expect(ink[i]).toBeCloseTo(value, 5));
    expect(() => rgbaToInk(rgba, 2, 2)).toThrow(RangeError);
  });

  test('feeds toMnistInput: a white square on black becomes the 20×20 block', () => {
    const rgba = new Uint8ClampedArray(PAD * PAD * 4);
    for (let i = 0; i < PAD * PAD; i++) {
      const x = i % PAD;
      const y = Math.floor(i / PAD);
      const level = x >= 50 && x < 110 && y >= 70 && y < 130 ? 255 : 0;
      rgba.set([level, level, level, 255], 4 * i);
    }
    const input = mustConvert(rgbaToInk(rgba, PAD, PAD));
    expect(sum(input)).toBeCloseTo(400, 3);
    expect(at(input, 4, 4)).toBeCloseTo(1, 5);
    expect(at(input, 3, 4)).toBe(0);
  });
});

describe('inkToRgba', () => {
  test('writes opaque grey levels, and all black for null', () => {
    expect(Array.from(inkToRgba(Float32Array.of(0, 1, 0.5, 2), 2, 2))).toEqual([
      0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 255, 255, 255, 255,
    ]);
    expect(Array.from(inkToRgba(null, 1, 2))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
  });
});
