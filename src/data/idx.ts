/**
 * The IDX format MNIST is distributed in (http://yann.lecun.com/exdb/mnist/):
 * a 4-byte magic (two zero bytes, a type code, the number of dimensions), then one
 * big-endian uint32 per dimension, then the values row-major. Only unsigned bytes
 * (type 0x08) are supported — that is all MNIST uses.
 */
import { DatasetError, formatCount } from './errors';

/** Type code for unsigned bytes; images (magic 0x00000803) and labels (0x00000801) both use it. */
const UNSIGNED_BYTE_TYPE = 0x08;
const MAGIC_BYTES = 4;
const BYTES_PER_DIM = 4;

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** Size of each dimension, outermost first, e.g. `[60000, 28, 28]` for training images. */
  dims: number[];
  /** The values, row-major; `data.length` is the product of `dims`. */
  data: Uint8Array;
}

/**
 * Parses an unsigned-byte IDX file.
 * @param bytes The whole file.
 * @param fileName Used in error messages.
 * @returns The dimensions and a zero-copy view of the values inside `bytes`.
 * @throws DatasetError('format') on a bad magic, a non-byte type, or a length that does not match the dims.
 */
export function parseIdx(bytes: Uint8Array, fileName = 'IDX file'): IdxArray {
  if (bytes.length < MAGIC_BYTES || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(
      'format',
      `${fileName} is not an IDX file: it does not start with two zero bytes.`,
      fileName,
    );
  }
  const typeCode = bytes[2] ?? 0;
  const dimCount = bytes[3] ?? 0;
  if (typeCode !== UNSIGNED_BYTE_TYPE) {
    const hex = `0x${typeCode.toString(16).padStart(2, '0')}`;
    throw new DatasetError(
      'format',
      `${fileName} has IDX type ${hex}; only unsigned bytes (0x08) are supported.`,
      fileName,
    );
  }
  if (dimCount === 0) {
    throw new DatasetError('format', `${fileName} declares zero dimensions.`, fileName);
  }
  const headerBytes = MAGIC_BYTES + BYTES_PER_DIM * dimCount;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      'format',
      `${fileName} is truncated: its header needs ${headerBytes} bytes, found ${bytes.length}.`,
      fileName,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < dimCount; i++) dims.push(view.getUint32(MAGIC_BYTES + BYTES_PER_DIM * i, false));

  const expectedValues = dims.reduce((product, size) => product * size, 1);
  const foundValues = bytes.length - headerBytes;
  if (foundValues !== expectedValues) {
    const problem = foundValues < expectedValues ? 'is truncated' : 'has trailing bytes';
    throw new DatasetError(
      'format',
      `${fileName} ${problem}: dims ${dims.join(' × ')} need ${formatCount(expectedValues)} bytes of data, found ${formatCount(foundValues)}.`,
      fileName,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/**
 * Writes an unsigned-byte IDX file (the inverse of {@link parseIdx}).
 * @param dims Size of each dimension, outermost first (1–255 dimensions, each < 2^32).
 * @param data The values, row-major; must hold exactly the product of `dims` bytes.
 */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  if (dims.length === 0 || dims.length > 255) throw new RangeError(`IDX needs 1–255 dimensions, got ${dims.length}.`);
  for (const size of dims) {
    if (!Number.isInteger(size) || size < 0 || size > 0xffff_ffff)
      throw new RangeError(`Invalid IDX dimension ${size}.`);
  }
  const valueCount = dims.reduce((product, size) => product * size, 1);
  if (valueCount !== data.length) {
    throw new RangeError(`IDX dims ${dims.join(' × ')} need ${valueCount} bytes, got ${data.length}.`);
  }
  const headerBytes = MAGIC_BYTES + BYTES_PER_DIM * dims.length;
  const file = new Uint8Array(headerBytes + data.length);
  file[2] = UNSIGNED_BYTE_TYPE;
  file[3] = dims.length;
  const view = new DataView(file.buffer);
  dims.forEach((size, i) => view.setUint32(MAGIC_BYTES + BYTES_PER_DIM * i, size, false));
  file.set(data, headerBytes);
  return file;
}
