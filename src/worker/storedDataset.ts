/// <reference lib="webworker" />
/**
 * The worker's view of the dataset the service worker keeps in Cache Storage: a file that
 * failed its checks is deleted there, so the next fetch misses the cache and goes to the
 * network. The caching itself is the service worker's (scripts/pwa.ts).
 */
import { DATASET_CACHE } from '../shared/offline';

/** Deletes any stored copy of `url`; a no-op where there is no Cache Storage or no such cache. */
export async function dropStoredDatasetCopy(url: URL): Promise<void> {
  try {
    if (typeof caches === 'undefined' || !(await caches.has(DATASET_CACHE))) return;
    await (await caches.open(DATASET_CACHE)).delete(url.href);
  } catch {
    // Storage can be unavailable (e.g. some private modes): then there is no copy to drop either.
  }
}
