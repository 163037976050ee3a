/**
 * Downloads and verifies the dataset inside the worker: the manifest first, then the
 * sprite and labels concurrently, streamed into preallocated buffers so progress is
 * reported in bytes and no second copy of the 55 MB sprite is made.
 */
import { DatasetError, REGENERATE_HINT, formatCount } from './errors';
import { DATASET_FILE_NAMES, parseManifest } from './manifest';
import type { DatasetFileEntry, DatasetManifest } from './manifest';
import { decodePgm } from './sprite';

/** Everything training needs, verified against the manifest. */
export interface DatasetFiles {
  manifest: DatasetManifest;
  /** `(trainCount + testCount) * 784` bytes: one 28×28 digit per 784-byte row, row-major, training rows first. */
  pixels: Uint8Array;
  /** `trainCount + testCount` labels 0–9, training first. */
  labels: Uint8Array;
}

/** Download progress over the sprite and labels together (the small manifest is not counted). */
export interface LoadProgress {
  /** Bytes received so far. */
  loadedBytes: number;
  /** Bytes expected in total, from the manifest. */
  totalBytes: number;
}

/**
 * Where the app serves the manifest, relative to the page. A worker must receive it
 * already resolved (e.g. `new URL(DEFAULT_DATASET_URL, document.baseURI).href`),
 * because relative URLs in a worker resolve against the worker script, not the page.
 */
export const DEFAULT_DATASET_URL = `data/${DATASET_FILE_NAMES.manifest}`;

/** Report progress about every 64 KiB so a 55 MB download posts ~850 messages, not one per chunk. */
const PROGRESS_STEP_BYTES = 64 * 1024;

/** Throttles byte counts from concurrent downloads into monotonic progress reports. */
class ProgressTracker {
  private loadedBytes = 0;
  private reportedBytes = -1;

  constructor(
    private totalBytes: number,
    private readonly onProgress: (progress: LoadProgress) => void,
  ) {}

  add(byteCount: number): void {
    this.loadedBytes += byteCount;
    if (this.loadedBytes - this.reportedBytes >= PROGRESS_STEP_BYTES) this.report();
  }

  /** A file is downloaded again: its bytes count a second time, so the total grows with them. */
  extend(byteCount: number): void {
    this.totalBytes += byteCount;
  }

  /** Reports now unless the current count was already reported. */
  report(): void {
    if (this.loadedBytes === this.reportedBytes) return;
    this.reportedBytes = this.loadedBytes;
    this.onProgress({ loadedBytes: this.loadedBytes, totalBytes: this.totalBytes });
  }
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Fetches `url`, turning a rejection into 'network' and a non-2xx status into 'http'. */
async function fetchOk(fetchImpl: typeof fetch, url: URL, fileName: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (cause) {
    throw new DatasetError(
      'network',
      `${fileName}: network error (${errorMessage(cause)}). Check that the server is running, then retry.`,
      fileName,
    );
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    throw new DatasetError('http', `${fileName}: HTTP ${status}. ${REGENERATE_HINT}`, fileName);
  }
  // Single-page-app servers (and many static hosts) answer a missing file with index.html and 200.
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    throw new DatasetError(
      'http',
      `${fileName} is missing: the server answered with an HTML page instead of the file. ${REGENERATE_HINT}`,
      fileName,
    );
  }
  return response;
}

async function fetchManifest(fetchImpl: typeof fetch, url: URL, signal: AbortSignal): Promise<DatasetManifest> {
  const fileName = DATASET_FILE_NAMES.manifest;
  // no-cache: the manifest is what detects regenerated data, so it must never be stale.
  const response = await fetchOk(fetchImpl, url, fileName, { cache: 'no-cache', signal });
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (cause) {
    throw new DatasetError(
      'manifest-invalid',
      `${fileName} is not valid JSON (${errorMessage(cause)}). ${REGENERATE_HINT}`,
      fileName,
    );
  }
  return parseManifest(json, fileName);
}

function sizeMismatch(entry: DatasetFileEntry, detail: string): DatasetError {
  return new DatasetError(
    'size-mismatch',
    `${entry.file} is ${detail} The data files and manifest are out of sync; run "npm run dataset" and reload.`,
    entry.file,
  );
}

/** Streams a response body into a buffer of exactly `entry.bytes`, counting bytes into `progress`. */
async function readExactly(
  response: Response,
  entry: DatasetFileEntry,
  progress: ProgressTracker,
): Promise<Uint8Array<ArrayBuffer>> {
  const buffer = new Uint8Array(entry.bytes);
  const truncated = (received: number) =>
    sizeMismatch(entry, `truncated: received ${formatCount(received)} of ${formatCount(entry.bytes)} bytes.`);
  if (response.body === null) throw truncated(0);
  const reader = response.body.getReader();
  let offset = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (cause) {
      throw new DatasetError(
        'network',
        `${entry.file}: download interrupted after ${formatCount(offset)} bytes (${errorMessage(cause)}). Retry.`,
        entry.file,
      );
    }
    if (chunk.done) break;
    if (offset + chunk.value.length > entry.bytes) {
      reader.cancel().catch(() => undefined); // stop the download; its outcome no longer matters
      throw sizeMismatch(entry, `larger than the manifest says: more than ${formatCount(entry.bytes)} bytes.`);
    }
    buffer.set(chunk.value, offset);
    offset += chunk.value.length;
    progress.add(chunk.value.length);
  }
  if (offset !== entry.bytes) throw truncated(offset);
  return buffer;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Failures a second download can cure: a connection cut short, a proxy or cache that mangled the bytes. */
const REFETCHABLE = new Set(['size-mismatch', 'checksum-mismatch']);

/**
 * Downloads one manifest entry and checks its size and SHA-256. A truncated or corrupt file
 * is fetched once more, bypassing the HTTP cache; a second failure is reported.
 */
async function downloadVerified(
  fetchImpl: typeof fetch,
  manifestUrl: URL,
  entry: DatasetFileEntry,
  progress: ProgressTracker,
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    // no-cache revalidates (a cheap 304 when unchanged) so a regenerated file is never served stale.
    return await downloadOnce(fetchImpl, manifestUrl, entry, progress, signal, 'no-cache');
  } catch (error) {
    if (!(error instanceof DatasetError) || !REFETCHABLE.has(error.code)) throw error;
    progress.extend(entry.bytes);
    try {
      return await downloadOnce(fetchImpl, manifestUrl, entry, progress, signal, 'reload');
    } catch (second) {
      if (!(second instanceof DatasetError) || !REFETCHABLE.has(second.code)) throw second;
      throw new DatasetError(
        second.code,
        `${second.message} (It was downloaded twice, with the same kind of failure.)`,
        second.file,
      );
    }
  }
}

async function downloadOnce(
  fetchImpl: typeof fetch,
  manifestUrl: URL,
  entry: DatasetFileEntry,
  progress: ProgressTracker,
  signal: AbortSignal,
  cache: RequestCache,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetchOk(fetchImpl, new URL(entry.file, manifestUrl), entry.file, { cache, signal });
  const bytes = await readExactly(response, entry, progress);
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256) {
    throw new DatasetError(
      'checksum-mismatch',
      `${entry.file} is corrupt: SHA-256 does not match the manifest (expected ${entry.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…). Reload; if it persists, run "npm run dataset -- --force".`,
      entry.file,
    );
  }
  return bytes;
}

/** Rejects manifests whose sizes cannot hold the declared digits, before downloading anything. */
function checkDeclaredSizes(manifest: DatasetManifest): void {
  const digitCount = manifest.trainCount + manifest.testCount;
  if (manifest.labels.bytes !== digitCount) {
    throw new DatasetError(
      'labels-invalid',
      `${manifest.labels.file} should hold ${formatCount(digitCount)} labels (one byte per digit) but the manifest says ${formatCount(manifest.labels.bytes)} bytes. ${REGENERATE_HINT}`,
      manifest.labels.file,
    );
  }
  const pixelCount = digitCount * manifest.digitWidth * manifest.digitHeight;
  if (manifest.sprite.bytes < pixelCount) {
    throw new DatasetError(
      'format',
      `${manifest.sprite.file} should hold ${formatCount(pixelCount)} pixels but the manifest says it is only ${formatCount(manifest.sprite.bytes)} bytes. ${REGENERATE_HINT}`,
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

/**
 * Fetches the manifest, then the sprite and labels it lists (concurrently), and verifies
 * sizes, SHA-256 checksums, the sprite's dimensions and the label range.
 * @param manifestUrl Absolute URL of `mnist-manifest.json`; the data files are resolved relative to it.
 * @param onProgress Called with byte counts about every 64 KiB and once at completion; monotonic.
 * @param fetchImpl Injected for tests.
 * @throws DatasetError with a user-facing message; a relative `manifestUrl` throws TypeError.
 */
export async function loadDatasetFiles(
  manifestUrl: string | URL,
  onProgress: (progress: LoadProgress) => void,
  fetchImpl: typeof fetch = fetch,
): Promise<DatasetFiles> {
  const url = new URL(manifestUrl); // throws on a relative URL: see DEFAULT_DATASET_URL
  // Aborting stops the other download as soon as one fails, instead of finishing 55 MB for nothing.
  const abort = new AbortController();
  try {
    const manifest = await fetchManifest(fetchImpl, url, abort.signal);
    checkDeclaredSizes(manifest);
    const progress = new ProgressTracker(manifest.sprite.bytes + manifest.labels.bytes, onProgress);
    progress.report();
    const [spriteBytes, labels] = await Promise.all([
      downloadVerified(fetchImpl, url, manifest.sprite, progress, abort.signal),
      downloadVerified(fetchImpl, url, manifest.labels, progress, abort.signal),
    ]);
    progress.report();
    const pixels = spritePixels(manifest, spriteBytes);
    checkLabels(manifest, labels);
    return { manifest, pixels, labels };
  } finally {
    abort.abort();
  }
}
