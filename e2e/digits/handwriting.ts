/**
 * A handwriting fixture made of strokes, for the "Your digits" tests: ten digits per class in
 * styles MNIST's writers rarely used — a slashed zero, a one with a long flag and a foot, a
 * flat-topped three, a closed four, a crossed seven with a serif, an eight of two stacked
 * rings, a nine with a straight stem — each drawn slanted, squeezed, turned and, for some,
 * with a thick pen (the stroke drawn again beside itself). Code, not images: the strokes are
 * generated from a seed, and the tests draw them through the real pad.
 */
import { mulberry32 } from '../../src/train/random';

/** A point on the drawing pad in pad pixels: (0, 0) top-left, (280, 280) bottom-right. */
export interface PadPoint {
  x: number;
  y: number;
}

export type Stroke = PadPoint[];

/** One fixture digit: its class, its strokes, and the style it was drawn in (for messages). */
export interface HandwrittenDigit {
  label: number;
  index: number;
  strokes: Stroke[];
  style: string;
}

export const DIGITS_PER_CLASS = 10;

/** Points in a unit box (x right, y down, 0–1) for one pen-down stroke. */
type Template = [number, number][][];

/** `n` points on an elliptical arc centred at (cx, cy), angles in turns (0 = right, 0.25 = down). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, n = 14): [number, number][] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const angle = 2 * Math.PI * (from + ((to - from) * i) / n);
    return [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)];
  });
}

/** Each class in a style MNIST handles poorly. */
const TEMPLATES: Record<number, { style: string; strokes: Template }> = {
  0: {
    style: 'slashed zero',
    strokes: [
      arc(0.5, 0.5, 0.42, 0.5, -0.25, 0.75, 18),
      [
        [0.85, 0.1],
        [0.15, 0.9],
      ],
    ],
  },
  1: {
    style: 'one with a long flag and a foot',
    strokes: [
      [
        [0.05, 0.38],
        [0.6, 0],
      ],
      [
        [0.6, 0],
        [0.6, 1],
      ],
      [
        [0.2, 1],
        [1, 1],
      ],
    ],
  },
  2: {
    style: 'two with a loop',
    strokes: [
      [...arc(0.5, 0.28, 0.4, 0.28, 0.5, 1.05, 10), [0.12, 0.88], [0.05, 1], [0.28, 0.78], [0.38, 0.98], [1, 0.98]],
    ],
  },
  3: {
    style: 'flat-topped three',
    strokes: [[[0.05, 0], [0.95, 0], [0.4, 0.38], ...arc(0.45, 0.68, 0.5, 0.32, -0.3, 0.42, 12)]],
  },
  4: {
    style: 'closed four',
    strokes: [
      [
        [0.65, 0],
        [0, 0.65],
        [1, 0.65],
      ],
      [
        [0.65, 0],
        [0.65, 1],
      ],
    ],
  },
  5: {
    style: 'square five',
    strokes: [
      [
        [0.15, 0],
        [0.08, 0.45],
        [0.75, 0.42],
        [0.95, 0.65],
        [0.8, 0.95],
        [0.1, 0.95],
      ],
      [
        [0.15, 0],
        [0.95, 0],
      ],
    ],
  },
  6: {
    style: 'six with a straight stem',
    strokes: [[[0.8, 0], [0.1, 0.65], ...arc(0.5, 0.7, 0.42, 0.3, 0.5, 1.48, 14)]],
  },
  7: {
    style: 'crossed seven with a serif',
    strokes: [
      [
        [0, 0.22],
        [0.05, 0],
        [1, 0],
        [0.35, 1],
      ],
      [
        [0.2, 0.52],
        [0.9, 0.5],
      ],
    ],
  },
  8: {
    style: 'eight of two stacked rings',
    strokes: [arc(0.5, 0.24, 0.3, 0.24, -0.25, 0.75, 14), arc(0.5, 0.72, 0.46, 0.28, -0.25, 0.75, 16)],
  },
  9: {
    style: 'nine with a straight stem',
    strokes: [
      arc(0.45, 0.28, 0.42, 0.28, 0, 1, 16),
      [
        [0.87, 0.2],
        [0.87, 1],
      ],
    ],
  },
};

/** One variant of a template: slant, squeeze, turn, size, position, wobble and pen width from `next`. */
function variant(template: Template, next: () => number): { strokes: Stroke[]; thick: boolean } {
  const between = (low: number, high: number) => low + (high - low) * next();
  const slant = between(-0.35, 0.45); // x shifts by slant·(0.5 − y): forward-leaning for positive
  const height = between(150, 220);
  const width = height * between(0.5, 0.85);
  const turn = (between(-9, 9) * Math.PI) / 180;
  const [cx, cy] = [between(125, 155), between(125, 155)];
  const wobble = 3;
  const thick = next() < 0.4;
  const place = ([u, v]: [number, number]): PadPoint => {
    const x = (u - 0.5 + slant * (0.5 - v)) * width;
    const y = (v - 0.5) * height;
    return {
      x: cx + x * Math.cos(turn) - y * Math.sin(turn) + between(-wobble, wobble),
      y: cy + x * Math.sin(turn) + y * Math.cos(turn) + between(-wobble, wobble),
    };
  };
  const strokes = template.map((stroke) => stroke.map(place));
  if (!thick) return { strokes, thick };
  // A thick pen: each stroke again, 8 px to the side, widens the ink from 18 to ~26 px.
  const offset = (stroke: Stroke) => stroke.map(({ x, y }) => ({ x: x + 6, y: y + 5 }));
  return { strokes: [...strokes, ...strokes.map(offset)], thick };
}

/** The fixture: `perClass` digits of each class, class by class, index 0 first. */
export function handwrittenDigits(perClass = DIGITS_PER_CLASS): HandwrittenDigit[] {
  const digits: HandwrittenDigit[] = [];
  for (let label = 0; label < 10; label++) {
    const { style, strokes } = TEMPLATES[label]!;
    for (let index = 0; index < perClass; index++) {
      // Seeded: the fixture is the same on every run.
      const drawn = variant(strokes, mulberry32(1000 * label + index + 17));
      digits.push({ label, index, strokes: drawn.strokes, style: drawn.thick ? `${style}, thick pen` : style });
    }
  }
  return digits;
}
