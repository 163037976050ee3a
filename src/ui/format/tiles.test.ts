import { describe, expect, test } from 'vitest';
import {
  DIGIT_PIXELS,
  FEATURE_COLOURS,
  channelRanges,
  digitToRgba,
  renderFeatureImage,
  tileLayout,
  tileOrigin,
} from './tiles';

/** RGB of one canvas pixel. */
const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) =>
  Array.from(rgba.slice((y * width + x) * 4, (y * width + x) * 4 + 3));

describe('feature-map tiling', () => {
  test('each layer of the DenseNet gets tiles about 28 pixels wide, eight to a row', () => {
    const shapes: [number, number, number][] = [
      [28, 28, 8],
      [28, 28, 16],
      [14, 14, 16],
      [14, 14, 32],
      [7, 7, 32],
      [7, 7, 64],
    ];
    expect(
      shapes.map(([h, w, c]) => {
        const l = tileLayout(h, w, c);
        return [l.scale, l.tileWidth, l.columns, l.rows];
      }),
    ).toEqual([
      [1, 28, 8, 1],
      [1, 28, 8, 2],
      [2, 28, 8, 2],
      [2, 28, 8, 4],
      [4, 28, 8, 4],
      [4, 28, 8, 8],
    ]);
    // 8 tiles of 28 + 2 border, 7 gaps of 2: every layer's canvas has the same width.
    expect(tileLayout(7, 7, 64).width).toBe(8 * 30 + 7 * 2);
    expect(tileLayout(7, 7, 64).height).toBe(8 * 30 + 7 * 2);
  });

  test('few channels use one short row; odd sizes and options', () => {
    expect(tileLayout(5, 3, 3)).toMatchObject({ columns: 3, rows: 1, scale: 5, tileWidth: 15, tileHeight: 25 });
    expect(tileLayout(28, 28, 10, { maxColumns: 4, border: 0, gap: 0 })).toMatchObject({
      columns: 4,
      rows: 3,
      width: 112,
      height: 84,
    });
    expect(tileLayout(40, 40, 1).scale).toBe(1);
  });

  test('tile origins step by tile, border and gap, row by row', () => {
    const layout = tileLayout(14, 14, 16);
    expect(tileOrigin(layout, 0)).toEqual({ x: 1, y: 1 });
    expect(tileOrigin(layout, 1)).toEqual({ x: 33, y: 1 });
    expect(tileOrigin(layout, 8)).toEqual({ x: 1, y: 33 });
    expect(tileOrigin(layout, 15)).toEqual({ x: 7 * 32 + 1, y: 33 });
  });

  test('channel ranges over HWC values', () => {
    const values = Float32Array.from([1, -2, 5, 0, 3, -1]); // 3 positions × 2 channels
    const { min, max } = channelRanges(values, 2);
    expect(Array.from(min)).toEqual([1, -2]);
    expect(Array.from(max)).toEqual([5, 0]);
  });

  test('each channel is min–max normalised on its own; flat channels are black; new channels get the orange border', () => {
    // 2×2 map, 3 channels: channel 0 ramps 0..3, channel 1 ramps 100..400 (same picture), channel 2 is flat.
    const values = new Float32Array(12);
    for (let p = 0; p < 4; p++) {
      values[p * 3] = p;
      values[p * 3 + 1] = 100 * (p + 1);
      values[p * 3 + 2] = 7;
    }
    const image = renderFeatureImage(
      { height: 2, width: 2, channels: 3, newChannelsFrom: 2, values },
      { target: 2, border: 1, gap: 1 },
    );
    const { layout, rgba } = image;
    expect(layout).toMatchObject({ scale: 1, columns: 3, rows: 1, width: 3 * 4 + 2, height: 4 });
    expect(rgba).toHaveLength(layout.width * layout.height * 4);
    expect(image.flatChannels).toBe(1);
    const levels = (c: number) => {
      const { x, y } = tileOrigin(layout, c);
      return [
        pixel(rgba, layout.width, x, y)[0],
        pixel(rgba, layout.width, x + 1, y)[0],
        pixel(rgba, layout.width, x, y + 1)[0],
        pixel(rgba, layout.width, x + 1, y + 1)[0],
      ];
    };
    expect(levels(0)).toEqual([0, 85, 170, 255]);
    expect(levels(1)).toEqual([0, 85, 170, 255]);
    expect(levels(2)).toEqual([0, 0, 0, 0]);
    // Borders: slate for old channels, orange from newChannelsFrom on; gaps are background.
    expect(pixel(rgba, layout.width, 0, 0)).toEqual([...FEATURE_COLOURS.border]);
    expect(pixel(rgba, layout.width, tileOrigin(layout, 2).x - 1, 0)).toEqual([...FEATURE_COLOURS.newBorder]);
    expect(pixel(rgba, layout.width, 4, 0)).toEqual([...FEATURE_COLOURS.background]);
    // Every pixel is opaque.
    for (let i = 3; i < rgba.length; i += 4) expect(rgba[i]).toBe(255);
  });

  test('enlarged activations fill whole blocks', () => {
    const values = Float32Array.from([0, 1, 1, 0]); // 2×2, one channel, a diagonal
    const { layout, rgba } = renderFeatureImage(
      { height: 2, width: 2, channels: 1, newChannelsFrom: null, values },
      { target: 8, border: 0, gap: 0 },
    );
    expect(layout.scale).toBe(4);
    expect(pixel(rgba, 8, 3, 3)).toEqual([0, 0, 0]);
    expect(pixel(rgba, 8, 4, 3)).toEqual([255, 255, 255]);
    expect(pixel(rgba, 8, 7, 0)).toEqual([255, 255, 255]);
    expect(pixel(rgba, 8, 7, 7)).toEqual([0, 0, 0]);
  });

  test('rejects values that do not match the shape', () => {
    expect(() =>
      renderFeatureImage({ height: 2, width: 2, channels: 2, newChannelsFrom: null, values: new Float32Array(7) }),
    ).toThrow(/expected 8 values/);
  });

  test("a DenseNet-sized layer (28×28×16) fills an opaque image of its layout's size", () => {
    const values = Float32Array.from({ length: 28 * 28 * 16 }, (_, i) => Math.sin(i));
    const { layout, rgba } = renderFeatureImage({ height: 28, width: 28, channels: 16, newChannelsFrom: 8, values });
    expect(rgba.length).toBe(layout.width * layout.height * 4);
    for (let i = 3; i < rgba.length; i += 4) expect(rgba[i]).toBe(255);
  });
});

describe('gallery digits', () => {
  test('the n-th 784-byte digit becomes grey RGBA, ink white', () => {
    const pixels = new Uint8Array(2 * DIGIT_PIXELS);
    pixels[DIGIT_PIXELS + 5] = 200;
    const target = new Uint8ClampedArray(DIGIT_PIXELS * 4);
    digitToRgba(pixels, 1, target);
    expect(Array.from(target.slice(20, 24))).toEqual([200, 200, 200, 255]);
    expect(Array.from(target.slice(0, 4))).toEqual([0, 0, 0, 255]);
    digitToRgba(pixels, 0, target);
    expect(Array.from(target.slice(20, 24))).toEqual([0, 0, 0, 255]);
  });

  test('out of range digits and wrong targets are errors', () => {
    expect(() => digitToRgba(new Uint8Array(DIGIT_PIXELS), 1, new Uint8ClampedArray(DIGIT_PIXELS * 4))).toThrow(/past/);
    expect(() => digitToRgba(new Uint8Array(DIGIT_PIXELS), 0, new Uint8ClampedArray(4))).toThrow(/target/);
  });
});
