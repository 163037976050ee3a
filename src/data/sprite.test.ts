import { describe, expect, test } from 'vitest';
import { DatasetError } from './errors';
import { decodePgm, encodePgm } from './sprite';

const ascii = (text: string) => new TextEncoder().encode(text);

function withHeader(header: string, pixels: Uint8Array): Uint8Array {
  const head = ascii(header);
  const file = new Uint8Array(head.length + pixels.length);
  file.set(head);
  file.set(pixels, head.length);
  return file;
}

function decodeError(bytes: Uint8Array): DatasetError {
  try {
    decodePgm(bytes, 'mnist-sprite.pgm');
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  return expect.unreachable('expected decodePgm to throw');
}

describe('PGM sprite', () => {
  const pixels = Uint8Array.from({ length: 4 * 3 }, (_, i) => i * 20);

  test('encodes with the exact header and round-trips', () => {
    const file = encodePgm(4, 3, pixels);
    expect(new TextDecoder().decode(file.subarray(0, 11))).toBe('P5\n4 3\n255\n');
    expect(file.length).toBe(11 + 12);
    const image = decodePgm(file);
    expect(image.width).toBe(4);
    expect(image.height).toBe(3);
    expect(Array.from(image.pixels)).toEqual(Array.from(pixels));
  });

  test('writes the header for 784-wide digit rows', () => {
    const file = encodePgm(784, 2, new Uint8Array(784 * 2));
    expect(new TextDecoder().decode(file.subarray(0, 13))).toBe('P5\n784 2\n255\n');
  });

  test('tolerates comments and arbitrary whitespace in the header', () => {
    const file = withHeader('P5 # made by hand\n  4\t# width\r\n3\n# maxval next\n255\n', pixels);
    const image = decodePgm(file);
    expect([image.width, image.height]).toEqual([4, 3]);
    expect(Array.from(image.pixels)).toEqual(Array.from(pixels));
  });

  test('treats a pixel byte that looks like whitespace as a pixel, not header', () => {
    const tricky = Uint8Array.of(0x0a, 0x20, 0x23, 0x35);
    const image = decodePgm(encodePgm(2, 2, tricky));
    expect(Array.from(image.pixels)).toEqual([0x0a, 0x20, 0x23, 0x35]);
  });

  test('returns a zero-copy view into the input', () => {
    const file = encodePgm(4, 3, pixels);
    expect(decodePgm(file).pixels.buffer).toBe(file.buffer);
  });

  test('says how many pixel bytes were expected and found when truncated', () => {
    const file = encodePgm(784, 3, new Uint8Array(784 * 3));
    const error = decodeError(file.subarray(0, file.length - 100));
    expect(error.code).toBe('format');
    expect(error.file).toBe('mnist-sprite.pgm');
    expect(error.message).toBe(
      'mnist-sprite.pgm is truncated: a 784 × 3 image needs 2,352 bytes of pixels, found 2,252.',
    );
  });

  test('rejects trailing bytes', () => {
    expect(decodeError(withHeader('P5\n2 1\n255\n', Uint8Array.of(1, 2, 3))).message).toMatch(
      /trailing bytes.*needs 2 bytes of pixels, found 3/,
    );
  });

  test('rejects a non-P5 file', () => {
    expect(decodeError(withHeader('P2\n2 1\n255\n', Uint8Array.of(1, 2))).message).toMatch(/not a binary PGM \(P5\)/);
    expect(decodeError(ascii('\x89PNG\r\n')).message).toMatch(/not a binary PGM/);
  });

  test('rejects a maxval other than 255', () => {
    expect(decodeError(withHeader('P5\n2 1\n65535\n', new Uint8Array(4))).message).toMatch(/maxval 65535; only 8-bit/);
  });

  test('rejects a malformed header', () => {
    expect(decodeError(withHeader('P5\nabc 1\n255\n', Uint8Array.of(1))).message).toMatch(/could not read the width/);
    expect(decodeError(ascii('P5\n2 1\n255#no newline')).message).toMatch(/no whitespace before the pixels/);
    expect(decodeError(ascii('P5\n2 1\n255')).message).toMatch(/could not read the maxval/);
  });
});
