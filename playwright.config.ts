import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/chromium';

export { CHROMIUM_ARGS };

/** Real Chromium (scripts/chromium.ts). No GPU is needed: WebGPU and WebGL run on SwiftShader. */
const PORT = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  // Training is CPU-bound on a 2-core machine: one browser at a time keeps timings sane.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS },
    // The app's service worker would answer the worker's dataset fetches out of the reach of
    // page.route, which the specs use to tamper with them; e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    // The built app, as users get it. `npm test` has already generated the dataset (pretest).
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    timeout: 180_000,
    // Brotli at quality 5 instead of 11 for the build the tests serve (scripts/precompress.ts).
    env: { BROTLI_QUALITY: '5' },
    reuseExistingServer: !process.env.CI,
  },
});
