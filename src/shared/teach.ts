/**
 * Teach's before/after figures and the words both front ends print for them: the page's
 * "Your digits" panel and `npm run train -- --your-digits FILE`.
 */

/** Accuracy of one model: on your held-out digits, and on MNIST's test images. */
export interface TeachMeasure {
  heldOut: { correct: number; total: number };
  /** Null when it was not measured (Teach stopped first). */
  mnist: { accuracy: number; testCount: number } | null;
}

const percent = (fraction: number, digits: number) => `${(fraction * 100).toFixed(digits)} %`;

/** "6 of 10 (60.0 %)", or "none held out". */
export function heldOutText({ heldOut }: TeachMeasure): string {
  if (heldOut.total === 0) return 'none held out';
  return `${heldOut.correct} of ${heldOut.total} (${percent(heldOut.correct / heldOut.total, 1)})`;
}

/** "98.21 %", or "not measured". */
export function mnistText({ mnist }: TeachMeasure): string {
  return mnist ? percent(mnist.accuracy, 2) : 'not measured';
}

/** The change in MNIST test accuracy in percentage points, e.g. "−0.06 points"; null when either side is missing. */
export function mnistChange(before: TeachMeasure, after: TeachMeasure): string | null {
  if (!before.mnist || !after.mnist) return null;
  const points = (after.mnist.accuracy - before.mnist.accuracy) * 100;
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return `${sign}${Math.abs(points).toFixed(2)} points`;
}

/** The two lines: held-out digits, then MNIST test accuracy, each "before → after". */
export function beforeAfterLines(before: TeachMeasure, after: TeachMeasure): [string, string] {
  const change = mnistChange(before, after);
  const testCount = (after.mnist ?? before.mnist)?.testCount;
  const images = testCount === undefined ? '' : ` on ${testCount.toLocaleString('en-US')} test images`;
  return [
    `Your held-out digits: ${heldOutText(before)} → ${heldOutText(after)}`,
    `MNIST test accuracy: ${mnistText(before)} → ${mnistText(after)}${change ? ` (${change})` : ''}${images}`,
  ];
}
