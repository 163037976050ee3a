/**
 * The drawing pad's ink without a browser: round-capped strokes 18 px wide on a 280×280 field,
 * each pixel's ink its covered fraction (estimated from its centre's distance to the stroke),
 * then the app's own 28×28 preprocessing. Close to what the canvas draws, not identical
 * (the canvas anti-aliases its own way); for Node-side checks and for making a digits file
 * for the CLI — the e2e tests draw through the real pad.
 */
import { toMnistInput } from '../../src/draw/preprocess';
import type { HandwrittenDigit, PadPoint } from './handwriting';

const PAD_SIZE = 280;
const STROKE_WIDTH = 18;

function distanceToSegment(px: number, py: number, a: PadPoint, b: PadPoint): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** The pad's ink (0–1, row-major 280×280) after drawing `digit`. */
export function padInk(digit: HandwrittenDigit): Float32Array {
  const ink = new Float32Array(PAD_SIZE * PAD_SIZE);
  const radius = STROKE_WIDTH / 2;
  for (const stroke of digit.strokes) {
    const segments = stroke.length === 1 ? [[stroke[0]!, stroke[0]!]] : stroke.slice(1).map((b, i) => [stroke[i]!, b]);
    for (const [a, b] of segments as [PadPoint, PadPoint][]) {
      const [left, right] = [Math.min(a.x, b.x) - radius - 1, Math.max(a.x, b.x) + radius + 1];
      const [top, bottom] = [Math.min(a.y, b.y) - radius - 1, Math.max(a.y, b.y) + radius + 1];
      for (let y = Math.max(0, Math.floor(top)); y < Math.min(PAD_SIZE, Math.ceil(bottom)); y++) {
        for (let x = Math.max(0, Math.floor(left)); x < Math.min(PAD_SIZE, Math.ceil(right)); x++) {
          const coverage = Math.min(1, Math.max(0, radius + 0.5 - distanceToSegment(x + 0.5, y + 0.5, a, b)));
          const i = y * PAD_SIZE + x;
          ink[i] = Math.max(ink[i]!, coverage);
        }
      }
    }
  }
  return ink;
}

/** The 28×28 input (784 floats 0–1) the app makes of `digit`. */
export function mnistInputOf(digit: HandwrittenDigit): Float32Array {
  const input = toMnistInput(padInk(digit), PAD_SIZE, PAD_SIZE);
  if (!input) throw new Error(`digit ${digit.label}/${digit.index} left no ink`);
  return input;
}
