/**
 * The app as an offline web app (service worker from scripts/pwa.ts). The rest of the suite
 * blocks service workers (playwright.config.ts); these tests allow them, and reach the
 * preview server through a proxy (e2e/proxy.ts) that counts every byte the network served —
 * the service worker's fetches included, which `page.route` never sees — and stands in for
 * a new deployment. The proxy's origin is new to the browser, so every test starts with no
 * service worker and no caches.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { OfflinePanel } from './pages/OfflinePanel';
import { SEVEN_STROKE, type TrainerPage } from './pages/TrainerPage';
import { startProxy, type Proxy } from './proxy';

test.use({ serviceWorkers: 'allow' });

/** The fewest steps that still train on threaded WASM: two batches of 32, a 64-image test set. */
const SHORT_RUN = { backend: 'wasm', epochs: 1, train: 64, test: 64 } as const;
const DATA_FILE = /^\/data\/.+\.gzip$/;
const SERVICE_WORKER_SCRIPT = /^\/(sw|workbox-[\w-]+)\.js$/;

let proxy: Proxy;

test.beforeEach(async ({ baseURL }) => {
  proxy = await startProxy(baseURL ?? '');
});

test.afterEach(async () => {
  await proxy.close();
});

/** Bytes of dataset files (sprite, labels) the network served after log entry `since`. */
function dataBytesSince(since: number): number {
  return proxy.log
    .slice(since)
    .filter((entry) => DATA_FILE.test(entry.path))
    .reduce((sum, entry) => sum + entry.bodyBytes, 0);
}

async function open(trainer: TrainerPage, params: Record<string, string | number> = SHORT_RUN): Promise<void> {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  await trainer.page.goto(`${proxy.url}/?${query.toString()}`);
}

/** The generated sw.js with index.html's precache revision changed, as a rebuild with a new index.html would. */
function secondBuildServiceWorker(script: string): string {
  const revised = script
    .replace(/("?url"?:\s*"index\.html"\s*,\s*"?revision"?:\s*")[^"]+/, '$1second-build')
    .replace(/("?revision"?:\s*")[^"]+("\s*,\s*"?url"?:\s*"index\.html")/, '$1second-build$2');
  if (revised === script) throw new Error('index.html is not in the precache list of sw.js');
  return revised;
}

interface InstallabilityError {
  errorId: string;
}

/** Chromium's own verdicts: installability errors and manifest parse errors. */
async function installability(page: Page): Promise<{ installErrors: string[]; manifestErrors: unknown[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: InstallabilityError[];
    };
    const { errors } = await cdp.send('Page.getAppManifest');
    return { installErrors: installabilityErrors.map((error) => error.errorId), manifestErrors: errors };
  } finally {
    await cdp.detach();
  }
}

test('installable; the second visit downloads no digits; offline it loads, trains on threaded WASM and classifies', async ({
  trainer,
  page,
  context,
  consoleErrors,
}) => {
  const offline = new OfflinePanel(page);
  // Offline, the browser still checks for a new service worker and may fetch the manifest's
  // icons; Chromium reports those failed requests on the page's console.
  consoleErrors.allow({
    text: /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/,
    url: /\/(sw\.js|icons\/[\w-]+\.png)$/,
    reason: "the browser's own requests while offline",
  });

  await test.step('first visit: installs, caches the digits on the way, meets the install criteria', async () => {
    await open(trainer);
    await trainer.waitUntilReady();
    expect(dataBytesSince(0)).toBeGreaterThan(10_000_000);
    // The worker stores each verified file in the service worker's cache without waiting for
    // it to be written; it may finish just after ready. The next visit is served from it once
    // the new service worker controls the page.
    await expect
      .poll(() => offline.storedSpriteBytes(), { message: 'the sprite in the cache' })
      .toBeGreaterThan(10_000_000);
    await offline.waitUntilControlled();
    const { installErrors, manifestErrors } = await installability(page);
    expect(manifestErrors).toEqual([]);
    // Playwright's contexts are off the record, which Chromium reports as "in-incognito";
    // nothing else may stand in the way (bench/first-visit.ts checks in a normal profile).
    expect(installErrors.filter((error) => error !== 'in-incognito')).toEqual([]);
    for (const icon of ['icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']) {
      const response = await page.request.get(`${proxy.url}/${icon}`);
      expect(response.headers()['content-type'], icon).toBe('image/png');
    }
  });

  await test.step('second visit: no dataset bytes from the network', async () => {
    const since = proxy.log.length;
    await page.reload();
    await trainer.waitUntilReady();
    expect(dataBytesSince(since)).toBe(0);
    await expect(offline.storedDigits).toHaveText(/^\d+\.\d MB$/);
  });

  await test.step('offline: loads isolated, trains on WASM with threads, classifies a drawing', async () => {
    const since = proxy.log.length;
    await context.setOffline(true);
    await page.reload();
    await trainer.waitUntilReady();
    expect(await page.evaluate(() => crossOriginIsolated), 'COOP/COEP came back with the cached page').toBe(true);
    await expect(trainer.badge).toHaveText(/^WASM · SIMD · [2-8] threads$/);
    await trainer.train();
    expect(await trainer.waitForFinished(120_000)).toBe('completed');
    await trainer.drawDigit([SEVEN_STROKE]);
    await expect(trainer.guess).toHaveText(/^It looks like a \d/);
    // The service worker's update check (sw.js and the workbox script it imports) comes from the
    // browser process, which context.setOffline does not reach; the app's own requests must not.
    const fromTheApp = proxy.log.slice(since).filter((entry) => !SERVICE_WORKER_SCRIPT.test(entry.path));
    expect(fromTheApp, 'nothing the app asked for reached the server while offline').toEqual([]);
  });

  await test.step('offline without stored digits: says one online visit is needed, and how much it downloads', async () => {
    await offline.deleteDigitsButton.click();
    await expect(offline.storedDigits).toHaveText('not stored');
    await page.reload();
    await trainer.waitUntilFailed();
    // "You are offline, …" where the worker knows it; else "…: network error (…)"; the rest is the same.
    await expect(trainer.error('dataset')).toContainText(
      /the digits are not stored in this browser yet\. One online visit downloads them \(\d+\.\d MB\); after that the app also works offline\./i,
    );
  });

  await test.step('back online: Retry downloads them again', async () => {
    await context.setOffline(false);
    await trainer.retryButton.click();
    await trainer.waitUntilReady();
    await expect(trainer.errors).toHaveCount(0);
    await expect(offline.storedDigits).toHaveText(/^\d+\.\d MB$/);
  });
});

test('a corrupted cached sprite is dropped and fetched again', async ({ trainer, page }) => {
  const offline = new OfflinePanel(page);
  await open(trainer, { backend: 'cpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await offline.waitUntilControlled();
  await expect.poll(() => offline.storedSpriteBytes(), { message: 'the sprite in the cache' }).toBeGreaterThan(0);
  const spriteBytes = await offline.storedSpriteBytes();

  await offline.corruptStoredSprite();
  const since = proxy.log.length;
  await page.reload();
  await trainer.waitUntilReady();
  await expect(trainer.errors).toHaveCount(0);
  const spriteDownloads = proxy.log.slice(since).filter((entry) => entry.path.startsWith('/data/mnist-sprite'));
  expect(spriteDownloads.map((entry) => entry.bodyBytes)).toEqual([spriteBytes]);
  expect(await offline.storedSpriteBytes()).toBe(spriteBytes);
});

test('a new deployment shows the update prompt while a run goes on untouched; Reload switches', async ({
  trainer,
  page,
}) => {
  const offline = new OfflinePanel(page);
  // Long enough to still be training when the update arrives (~100 steps on two cores).
  await open(trainer, { backend: 'wasm', epochs: 1, train: 3200, test: 64 });
  await trainer.waitUntilReady();
  await offline.waitUntilControlled();
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await trainer.train();
  await trainer.waitForFirstBatch(60_000);

  // "Rebuild": a new service worker script (index.html gets a new precache revision) and a
  // new index.html that says which build it is.
  proxy.setRewrite(/^\/(sw\.js|index\.html)?$/, (path, body) =>
    path.startsWith('/sw.js')
      ? secondBuildServiceWorker(body)
      : body.replace('<head>', '<head><meta name="app-build" content="second" />'),
  );
  await offline.checkForUpdate();
  await expect(offline.updatePrompt).toContainText('A new version is ready — reload');
  await expect(offline.updateReloadButton, 'no reload in the middle of a run').toBeDisabled();

  const pointsAtPrompt = await trainer.batchPoints();
  await expect.poll(() => trainer.batchPoints(), { message: 'training goes on' }).toBeGreaterThan(pointsAtPrompt);
  await expect(trainer.phase).toHaveAttribute('data-phase', 'training');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  await trainer.stop();
  await expect(offline.updateReloadButton).toBeEnabled();
  await Promise.all([page.waitForEvent('load'), offline.updateReloadButton.click()]);
  await expect(page.locator('meta[name="app-build"]')).toHaveAttribute('content', 'second');
  await trainer.waitUntilReady();
  await expect(offline.updatePrompt).toHaveCount(0);
});
