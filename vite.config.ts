import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './scripts/csp';
import { precompressedAssets } from './scripts/precompress';
import { devServiceWorkerKiller, pwaPlugins } from './scripts/pwa';
import { wasmThreadsPlugin } from './scripts/vite-plugin-wasm-threads';
import packageJson from './package.json' with { type: 'json' };

/**
 * Cross-origin isolation: with these two headers the page gets `crossOriginIsolated`, so
 * SharedArrayBuffer exists and the wasm backend runs its threaded-SIMD binary in the worker.
 * Everything the app loads is same-origin, so `require-corp` blocks nothing. Static hosts must
 * send the same headers (public/_headers does it on Netlify and Cloudflare Pages); without
 * them the app still works and wasm runs on one thread.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * What a first visit downloads for the dataset (both gzipped files), for the offline message
 * when not even the manifest is stored yet. `npm run dataset` runs before every dev, build,
 * preview and test, so the manifest is there; null if it is not.
 */
function datasetDownloadBytes(): number | null {
  try {
    const manifest = JSON.parse(readFileSync('public/data/mnist-manifest.json', 'utf8')) as {
      sprite?: { bytes?: unknown };
      labels?: { bytes?: unknown };
    };
    const total = Number(manifest.sprite?.bytes) + Number(manifest.labels?.bytes);
    return Number.isFinite(total) ? total : null;
  } catch {
    return null;
  }
}

export default defineConfig({
  plugins: [
    react(),
    wasmThreadsPlugin(),
    contentSecurityPolicy(),
    ...pwaPlugins(),
    devServiceWorkerKiller(),
    precompressedAssets(ISOLATION_HEADERS),
  ],
  define: {
    // A stored backend decision is keyed by the app's version (src/backend/app-version.ts).
    __APP_VERSION__: JSON.stringify(packageJson.version),
    __DATASET_DOWNLOAD_BYTES__: JSON.stringify(datasetDownloadBytes()),
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // One page, no client-side routes: a missing file must be a 404, not index.html with 200.
  appType: 'mpa',
  // Worker bundles get their own plugin list: the wasm backend lives in the worker.
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  // tfjs is imported only by the worker, which the dev server discovers late; pre-bundling it
  // up front avoids a mid-load "new dependencies optimized" page reload on the first start.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'recharts',
      'react',
      'react-dom/client',
    ],
    // The dev server's pre-bundled copy of the wasm backend needs the same glue patch.
    rolldownOptions: { plugins: [wasmThreadsPlugin()] },
  },
  build: {
    target: 'es2022',
    // bench.html drives the app's worker for `npm run bench`; it is not linked from the app.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
    // tfjs with its backends is a large bundle by nature; it lives in the worker chunk.
    chunkSizeWarningLimit: 4000,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Tests that train run wasm on one thread in Node, so one worker per core keeps every core
    // busy (Vitest's default leaves a core free: a single worker on a 2-core machine). Worker
    // threads start faster than forked processes; each test file still gets its own.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    testTimeout: 120_000,
  },
});
