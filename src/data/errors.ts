/**
 * The one error type the dataset loader throws. Its `code` lets the UI pick a remedy
 * (e.g. offer a retry on 'network'); its `message` is shown to the user as-is, so it
 * names the file and says what to do.
 */

/** What went wrong, coarse enough for the UI to branch on. */
export type DatasetErrorCode =
  | 'http'
  | 'network'
  | 'offline'
  | 'manifest-invalid'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'format'
  | 'labels-invalid';

/** A dataset file could not be fetched, or its contents are not what the manifest promises. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  /**
   * @param code What kind of failure this is.
   * @param message User-facing text: names the file and, where possible, the fix.
   * @param file The file name (as in the manifest) the failure concerns, if any.
   */
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** Formats a count the way messages show it: `54880017` → `54,880,017`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Formats a byte count as decimal megabytes with one decimal: `11193208` → `11.2 MB`. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The remedy most dataset failures share: the files are generated, not committed. */
export const REGENERATE_HINT = 'Run "npm run dataset" to generate the data files.';
