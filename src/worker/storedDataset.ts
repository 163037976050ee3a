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
 * routes find it, unless the same bytes are stored already (the usual case once the service
 * worker serves them). A different stored copy (corrupt, or an older dataset) is replaced.
 * Failures are ignored: the next visit downloads again.
 */
export async function keepDatasetCopy(url: URL, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
  try {
    if (typeof caches === 'undefined') return;
    const cache = await caches.open(DATASET_CACHE);
    const stored = await cache.match(url.href);
    if (stored && sameBytes(new Uint8Array(await stored.arrayBuffer()), bytes)) return;
    const headers = { 'Content-Type': contentType, 'Content-Length': String(bytes.byteLength) };
    await cache.put(url.href, new Response(bytes, { status: 200, headers }));
  } catch {
    // No Cache Storage here (private modes, quota): nothing is stored, nothing is lost.
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
