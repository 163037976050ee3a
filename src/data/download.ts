/**
 * Fetching dataset files: HTTP and network failures as DatasetErrors with user-facing
 * messages, and bodies streamed into buffers of the exact size the manifest promises, with
 * byte progress.
 */
import { DatasetError, REGENERATE_HINT, formatCount, formatMegabytes } from './errors';
import type { DatasetFileEntry } from './manifest';

/** Download progress over the data files together (the small manifest is not counted). */
export interface LoadProgress {
  /** Bytes received so far, as transferred (compressed). */
  loadedBytes: number;
  /** Bytes expected in total, from the manifest. */
  totalBytes: number;
}

/** Report progress about every 64 KiB so an 11 MB download posts ~170 messages, not one per chunk. */
const PROGRESS_STEP_BYTES = 64 * 1024;

/** Throttles byte counts from concurrent downloads into monotonic progress reports. */
export class ProgressTracker {
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

export function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Whether the browser says it has no network (always false where there is no `navigator`, e.g. old Node). */
function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

function oneOnlineVisit(downloadBytes: number | null): string {
  const size = downloadBytes === null ? '' : ` (${formatMegabytes(downloadBytes)})`;
  return `One online visit downloads them${size}; after that the app also works offline.`;
}

/**
 * The message for a download that failed for want of a network. The file was not stored in
 * the browser either: a stored one would have been served by the service worker.
 * @param downloadBytes What one online visit downloads, in bytes; null when not known.
 */
export function offlineMessage(downloadBytes: number | null): string {
  return `You are offline, and the digits are not stored in this browser yet. ${oneOnlineVisit(downloadBytes)} Connect to the network, then press Retry.`;
}

/** Where a fetch comes from, for its messages: the file's name and what it would cost offline. */
export interface FetchTarget {
  url: URL;
  fileName: string;
  /** Bytes an online visit would download, for the offline message; null when not known. */
  downloadBytes: number | null;
}

/** Fetches a file, turning a rejection into 'network' (or 'offline') and a non-2xx status into 'http'. */
export async function fetchOk(fetchImpl: typeof fetch, target: FetchTarget, init: RequestInit): Promise<Response> {
  const { url, fileName } = target;
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (cause) {
    if (isOffline()) throw new DatasetError('offline', offlineMessage(target.downloadBytes), fileName);
    // A worker does not always learn that the page went offline (navigator.onLine stays true
    // there under some emulations), so this message covers being offline too.
    throw new DatasetError(
      'network',
      `${fileName}: network error (${errorMessage(cause)}). The digits are not stored in this browser yet. ${oneOnlineVisit(target.downloadBytes)} Check the connection, and that the server is running, then retry.`,
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

export function sizeMismatch(entry: DatasetFileEntry, detail: string): DatasetError {
  return new DatasetError(
    'size-mismatch',
    `${entry.file} is ${detail} The data files and manifest are out of sync; run "npm run dataset" and reload.`,
    entry.file,
  );
}

/**
 * Streams a response body into a buffer of exactly `entry.bytes`, counting bytes into
 * `progress` and handing each stored chunk (a view into that buffer) to `onChunk`.
 */
export async function readExactly(
  response: Response,
  entry: DatasetFileEntry,
  progress: ProgressTracker,
  onChunk: (stored: Uint8Array<ArrayBuffer>) => void = () => undefined,
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
    onChunk(buffer.subarray(offset, offset + chunk.value.length));
    offset += chunk.value.length;
    progress.add(chunk.value.length);
  }
  if (offset !== entry.bytes) throw truncated(offset);
  return buffer;
}
