/**
 * The built app from a static host that sends no COOP/COEP headers: the page is not
 * cross-origin isolated, so there is no SharedArrayBuffer and no wasm threads. The app must
 * still start WASM — the single-threaded SIMD binary — and the badge must say why it has one
 * thread. dist/ is what the suite's web server built before the tests.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { serveStatic, type StaticHost } from './static-server';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
let host: StaticHost;

test.beforeAll(async () => {
  host = await serveStatic(DIST);
});

test.afterAll(async () => {
  await host.close();
});

test('without isolation headers WASM runs on one thread and the badge says why', async ({ trainer, page }) => {
  // WASM named, not measured for: measuring would only time WASM against the software GPUs
  // again (backend.spec.ts does); the subject here is the binary and threads without isolation.
  const response = await page.goto(`${host.url}/?backend=wasm&train=64&test=64`);
  expect(response?.headers()['cross-origin-embedder-policy'], 'the static host sends no COEP').toBeUndefined();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.badge).toHaveText('WASM · SIMD · 1 thread (page not cross-origin isolated)');
  await expect(trainer.errors).toHaveCount(0);
});
