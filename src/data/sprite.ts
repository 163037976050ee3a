/**
 * The dataset sprite: one 8-bit grayscale image in binary PGM (P5, netpbm) format,
 * one digit per row (28×28 pixels row-major → 784 columns), training rows then test rows.
 * PGM was chosen because its header is a few ASCII bytes, so the worker can read the
 * pixels without an image decoder (and therefore without the DOM).
 */
import { DatasetError, formatCount } from './errors';

/** The only maxval supported: one byte per pixel, 0 = black, 255 = white. */
export const PGM_MAXVAL = 255;

/** A decoded grayscale image. */
export interface GrayImage {
  /** Columns, in pixels. */
  width: number;
  /** Rows, in pixels. */
  height: number;
  /** `width * height` bytes, row-major. */
  pixels: Uint8Array;
}

const ASCII_NEWLINE = 0x0a;
const ASCII_RETURN = 0x0d;
const ASCII_HASH = 0x23;
const ASCII_ZERO = 0x30;
const ASCII_NINE = 0x39;

/**
 * Encodes a binary PGM with header exactly `P5\n<width> <height>\n255\n`.
 * @param width Columns, in pixels.
 * @param height Rows, in pixels.
 * @param pixels `width * height` bytes, row-major.
 */
export function encodePgm(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`PGM size must be positive integers, got ${width} × ${height}.`);
  }
  if (pixels.length !== width * height) {
    throw new RangeError(`A ${width} × ${height} PGM needs ${width * height} pixels, got ${pixels.length}.`);
  }
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n${PGM_MAXVAL}\n`);
  const file = new Uint8Array(header.length + pixels.length);
  file.set(header, 0);
  file.set(pixels, header.length);
  return file;
}

function isPgmWhitespace(byte: number | undefined): boolean {
  // Netpbm whitespace: space, tab, LF, VT, FF, CR.
  return byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d);
}

function isDigit(byte: number | undefined): byte is number {
  return byte !== undefined && byte >= ASCII_ZERO && byte <= ASCII_NINE;
}

/** Reads the header's decimal fields, skipping whitespace and `#` comments as netpbm allows. */
class PgmHeaderReader {
  position = 2; // after the "P5" magic

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {}

  /** Reads one unsigned decimal field; `label` names it in the error message. */
  readNumber(label: string): number {
    this.skipWhitespaceAndComments();
    let value = 0;
    const start = this.position;
    while (isDigit(this.bytes[this.position])) {
      value = value * 10 + (this.bytes[this.position]! - ASCII_ZERO);
      this.position++;
    }
    const next = this.bytes[this.position];
    if (this.position === start || !(isPgmWhitespace(next) || next === ASCII_HASH)) {
      throw new DatasetError(
        'format',
        `${this.fileName} has a malformed PGM header: could not read the ${label}.`,
        this.fileName,
      );
    }
    return value;
  }

  /**
   * Consumes the single whitespace byte after maxval (netpbm allows a comment before it).
   * @returns Offset of the first pixel byte.
   */
  endOfHeader(): number {
    if (this.bytes[this.position] === ASCII_HASH) {
      while (this.position < this.bytes.length && !this.isLineEnd()) this.position++;
    }
    if (!isPgmWhitespace(this.bytes[this.position])) {
      throw new DatasetError(
        'format',
        `${this.fileName} has a malformed PGM header: no whitespace before the pixels.`,
        this.fileName,
      );
    }
    return this.position + 1;
  }

  private skipWhitespaceAndComments(): void {
    for (;;) {
      const byte = this.bytes[this.position];
      if (isPgmWhitespace(byte)) {
        this.position++;
      } else if (byte === ASCII_HASH) {
        while (this.position < this.bytes.length && !this.isLineEnd()) this.position++;
      } else {
        return;
      }
    }
  }

  private isLineEnd(): boolean {
    const byte = this.bytes[this.position];
    return byte === ASCII_NEWLINE || byte === ASCII_RETURN;
  }
}

/**
 * Decodes a binary (P5) PGM with maxval 255.
 * @param bytes The whole file.
 * @param fileName Used in error messages.
 * @returns Size and a zero-copy view of the pixels inside `bytes`.
 * @throws DatasetError('format') on a non-P5 file, a maxval other than 255, or a pixel count that does not match.
 */
export function decodePgm(bytes: Uint8Array, fileName = 'PGM image'): GrayImage {
  if (bytes[0] !== 0x50 /* P */ || bytes[1] !== 0x35 /* 5 */ || !isPgmWhitespace(bytes[2])) {
    throw new DatasetError('format', `${fileName} is not a binary PGM (P5) image.`, fileName);
  }
  const header = new PgmHeaderReader(bytes, fileName);
  const width = header.readNumber('width');
  const height = header.readNumber('height');
  const maxval = header.readNumber('maxval');
  if (width === 0 || height === 0) {
    throw new DatasetError('format', `${fileName} has an empty size (${width} × ${height}).`, fileName);
  }
  if (maxval !== PGM_MAXVAL) {
    throw new DatasetError(
      'format',
      `${fileName} has maxval ${maxval}; only 8-bit PGM (maxval 255) is supported.`,
      fileName,
    );
  }
  const pixelStart = header.endOfHeader();
  const expected = width * height;
  const found = Math.max(0, bytes.length - pixelStart);
  if (found !== expected) {
    const problem = found < expected ? 'is truncated' : 'has trailing bytes';
    throw new DatasetError(
      'format',
      `${fileName} ${problem}: a ${formatCount(width)} × ${formatCount(height)} image needs ${formatCount(expected)} bytes of pixels, found ${formatCount(found)}.`,
      fileName,
    );
  }
  return { width, height, pixels: bytes.subarray(pixelStart) };
}
