import { describe, expect, test } from 'vitest';
import { DatasetError } from './errors';
import { encodeIdx, parseIdx } from './idx';

function expectDatasetError(action: () => unknown, code: string, messagePart: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe(code);
    expect((error as DatasetError).message).toMatch(messagePart);
    return;
  }
  expect.unreachable('expected a DatasetError');
}

describe('IDX', () => {
  test('round-trips images and labels through encodeIdx and parseIdx', () => {
    const images = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const imageFile = encodeIdx([2, 3, 4], images);
    // Magic 0x00000803, then big-endian dims.
    expect(Array.from(imageFile.subarray(0, 8))).toEqual([0, 0, 8, 3, 0, 0, 0, 2]);
    const parsed = parseIdx(imageFile);
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from(images));

    const labels = parseIdx(encodeIdx([5], Uint8Array.of(5, 0, 4, 1, 9)));
    expect(labels.dims).toEqual([5]);
    expect(Array.from(labels.data)).toEqual([5, 0, 4, 1, 9]);
  });

  test('reads dims larger than one byte big-endian', () => {
    const parsed = parseIdx(encodeIdx([300, 1], new Uint8Array(300)));
    expect(parsed.dims).toEqual([300, 1]);
  });

  test('returns a zero-copy view into the input', () => {
    const file = encodeIdx([3], Uint8Array.of(1, 2, 3));
    const parsed = parseIdx(file);
    expect(parsed.data.buffer).toBe(file.buffer);
    file[file.length - 1] = 42;
    expect(parsed.data[2]).toBe(42);
  });

  test('rejects a bad magic', () => {
    const file = encodeIdx([3], Uint8Array.of(1, 2, 3));
    file[0] = 0x1f; // e.g. a gzip file passed by mistake
    expectDatasetError(() => parseIdx(file, 'x.idx'), 'format', /x\.idx is not an IDX file/);
  });

  test('rejects a non-byte type', () => {
    const file = encodeIdx([3], Uint8Array.of(1, 2, 3));
    file[2] = 0x0d; // float
    expectDatasetError(() => parseIdx(file, 'x.idx'), 'format', /type 0x0d.*only unsigned bytes/);
  });

  test('rejects truncated data, saying how many bytes were expected and found', () => {
    const file = encodeIdx([10, 28, 28], new Uint8Array(7840));
    expectDatasetError(
      () => parseIdx(file.subarray(0, file.length - 40), 'imgs'),
      'format',
      /imgs is truncated: dims 10 × 28 × 28 need 7,840 bytes of data, found 7,800/,
    );
  });

  test('rejects trailing bytes and a truncated header', () => {
    const file = encodeIdx([2], Uint8Array.of(1, 2));
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    expectDatasetError(() => parseIdx(longer), 'format', /trailing bytes/);
    expectDatasetError(() => parseIdx(file.subarray(0, 6)), 'format', /header needs 8 bytes, found 6/);
  });

  test('refuses to encode data that does not match the dims', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(RangeError);
  });
});
