/**
 * Names the service worker (built by vite-plugin-pwa from scripts/pwa.ts), the worker's
 * dataset loader and the storage panel share. Plain data: no DOM, no TF.js.
 */

/** The service worker's script, at the root of the app's scope. */
export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Cache Storage cache that holds the dataset once downloaded: the manifest (network first,
 * so regenerated data is noticed) and the gzipped sprite and labels (cache first).
 */
export const DATASET_CACHE = 'mnist-data';

/** Whether a URL path is one of the dataset's data files (not the manifest). */
export const DATA_FILE_PATTERN = /\/data\/[^/]+\.gzip$/;

/** The manifest's path pattern. */
export const DATA_MANIFEST_PATTERN = /\/data\/mnist-manifest\.json$/;

/** Prefix of the caches Workbox keeps the precached app in (`workbox-precache-v2-<scope>`). */
export const APP_CACHE_PREFIX = 'workbox-precache';
