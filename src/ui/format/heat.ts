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

/**
 * Where each scale starts and ends, and how an empty cell looks, per colour scheme. On a light
 * page more images mean a darker cell; on a dark page a brighter one, so the busiest cells
 * stand out in both. (The legend's gradients in global.css use the same ends.)
 */
export interface HeatPalette {
  correct: { from: Rgb; to: Rgb };
  error: { from: Rgb; to: Rgb };
  empty: { background: string; color: string };
}

export const HEAT_PALETTES: Record<'light' | 'dark', HeatPalette> = {
  light: {
    correct: { from: WHITE, to: CORRECT_COLOUR },
    error: { from: WHITE, to: ERROR_COLOUR },
    empty: { background: '#f8fafc', color: '#64748b' },
  },
  dark: {
    correct: { from: [35, 50, 80], to: [96, 165, 250] },
    error: { from: [60, 38, 48], to: [248, 113, 113] },
    empty: { background: '#111a2b', color: '#9aa8bb' },
  },
};
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
export function cellColours(
  count: number,
  diagonal: boolean,
  scale: MatrixScale,
  palette: HeatPalette = HEAT_PALETTES.light,
): CellColours {
  if (count <= 0) return { ...palette.empty, shade: 0 };
  const shade = diagonal ? linearShade(count, scale.maxDiagonal) : logShade(count, scale.maxOffDiagonal);
  const { from, to } = diagonal ? palette.correct : palette.error;
  const rgb = mix(to, MIN_TINT + (1 - MIN_TINT) * shade, from);
  return { background: rgbCss(rgb), color: readableText(rgb), shade };
}

/** WCAG contrast ratio of two colours, 1–21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `#rrggbb` or `rgb(r, g, b)` → [r, g, b]. */
export function parseColour(css: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(css);
  if (short)
    return [
      parseInt(short[1]! + short[1]!, 16),
      parseInt(short[2]! + short[2]!, 16),
      parseInt(short[3]! + short[3]!, 16),
    ];
  const rgb = /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`Not a colour: ${css}`);
}
