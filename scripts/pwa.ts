/**
 * The app as an installable, offline-capable web app: vite-plugin-pwa generates the service
 * worker with Workbox (no caching code of our own) and the web app manifest.
 *
 * - Precache: the app shell (HTML, JS, CSS, the SIMD wasm binaries). Cache Storage
 *   keeps each response's headers, so COOP/COEP and the CSP that came with them on install
 *   come back with them offline (the page stays cross-origin isolated; wasm keeps threads).
 * - Runtime: the dataset, cached on first use: the manifest network-first (regenerated data is
 *   noticed when online), the gzipped files cache-first. The loader drops a cached file that
 *   fails its checksum before fetching it again.
 * - Updates: a new service worker waits; the page offers a reload (src/ui/offline/). It never
 *   skips waiting by itself. `clientsClaim` lets the first one control the page that
 *   installed it, so the dataset that page downloads goes through (and into) the cache.
 *
 * The dev server serves a service worker that removes itself instead ({@link devServiceWorkerKiller}).
 */
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { DATASET_CACHE, DATA_FILE_PATTERN, DATA_MANIFEST_PATTERN, SERVICE_WORKER_FILE } from '../src/shared/offline';

/** The app's accent colour (global.css) for the title bar, and its page background for the splash screen. */
export const THEME_COLOR = '#2563eb';
export const BACKGROUND_COLOR = '#f8fafc';

/**
 * The wasm backend's plain binary (no SIMD) serves only browsers without WebAssembly SIMD
 * (Safari before 16.4). Precaching it would add 94 kB to every first visit, which puts the
 * visit over 12 MB; it is cached on first use instead, like the dataset. The two SIMD
 * binaries (threaded, and single-threaded for pages that are not cross-origin isolated) are
 * precached.
 */
export const PLAIN_WASM = /(^|\/)tfjs-backend-wasm-[\w-]{8}\.wasm$/;

/** Drops {@link PLAIN_WASM} from the precache list (a Workbox manifest transform, run at build time). */
export function withoutPlainWasm<Entry extends { url: string }>(
  entries: Entry[],
): { manifest: Entry[]; warnings: string[] } {
  return { manifest: entries.filter((entry) => !PLAIN_WASM.test(entry.url)), warnings: [] };
}

/** The training worker's bundle is ~2.4 MB: over Workbox's 2 MiB default, and it must be precached. */
const LARGEST_PRECACHED_FILE = 4 * 1024 * 1024;

export function pwaPlugins(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    // src/ui/offline/serviceWorker.ts registers it (through virtual:pwa-register), and only in builds.
    injectRegister: false,
    filename: SERVICE_WORKER_FILE,
    // Browsers fetch the manifest's icons themselves; precaching them would add 25 kB to every first visit.
    includeManifestIcons: false,
    manifest: {
      name: 'DenseNet trainer — MNIST in the browser',
      short_name: 'DenseNet MNIST',
      description: 'Train a DenseNet on MNIST inside the browser, offline too, then draw digits for it to classify.',
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: THEME_COLOR,
      background_color: BACKGROUND_COLOR,
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,svg,webmanifest}'],
      // bench.html drives the worker for `npm run bench`; the data is cached on use, not precached.
      globIgnores: ['bench.html', 'assets/bench-*.js', 'data/**'],
      maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_FILE,
      manifestTransforms: [async (entries) => withoutPlainWasm(entries)],
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/bench/, /^\/data\//],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: false,
      runtimeCaching: [
        {
          urlPattern: DATA_MANIFEST_PATTERN,
          handler: 'NetworkFirst',
          options: { cacheName: DATASET_CACHE, networkTimeoutSeconds: 5 },
        },
        {
          urlPattern: PLAIN_WASM,
          handler: 'CacheFirst',
          options: { cacheName: 'wasm-plain', cacheableResponse: { statuses: [200] } },
        },
        {
          urlPattern: DATA_FILE_PATTERN,
          handler: 'CacheFirst',
          options: { cacheName: DATASET_CACHE, cacheableResponse: { statuses: [200] } },
        },
      ],
    },
  });
}

/**
 * The script the dev server sends for the service worker's URL. A service worker left on this
 * origin by `npm run preview` would otherwise keep serving the built app instead of the dev
 * server's (the browser keeps a registration whose script now 404s). The browser checks the
 * script on the next navigation, installs this one, and it unregisters itself and reloads
 * the open tabs, which then load from the dev server with hot reload. Caches are left alone:
 * the next preview's service worker reuses the downloaded digits.
 */
export const SELF_REMOVING_SERVICE_WORKER = `// Dev server: removes a service worker left by \`npm run preview\` on this origin.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    self.registration
      .unregister()
      .then(() => self.clients.matchAll({ type: 'window' }))
      .then((tabs) => Promise.all(tabs.map((tab) => tab.navigate(tab.url)))),
  );
});
`;

/** Serves {@link SELF_REMOVING_SERVICE_WORKER} at the service worker's URL, on the dev server only. */
export function devServiceWorkerKiller(): Plugin {
  return {
    name: 'dev-service-worker-killer',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (new URL(request.url ?? '/', 'http://dev').pathname !== `/${SERVICE_WORKER_FILE}`) return next();
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.setHeader('Cache-Control', 'no-store');
        response.end(SELF_REMOVING_SERVICE_WORKER);
      });
    },
  };
}
