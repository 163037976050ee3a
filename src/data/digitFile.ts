/**
 * Your digits as one file, and a file back into digits. The file is JSON a person can read:
 *
 *   { "format": "densenet-trainer-digits/1", "width": 28, "height": 28,
 *     "digits": [ { "label": 7, "heldOut": false, "pixels": "<base64 of 784 bytes>" }, … ] }
 *
 * Pixels are the 28×28 input the model saw, row-major, one byte each (0 = background,
 * 255 = full ink), as MNIST stores them. A file is checked whole before anything is kept:
 * every problem gets its own sentence, and one bad digit rejects the file.
 * Pure code (no TF.js, no DOM): the worker and the CLI both read files with it.
 */

export const DIGITS_FORMAT = 'densenet-trainer-digits/1';
export const DIGIT_SIDE = 28;
export const DIGIT_BYTES = DIGIT_SIDE * DIGIT_SIDE;
/** More than anyone draws by hand; keeps a wrong file from filling the browser's storage. */
export const MAX_FILE_DIGITS = 10_000;
/** 10,000 digits take ≈ 11 MB of base64 and JSON; anything much larger is not a digits file. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** One digit as a file carries it. */
export interface DigitSample {
  /** 0–9. */
  label: number;
  /** 784 bytes, row-major 28×28, 0–255 ink. */
  pixels: Uint8Array;
  /** Kept out of fine-tuning to measure it; absent in a file = assigned when stored. */
  heldOut?: boolean;
}

/** A rejected file: `problems` has one sentence per thing wrong with it. */
export class DigitFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    super(`${fileName} was not imported: ${problems.join(' ')} Nothing was stored.`);
  }
}

/** The file for `digits`, as text. */
export function digitsFileText(digits: readonly DigitSample[]): string {
  const body = {
    format: DIGITS_FORMAT,
    width: DIGIT_SIDE,
    height: DIGIT_SIDE,
    digits: digits.map((digit) => ({
      label: digit.label,
      ...(digit.heldOut === undefined ? {} : { heldOut: digit.heldOut }),
      pixels: toBase64(digit.pixels),
    })),
  };
  // One digit per line: a diff of two exports shows which digits changed.
  const lines = body.digits.map((digit) => `    ${JSON.stringify(digit)}`);
  const head = JSON.stringify({ format: body.format, width: body.width, height: body.height }).slice(0, -1);
  return `${head},\n  "digits": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/**
 * Reads a digits file. Checks the size, the JSON, the format tag, the image size, and every
 * digit's label, pixels and held-out flag.
 * @throws DigitFileError listing every problem found
 */
export function parseDigitsFile(fileName: string, bytes: ArrayBuffer | Uint8Array): DigitSample[] {
  const reject = (...problems: string[]): never => {
    throw new DigitFileError(fileName, problems);
  };
  if (bytes.byteLength > MAX_FILE_BYTES)
    reject(
      `It is ${formatCount(bytes.byteLength)} bytes; a digits file is at most ${formatCount(MAX_FILE_BYTES)} bytes.`,
    );
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    reject(`It is not valid JSON text (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!isRecord(json) || json.format !== DIGITS_FORMAT)
    reject(`It is not a digits file from this app: its "format" must be "${DIGITS_FORMAT}".`);
  const file = json as Record<string, unknown>;
  const problems: string[] = [];
  if (file.width !== DIGIT_SIDE || file.height !== DIGIT_SIDE)
    problems.push(
      `Its digits are ${String(file.width)}×${String(file.height)} pixels; this app's are ${DIGIT_SIDE}×${DIGIT_SIDE}.`,
    );
  if (!Array.isArray(file.digits)) return reject(...problems, 'It has no "digits" list.');
  if (file.digits.length === 0) problems.push('Its "digits" list is empty.');
  // Too many digits is reason enough; reading ten thousand of them first would only delay saying so.
  if (file.digits.length > MAX_FILE_DIGITS)
    reject(
      ...problems,
      `It has ${formatCount(file.digits.length)} digits; at most ${formatCount(MAX_FILE_DIGITS)} fit.`,
    );
  const { samples, problems: digitProblems } = readDigits(file.digits);
  problems.push(...digitProblems);
  if (problems.length > 0) reject(...problems);
  return samples;
}

/** The digits of a file and one sentence per kind of problem, naming the digits (1-based) that have it. */
function readDigits(entries: unknown[]): { samples: DigitSample[]; problems: string[] } {
  const bad = { shape: [] as number[], label: [] as number[], pixels: [] as number[], heldOut: [] as number[] };
  const samples: DigitSample[] = [];
  entries.forEach((entry, index) => {
    const number = index + 1;
    if (!isRecord(entry)) return void bad.shape.push(number);
    const { label, pixels, heldOut } = entry;
    const labelOk = typeof label === 'number' && Number.isInteger(label) && label >= 0 && label <= 9;
    const bytes = typeof pixels === 'string' ? fromBase64(pixels) : null;
    const pixelsOk = bytes !== null && bytes.length === DIGIT_BYTES;
    const heldOutOk = heldOut === undefined || typeof heldOut === 'boolean';
    if (!labelOk) bad.label.push(number);
    if (!pixelsOk) bad.pixels.push(number);
    if (!heldOutOk) bad.heldOut.push(number);
    if (labelOk && pixelsOk && heldOutOk)
      samples.push({ label, pixels: bytes, ...(heldOut === undefined ? {} : { heldOut }) });
  });
  const problems: string[] = [];
  if (bad.shape.length)
    problems.push(
      `${digitList(bad.shape, 'is not a', 'are not')} {label, pixels} object${bad.shape.length > 1 ? 's' : ''}.`,
    );
  if (bad.label.length) problems.push(`${digitList(bad.label)} no label from 0 to 9.`);
  if (bad.pixels.length)
    problems.push(
      `${digitList(bad.pixels)} no "pixels" of ${DIGIT_BYTES} bytes (${DIGIT_SIDE}×${DIGIT_SIDE}, base64).`,
    );
  if (bad.heldOut.length) problems.push(`${digitList(bad.heldOut)} a "heldOut" that is not true or false.`);
  return { samples, problems };
}

/** "Digit 3 has", "Digits 3, 5 and 9 have", "Digits 1, 2, 3, 4, 5 and 12 more have" (or other verbs). */
function digitList(numbers: number[], one = 'has', many = 'have'): string {
  if (numbers.length === 1) return `Digit ${numbers[0]} ${one}`;
  const shown = numbers.slice(0, 5);
  const rest = numbers.length - shown.length;
  const names =
    rest > 0
      ? `${shown.join(', ')} and ${formatCount(rest)} more`
      : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `Digits ${names} ${many}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Standard base64 (btoa exists in browsers, workers and Node ≥ 16). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** Bytes of a standard base64 string, or null when it is not one. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
