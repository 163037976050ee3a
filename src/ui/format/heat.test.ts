import { describe, expect, test } from 'vitest';
import {
  CORRECT_COLOUR,
  ERROR_COLOUR,
  HEAT_PALETTES,
  cellColours,
  contrast,
  linearShade,
  logShade,
  luminance,
  matrixScale,
  mix,
  parseColour,
  readableText,
} from './heat';

/** A 10×10 matrix with `diagonal` on the diagonal and the given off-diagonal cells. */
function matrix(diagonal: number, off: Record<string, number> = {}): number[] {
  const counts = Array.from({ length: 100 }, (_, i) => (Math.floor(i / 10) === i % 10 ? diagonal : 0));
  for (const [cell, count] of Object.entries(off)) {
    const [label, predicted] = cell.split(',').map(Number) as [number, number];
    counts[label * 10 + predicted] = count;
  }
  return counts;
}

describe('confusion-matrix colour scale', () => {
  test('totals, correct count and the two maxima', () => {
    const counts = matrix(100, { '4,9': 12, '7,1': 3 });
    counts[0] = 180;
    expect(matrixScale(counts)).toEqual({ total: 180 + 900 + 15, correct: 1080, maxDiagonal: 180, maxOffDiagonal: 12 });
    expect(matrixScale([])).toEqual({ total: 0, correct: 0, maxDiagonal: 0, maxOffDiagonal: 0 });
  });

  test('shades: linear and logarithmic, 0 for nothing, never above 1', () => {
    expect(linearShade(50, 200)).toBe(0.25);
    expect(linearShade(3, 0)).toBe(0);
    expect(logShade(0, 100)).toBe(0);
    expect(logShade(100, 100)).toBe(1);
    expect(logShade(1, 100)).toBeCloseTo(Math.log(2) / Math.log(101));
    // One error among a maximum of 100 is far more visible on the log scale than linearly.
    expect(logShade(1, 100)).toBeGreaterThan(10 * linearShade(1, 100));
    expect(logShade(500, 100)).toBe(1);
  });

  test('errors are visible next to a large diagonal: own scale, red, tinted from one image', () => {
    const scale = matrixScale(matrix(1000, { '4,9': 40, '3,5': 1 }));
    const worst = cellColours(40, false, scale);
    const single = cellColours(1, false, scale);
    const diagonal = cellColours(1000, true, scale);
    expect(worst.shade).toBe(1);
    expect(worst.background).toBe(`rgb(${ERROR_COLOUR.join(', ')})`);
    expect(diagonal.background).toBe(`rgb(${CORRECT_COLOUR.join(', ')})`);
    expect(single.shade).toBeGreaterThan(0.15);
    expect(single.background).not.toBe(cellColours(0, false, scale).background);
    // Darker cells get white text, pale ones black.
    expect(worst.color).toBe('#fff');
    expect(diagonal.color).toBe('#fff');
    expect(single.color).toBe('#000');
  });

  test('empty cells are neutral, whatever the scale', () => {
    const scale = matrixScale(matrix(10));
    expect(cellColours(0, true, scale)).toEqual(cellColours(0, false, scale));
    expect(cellColours(0, true, scale).shade).toBe(0);
  });

  test('mix, luminance and readable text', () => {
    expect(mix([0, 0, 0], 0)).toEqual([255, 255, 255]);
    expect(mix([0, 0, 0], 1)).toEqual([0, 0, 0]);
    expect(mix([0, 100, 200], 0.5)).toEqual([128, 178, 228]);
    expect(mix([0, 0, 0], 2)).toEqual([0, 0, 0]);
    expect(luminance([255, 255, 255])).toBeCloseTo(1);
    expect(luminance([0, 0, 0])).toBe(0);
    expect(readableText([255, 255, 255])).toBe('#000');
    expect(readableText([0, 0, 0])).toBe('#fff');
    expect(readableText([255, 255, 0])).toBe('#000');
  });

  test('every cell’s count is readable (4.5:1) in both schemes, empty cells included', () => {
    const scale = matrixScale(matrix(1000, { '4,9': 40 }));
    for (const [scheme, palette] of Object.entries(HEAT_PALETTES)) {
      for (const diagonal of [true, false]) {
        for (const count of [0, 1, 2, 5, 10, 20, 40, 100, 300, 600, 1000]) {
          const { background, color } = cellColours(count, diagonal, scale, palette);
          const ratio = contrast(parseColour(background), parseColour(color));
          expect(ratio, `${scheme} ${diagonal ? 'diagonal' : 'error'} ${count}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  test('dark scheme: more images make a brighter cell, and the first one already shows', () => {
    const scale = matrixScale(matrix(1000, { '4,9': 40, '3,5': 1 }));
    const dark = HEAT_PALETTES.dark;
    const brightness = (count: number, diagonal: boolean) =>
      luminance(parseColour(cellColours(count, diagonal, scale, dark).background));
    expect(brightness(1000, true)).toBeGreaterThan(brightness(100, true));
    expect(brightness(40, false)).toBeGreaterThan(brightness(1, false));
    expect(brightness(1, false)).not.toBe(brightness(0, false));
  });

  test('contrast and colour parsing', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(contrast([255, 255, 255], [0, 0, 0])).toBeCloseTo(21);
    expect(parseColour('#1d4ed8')).toEqual([29, 78, 216]);
    expect(parseColour('#fff')).toEqual([255, 255, 255]);
    expect(parseColour('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(() => parseColour('blue')).toThrow('Not a colour: blue');
  });
});
