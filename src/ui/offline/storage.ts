/**
 * What the app keeps in the browser, read from the page: the digits in the service worker's
 * dataset cache, the app files it precached, and the checkpoints in IndexedDB (the browser's
 * own count, where it gives one). No React here.
 */
import { APP_CACHE_PREFIX, DATASET_CACHE, DATA_FILE_PATTERN } from '../../shared/offline';

/** Sizes in bytes; null where the browser cannot tell. */
export interface StoredData {
  /** The downloaded digits (gzipped sprite and labels); 0 when none are stored. */
  digitsBytes: number;
  /** The app's own files, precached for offline use. */
  appBytes: number;
  /** Checkpoints: IndexedDB's share of the origin's usage (Chromium reports it). */
  checkpointBytes: number | null;
  /** Whether the browser promised to keep the data under storage pressure. */
  persisted: boolean | null;
}

/** Chromium's non-standard breakdown of `navigator.storage.estimate()`. */
interface EstimateWithDetails extends StorageEstimate {
  usageDetails?: { indexedDB?: number };
}

const hasCaches = () => typeof caches !== 'undefined';

/** Sums the body sizes of the entries of cache `name` that `keep` accepts. */
async function cacheBytes(name: string, keep: (url: URL) => boolean): Promise<number> {
  const cache = await caches.open(name);
  let total = 0;
  for (const request of await cache.keys()) {
    if (!keep(new URL(request.url))) continue;
    const response = await cache.match(request);
    if (response) total += (await response.blob()).size;
  }
  return total;
}

/** Reads the sizes of everything the app stores. */
export async function readStoredData(): Promise<StoredData> {
  const names = hasCaches() ? await caches.keys() : [];
  let digitsBytes = 0;
  let appBytes = 0;
  for (const name of names) {
    if (name === DATASET_CACHE) digitsBytes += await cacheBytes(name, (url) => DATA_FILE_PATTERN.test(url.pathname));
    else if (name.startsWith(APP_CACHE_PREFIX)) appBytes += await cacheBytes(name, () => true);
  }
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const estimate: EstimateWithDetails | null = storage?.estimate ? await storage.estimate() : null;
  return {
    digitsBytes,
    appBytes,
    checkpointBytes: estimate?.usageDetails?.indexedDB ?? null,
    persisted: storage?.persisted ? await storage.persisted() : null,
  };
}

/**
 * Deletes the downloaded digits (the manifest stays: it is tiny, and lets an offline page say
 * how much one online visit would download). The next page load downloads them again.
 */
export async function deleteStoredDigits(): Promise<void> {
  if (!hasCaches() || !(await caches.has(DATASET_CACHE))) return;
  const cache = await caches.open(DATASET_CACHE);
  for (const request of await cache.keys()) {
    if (DATA_FILE_PATTERN.test(new URL(request.url).pathname)) await cache.delete(request);
  }
}

/**
 * Asks the browser to keep the app's data under storage pressure. Chromium answers from its
 * own signals (an installed app, a bookmark, engagement) without a prompt.
 * @returns The answer, or null where the browser has no such API.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persist) return null;
  if (await storage.persisted()) return true;
  return storage.persist();
}
