/// <reference lib="webworker" />
/**
 * The dataset download, which the worker's entry (trainer.worker.ts) starts the moment `init`
 * arrives, before TF.js and the handler have loaded: on a first visit the download is the
 * longest wait, and evaluating the rest of the worker takes about half a second on a slow
 * machine. The handler's `init` takes it over (trainer-main.ts).
 */
import { loadDatasetFiles, type DatasetFiles, type LoadProgress } from '../data/load';
import { dropStoredDatasetCopy, keepDatasetCopy } from './storedDataset';

/** The worker's download: copies kept in and dropped from Cache Storage, the size the offline message names. */
export function downloadDataset(
  manifestUrl: string,
  onProgress: (progress: LoadProgress) => void,
): Promise<DatasetFiles> {
  return loadDatasetFiles(manifestUrl, onProgress, {
    dropStoredCopy: dropStoredDatasetCopy,
    keepCopy: keepDatasetCopy,
    expectedDownloadBytes: __DATASET_DOWNLOAD_BYTES__,
  });
}

/** A download started before anyone listens to its progress, taken over once by whoever needs the files. */
export class EarlyDownload {
  private listener: ((progress: LoadProgress) => void) | null = null;
  private latest: LoadProgress | null = null;
  private taken = false;
  private readonly files: Promise<DatasetFiles>;
  /**
   * Settles once the data files have been requested (the first progress report comes just
   * before), or the download failed before that (no manifest, offline).
   */
  readonly requested: Promise<void>;

  constructor(
    private readonly manifestUrl: string,
    download: typeof downloadDataset = downloadDataset,
  ) {
    let requested = () => {};
    this.requested = new Promise((resolve) => (requested = resolve));
    this.files = download(manifestUrl, (progress) => {
      requested();
      this.latest = progress;
      this.listener?.(progress);
    });
    // A failure belongs to whoever takes the download over; until then it is not unhandled.
    this.files.then(requested, requested);
  }

  /**
   * The files of `manifestUrl`, with progress from now on (the latest so far at once); null
   * for another URL or when already taken, so the caller downloads for itself.
   */
  take(manifestUrl: string, onProgress: (progress: LoadProgress) => void): Promise<DatasetFiles> | null {
    if (this.taken || manifestUrl !== this.manifestUrl) return null;
    this.taken = true;
    this.listener = onProgress;
    if (this.latest) onProgress(this.latest);
    return this.files;
  }
}
