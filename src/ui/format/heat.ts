/**
 * Colour scales for the confusion matrix (pure, no DOM).
 *
 * The diagonal (correct predictions) and the off-diagonal cells (errors) live on separate
 * scales: with a trained model the diagonal holds ~1,000 images per digit and the errors
 * a handful, so on one shared scale every error would be white. The diagonal is blue and
 * linear in its own maximum; the errors are red and logarithmic in theirs, so a single
 * misclassified image is already tinted while the worst confusion is the darkest red.
 */

export interface MatrixScale {
  /** Sum of all counts: the images evaluated. */
  total: number;
  /** Sum of the diagonal: images classified correctly. */
  correct: number;
  maxDiagonal: number;
  maxOffDiagonal: number;
}

export function matrixScale(confusion: readonly number[], classes = 10): MatrixScale {
  let total = 0;
  let correct = 0;
  let maxDiagonal = 0;
  let maxOffDiagonal = 0;
  for (let label = 0; label < classes; label++) {
    for (let predicted = 0; predicted < classes; predicted++) {
      const count = confusion[label * classes + predicted] ?? 0;
      total += count;
      if (label === predicted) {
        correct += count;
        maxDiagonal = Math.max(maxDiagonal, count);
      } else {
        maxOffDiagonal = Math.max(maxOffDiagonal, count);
      }
    }
  }
  return { total, correct, maxDiagonal, maxOffDiagonal };
}

/** `count / max`, 0–1 (0 when max is 0). */
export function linearShade(count: number, max: number): number {
  return max > 0 ? Math.min(1, Math.max(0, count / max)) : 0;
}

/** `log(1 + count) / log(1 + max)`, 0–1: small counts stay visible next to large ones. */
export function logShade(count: number, max: number): number {
  return max > 0 && count > 0 ? Math.min(1, Math.log1p(count) / Math.log1p(max)) : 0;
}

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
/** Tailwind blue-700 and red-700: the ends of the two scales. */
export const CORRECT_COLOUR: Rgb = [29, 78, 216];
export const ERROR_COLOUR: Rgb = [185, 28, 28];
/** Any non-zero count gets at least this much colour, so it never looks like an empty cell. */
const MIN_TINT = 0.12;

/** Mixes white towards `colour` by `t` (0–1). */
export function mix(colour: Rgb, t: number, from: Rgb = WHITE): Rgb {
  const f = Math.min(1, Math.max(0, t));
  const at = (i: 0 | 1 | 2) => Math.round(from[i] + (colour[i] - from[i]) * f);
  return [at(0), at(1), at(2)];
}

/** WCAG relative luminance, 0 (black) – 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Black or white, whichever contrasts more with the background. */
export function readableText(background: Rgb): '#000' | '#fff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

export const rgbCss = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;

export interface CellColours {
  background: string;
  color: string;
  /** The position on the cell's scale, 0–1 (for tests and data attributes). */
  shade: number;
}

/** Background and text colour of one confusion-matrix cell. */
export function cellColours(count: number, diagonal: boolean, scale: MatrixScale): CellColours {
  if (count <= 0) return { background: '#f8fafc', color: '#94a3b8', shade: 0 };
  const shade = diagonal ? linearShade(count, scale.maxDiagonal) : logShade(count, scale.maxOffDiagonal);
  const rgb = mix(diagonal ? CORRECT_COLOUR : ERROR_COLOUR, MIN_TINT + (1 - MIN_TINT) * shade);
  return { background: rgbCss(rgb), color: readableText(rgb), shade };
}
