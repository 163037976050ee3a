/**
 * The error measure every kernel comparison uses (unit tests in Node, the kernel check page
 * in the browser): largest |a − b| over the largest |b|, the error relative to the
 * reference's scale. No imports, so both sides can load it.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? difference : difference / scale;
}
