/**
 * Downloads and verifies the dataset inside the worker (and the CLI): the manifest first,
 * then the gzipped sprite and labels concurrently, streamed into preallocated buffers so
 * progress is reported in transferred bytes; each file's SHA-256 is checked as downloaded,
 * then it is gunzipped into a buffer of its decoded size and checked again.
 */
import { DatasetError, REGENERATE_HINT, formatCount } from './errors';
import { ProgressTracker, errorMessage, fetchOk, readExactly } from './download';
import type { LoadProgress } from './download';
import { StreamingGunzip } from './gzip';
import { DATASET_FILE_NAMES, parseManifest } from './manifest';
import type { DatasetFileEntry, DatasetManifest } from './manifest';
import { decodePgm } from './sprite';

export type { LoadProgress } from './download';

/** Everything training needs, verified against the manifest. */
export interface DatasetFiles {
  manifest: DatasetManifest;
  /** `(trainCount + testCount) * 784` bytes: one 28×28 digit per 784-byte row, row-major, training rows first. */
  pixels: Uint8Array;
  /** `trainCount + testCount` labels 0–9, training first. */
  labels: Uint8Array;
}

/**
 * Where the app serves the manifest, relative to the page. A worker must receive it
 * already resolved (e.g. `new URL(DEFAULT_DATASET_URL, document.baseURI).href`),
 * because relative URLs in a worker resolve against the worker script, not the page.
 */
export const DEFAULT_DATASET_URL = `data/${DATASET_FILE_NAMES.manifest}`;

/** How the loader reaches the files. */
export interface LoaderIo {
  fetch: typeof fetch;
  /**
   * Removes any copy of `url` kept in the browser (the service worker's dataset cache), so
   * the next fetch goes to the network: a file that failed its checks is never served again.
   */
  dropStoredCopy(url: URL): Promise<void>;
  /**
   * Keeps a verified file for later visits and offline use when it did not come through the
   * service worker (a first visit downloads before the new service worker controls the page).
   * Not awaited: storing never delays the app.
   */
  keepCopy(url: URL, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void>;
  /** Bytes a first visit downloads, for the offline message before the manifest is known; null if unknown. */
  expectedDownloadBytes: number | null;
}

async function fetchManifest(io: LoaderIo, url: URL, signal: AbortSignal): Promise<DatasetManifest> {
  const fileName = DATASET_FILE_NAMES.manifest;
  const target = { url, fileName, downloadBytes: io.expectedDownloadBytes };
  // no-cache: the manifest is what detects regenerated data, so it must never be stale.
  const response = await fetchOk(io.fetch, target, { cache: 'no-cache', signal });
  let json: unknown;
  try {
    const text = await response.text();
    json = JSON.parse(text);
    void io.keepCopy(url, new TextEncoder().encode(text), 'application/json');
  } catch (cause) {
    throw new DatasetError(
      'manifest-invalid',
      `${fileName} is not valid JSON (${errorMessage(cause)}). ${REGENERATE_HINT}`,
      fileName,
    );
  }
  return parseManifest(json, fileName);
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Failures a second download can cure: a connection cut short, a proxy or cache that mangled the bytes. */
const REFETCHABLE = new Set(['size-mismatch', 'checksum-mismatch']);
/** Failures that say nothing about the stored copy: there may be none, and a good one must be kept. */
const NOT_ABOUT_THE_FILE = new Set(['network', 'offline']);

/** One file to download: the loader's I/O, the manifest's entry for it, and the shared progress. */
interface FileJob {
  io: LoaderIo;
  url: URL;
  entry: DatasetFileEntry;
  progress: ProgressTracker;
  signal: AbortSignal;
  /** What the whole dataset download costs, for the offline message. */
  downloadBytes: number;
}

/**
 * Downloads one manifest entry, checks its size and SHA-256, and gunzips it. A file that
 * fails a check is dropped from the browser's storage; a truncated or corrupt one is fetched
 * once more, bypassing the HTTP cache; a second failure is reported.
 */
async function downloadVerified(job: FileJob): Promise<Uint8Array<ArrayBuffer>> {
  const dropIfBad = async (error: unknown) => {
    if (error instanceof DatasetError && !NOT_ABOUT_THE_FILE.has(error.code)) await job.io.dropStoredCopy(job.url);
  };
  try {
    // no-cache revalidates (a cheap 304 when unchanged) so a regenerated file is never served stale.
    return await downloadOnce(job, 'no-cache');
  } catch (error) {
    await dropIfBad(error);
    if (!(error instanceof DatasetError) || !REFETCHABLE.has(error.code)) throw error;
    job.progress.extend(job.entry.bytes);
    try {
      return await downloadOnce(job, 'reload');
    } catch (second) {
      await dropIfBad(second);
      if (!(second instanceof DatasetError) || !REFETCHABLE.has(second.code)) throw second;
      throw new DatasetError(
        second.code,
        `${second.message} (It was downloaded twice, with the same kind of failure.)`,
        second.file,
      );
    }
  }
}

function checksumMismatch(file: string, expected: string, actual: string, what: string): DatasetError {
  return new DatasetError(
    'checksum-mismatch',
    `${file} is corrupt: SHA-256${what} does not match the manifest (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…). Reload; if it persists, run "npm run dataset -- --force".`,
    file,
  );
}

async function downloadOnce(job: FileJob, cache: RequestCache): Promise<Uint8Array<ArrayBuffer>> {
  const { entry } = job;
  const target = { url: job.url, fileName: entry.file, downloadBytes: job.downloadBytes };
  const response = await fetchOk(job.io.fetch, target, { cache, signal: job.signal });
  const contentEncoding = response.headers.get('content-encoding');
  if (contentEncoding !== null && contentEncoding !== 'identity') {
    throw new DatasetError(
      'format',
      `${entry.file} was sent with "Content-Encoding: ${contentEncoding}", so the browser decoded it before the app could check it. Serve the dataset's .gzip files as plain files, with no Content-Encoding.`,
      entry.file,
    );
  }
  // Decoded while it downloads; what decoding found is reported only for a file whose size
  // and checksum are right, so a truncated or corrupt download keeps its own message.
  const gunzip = new StreamingGunzip(entry);
  let compressed: Uint8Array<ArrayBuffer>;
  try {
    compressed = await readExactly(response, entry, job.progress, (chunk) => gunzip.push(chunk));
  } catch (error) {
    gunzip.abort();
    throw error;
  }
  const actual = await sha256Hex(compressed);
  if (actual !== entry.sha256) {
    gunzip.abort();
    throw checksumMismatch(entry.file, entry.sha256, actual, '');
  }
  void job.io.keepCopy(job.url, compressed, 'application/gzip');
  const decoded = await gunzip.finish(compressed);
  const decodedActual = await sha256Hex(decoded);
  if (decodedActual !== entry.decoded.sha256)
    throw checksumMismatch(entry.file, entry.decoded.sha256, decodedActual, ' of the decoded content');
  return decoded;
}

/** Rejects manifests whose sizes cannot hold the declared digits, before downloading anything. */
function checkDeclaredSizes(manifest: DatasetManifest): void {
  const digitCount = manifest.trainCount + manifest.testCount;
  if (manifest.labels.decoded.bytes !== digitCount) {
    throw new DatasetError(
      'labels-invalid',
      `${manifest.labels.file} should hold ${formatCount(digitCount)} labels (one byte per digit) but the manifest says ${formatCount(manifest.labels.decoded.bytes)} bytes. ${REGENERATE_HINT}`,
      manifest.labels.file,
    );
  }
  const pixelCount = digitCount * manifest.digitWidth * manifest.digitHeight;
  if (manifest.sprite.decoded.bytes < pixelCount) {
    throw new DatasetError(
      'format',
      `${manifest.sprite.file} should hold ${formatCount(pixelCount)} pixels but the manifest says it decodes to only ${formatCount(manifest.sprite.decoded.bytes)} bytes. ${REGENERATE_HINT}`,
      manifest.sprite.file,
    );
  }
}

/** Decodes the sprite and checks it has one row per digit of `digitWidth * digitHeight` pixels. */
function spritePixels(manifest: DatasetManifest, spriteBytes: Uint8Array): Uint8Array {
  const { file } = manifest.sprite;
  const image = decodePgm(spriteBytes, file);
  const rowWidth = manifest.digitWidth * manifest.digitHeight;
  const digitCount = manifest.trainCount + manifest.testCount;
  if (image.width !== rowWidth || image.height !== digitCount) {
    throw new DatasetError(
      'format',
      `${file} is ${formatCount(image.width)} × ${formatCount(image.height)} pixels; expected ${rowWidth} × ${formatCount(digitCount)} (one ${manifest.digitWidth}×${manifest.digitHeight} digit per row). ${REGENERATE_HINT}`,
      file,
    );
  }
  return image.pixels;
}

function checkLabels(manifest: DatasetManifest, labels: Uint8Array): void {
  const badIndex = labels.findIndex((label) => label > 9);
  if (badIndex === -1) return;
  const split =
    badIndex < manifest.trainCount ? `training digit ${badIndex}` : `test digit ${badIndex - manifest.trainCount}`;
  throw new DatasetError(
    'labels-invalid',
    `${manifest.labels.file} is invalid: the label of ${split} is ${labels[badIndex]}, but labels must be 0–9. ${REGENERATE_HINT}`,
    manifest.labels.file,
  );
}

/** The loader's I/O in a browser or worker: the global fetch and no stored copies to drop. */
const DEFAULT_IO: LoaderIo = {
  fetch: (input, init) => fetch(input, init),
  dropStoredCopy: async () => {},
  keepCopy: async () => {},
  expectedDownloadBytes: null,
};

/**
 * Fetches the manifest, then the sprite and labels it lists (concurrently), and verifies
 * sizes and SHA-256 checksums (downloaded and decoded), the sprite's dimensions and the
 * label range.
 * @param manifestUrl Absolute URL of `mnist-manifest.json`; the data files are resolved relative to it.
 * @param onProgress Called with transferred byte counts about every 64 KiB and once at completion; monotonic.
 * @param io `fetch` (injected for tests and the CLI) and where stored copies live; a bare fetch means none.
 * @throws DatasetError with a user-facing message; a relative `manifestUrl` throws TypeError.
 */
export async function loadDatasetFiles(
  manifestUrl: string | URL,
  onProgress: (progress: LoadProgress) => void,
  io: Partial<LoaderIo> | typeof fetch = DEFAULT_IO,
): Promise<DatasetFiles> {
  const loaderIo: LoaderIo = typeof io === 'function' ? { ...DEFAULT_IO, fetch: io } : { ...DEFAULT_IO, ...io };
  const url = new URL(manifestUrl); // throws on a relative URL: see DEFAULT_DATASET_URL
  // Aborting stops the other download as soon as one fails, instead of finishing 11 MB for nothing.
  const abort = new AbortController();
  try {
    const manifest = await fetchManifest(loaderIo, url, abort.signal);
    checkDeclaredSizes(manifest);
    const downloadBytes = manifest.sprite.bytes + manifest.labels.bytes;
    const progress = new ProgressTracker(downloadBytes, onProgress);
    progress.report();
    const job = (entry: DatasetFileEntry): FileJob => ({
      io: loaderIo,
      url: new URL(entry.file, url),
      entry,
      progress,
      signal: abort.signal,
      downloadBytes,
    });
    const [spriteBytes, labels] = await Promise.all([
      downloadVerified(job(manifest.sprite)),
      downloadVerified(job(manifest.labels)),
    ]);
    progress.report();
    const pixels = spritePixels(manifest, spriteBytes);
    checkLabels(manifest, labels);
    return { manifest, pixels, labels };
  } finally {
    abort.abort();
  }
}
