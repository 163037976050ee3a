/// <reference lib="webworker" />
/**
 * The worker's view of the dataset the service worker keeps in Cache Storage: a file that
 * failed its checks is deleted there, so the next fetch misses the cache and goes to the
 * network. The service worker caches what passes through it (scripts/pwa.ts); what a first
 * visit downloaded before the service worker controlled the page is stored here.
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

/**
 * Stores `bytes` as the response for `url` in the dataset cache, where the service worker's
 * routes find it, unless a data file of that size is stored already (the usual case once the
 * service worker serves them); a copy of another size (truncated, an older dataset) and the
 * manifest are replaced. Failures are ignored: the next visit downloads again.
 */
export async function keepDatasetCopy(url: URL, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
  try {
    if (typeof caches === 'undefined') return;
    const cache = await caches.open(DATASET_CACHE);
    if (contentType !== 'application/json') {
      // The size, not the bytes: reading 11 MB back on every visit the service worker served
      // would cost more than it could catch. A same-size bad copy fails its SHA-256 on the next
      // visit and is dropped then (load.ts).
      const stored = await cache.match(url.href);
      if (stored && (await stored.blob()).size === bytes.byteLength) return;
    }
    const headers = { 'Content-Type': contentType, 'Content-Length': String(bytes.byteLength) };
    await cache.put(url.href, new Response(bytes, { status: 200, headers }));
  } catch {
    // No Cache Storage here (private modes, quota): nothing is stored, nothing is lost.
  }
}
