import { describe, expect, test } from 'vitest';
import {
  DIGIT_BYTES,
  DIGITS_FORMAT,
  DigitFileError,
  digitsFileText,
  MAX_FILE_BYTES,
  MAX_FILE_DIGITS,
  parseDigitsFile,
  toBase64,
  type DigitSample,
} from './digitFile';

/** A digit whose pixels encode its index, so a mix-up between digits shows. */
function sample(label: number, seed: number, heldOut?: boolean): DigitSample {
  const pixels = Uint8Array.from({ length: DIGIT_BYTES }, (_, i) => (i * 7 + seed * 31) % 256);
  return { label, pixels, ...(heldOut === undefined ? {} : { heldOut }) };
}

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const file = (digits: unknown[], extra: Record<string, unknown> = {}) =>
  encode({ format: DIGITS_FORMAT, width: 28, height: 28, digits, ...extra });
const entry = (label: unknown, pixels: unknown = toBase64(sample(0, 1).pixels)) => ({ label, pixels });

/** The problems a file is rejected with. */
function problemsOf(bytes: Uint8Array): string[] {
  try {
    parseDigitsFile('digits.json', bytes);
  } catch (error) {
    if (error instanceof DigitFileError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('the digits file', () => {
  test('round-trips labels, pixels and roles exactly, one digit per line', () => {
    const digits = [sample(7, 1, false), sample(0, 2, true), sample(9, 3)];
    const text = digitsFileText(digits);
    expect(text.split('\n').filter((line) => line.includes('"pixels"'))).toHaveLength(3);
    expect(parseDigitsFile('digits.json', encode(text))).toEqual(digits);
  });

  test('a rejected file names itself, lists its problems and says nothing was stored', () => {
    const error = (() => {
      try {
        parseDigitsFile('mine.json', encode('{'));
      } catch (caught) {
        return caught as DigitFileError;
      }
    })();
    expect(error).toBeInstanceOf(DigitFileError);
    expect(error!.message).toMatch(
      /^mine\.json was not imported: It is not valid JSON text \(.+\)\. Nothing was stored\.$/,
    );
  });

  test.each([
    ['not JSON', encode('{"digits": ['), /^It is not valid JSON text/],
    ['not UTF-8', Uint8Array.of(0xff, 0xfe, 0x7b), /^It is not valid JSON text/],
    ['another format', encode({ format: 'layers-model', digits: [] }), /^It is not a digits file from this app/],
    ['a JSON list', encode([1, 2]), /^It is not a digits file from this app/],
  ])('%s: one sentence', (_, bytes, message) => {
    const problems = problemsOf(bytes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('the wrong image size and a missing list are each named', () => {
    expect(problemsOf(encode({ format: DIGITS_FORMAT, width: 32, height: 32 }))).toEqual([
      "Its digits are 32×32 pixels; this app's are 28×28.",
      'It has no "digits" list.',
    ]);
  });

  test('an empty list and too many digits are refused', () => {
    expect(problemsOf(file([]))).toEqual(['Its "digits" list is empty.']);
    const many = Array.from({ length: MAX_FILE_DIGITS + 1 }, () => ({}));
    expect(problemsOf(file(many))).toEqual([`It has 10,001 digits; at most 10,000 fit.`]);
  });

  test('bad labels, pixels and roles: one sentence each, naming the digits', () => {
    const good = toBase64(sample(0, 1).pixels);
    const short = toBase64(new Uint8Array(DIGIT_BYTES - 1));
    const problems = problemsOf(
      file([
        entry(3, good),
        entry(10, good),
        entry(2.5, good),
        entry('7', good),
        entry(4, short),
        entry(4, 'not base64!'),
        entry(4, [1, 2, 3]),
        { label: 1, pixels: good, heldOut: 'yes' },
        'a string',
      ]),
    );
    expect(problems).toEqual([
      'Digit 9 is not a {label, pixels} object.',
      'Digits 2, 3 and 4 have no label from 0 to 9.',
      'Digits 5, 6 and 7 have no "pixels" of 784 bytes (28×28, base64).',
      'Digit 8 has a "heldOut" that is not true or false.',
    ]);
  });

  test('a long list of bad digits is cut short', () => {
    const problems = problemsOf(file(Array.from({ length: 12 }, () => entry(11))));
    expect(problems).toEqual(['Digits 1, 2, 3, 4, 5 and 7 more have no label from 0 to 9.']);
  });

  test('a file over the size limit is refused before it is parsed', () => {
    const problems = problemsOf(new Uint8Array(MAX_FILE_BYTES + 1));
    expect(problems).toEqual(['It is 16,777,217 bytes; a digits file is at most 16,777,216 bytes.']);
  });
});
