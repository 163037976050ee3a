/**
 * The one way text becomes a number, for the URL, the command line and the run editor alike,
 * so a value one of them accepts is never refused by another.
 */

/** Digits with an optional fraction and exponent: "3", "0.5", ".5", "5.", "1e-3", "3E2". No sign. */
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const WHOLE = /^\d+$/;

/** A non-negative decimal as typed (surrounding spaces ignored), or null when it is not one. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}

/** A non-negative whole number written with digits only ("2", not "2.0" or "2e1"), or null. */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}
