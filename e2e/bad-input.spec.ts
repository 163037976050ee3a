/**
 * Broken data and bad URL parameters: each failure ends in a user-facing message that says
 * what is wrong and what to do, the app stays usable, and Retry recovers once the cause is
 * gone. The dataset files are tampered with in flight with `page.route` (the training worker's
 * fetches go through it too).
 */
import type { APIRequestContext, Page, Route } from '@playwright/test';
import { expect, failedToLoad, test } from './fixtures';
import type { TrainerPage } from './pages/TrainerPage';
import { SEVEN_STROKE } from './pages/TrainerPage';

const SPRITE = '**/data/mnist-sprite.pgm.gzip';
const MANIFEST = '**/data/mnist-manifest.json';
/** CPU starts fastest, and nothing here trains. */
const QUICK = { backend: 'cpu', train: 64, test: 64 } as const;
/** The first two bytes of every gzip file. */
const GZIP_MAGIC = '1f8b';

interface ServedManifest {
  sprite: { file: string; bytes: number; sha256: string };
  [field: string]: unknown;
}

async function realManifest(request: APIRequestContext): Promise<ServedManifest> {
  const response = await request.get('/data/mnist-manifest.json');
  expect(response.ok()).toBe(true);
  return (await response.json()) as ServedManifest;
}

/** The served sprite, fetched through the route so the test sees exactly what the app would. */
async function fetchSprite(route: Route): Promise<Buffer> {
  const response = await route.fetch();
  expect(response.status()).toBe(200);
  return response.body();
}

/** A dataset failure: the message, phase "failed", Train disabled, Retry offered. */
async function expectDatasetFailure(trainer: TrainerPage, message: RegExp): Promise<void> {
  await trainer.waitUntilFailed();
  const error = trainer.error('dataset');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText(message);
  await expect(trainer.phase).toContainText(message);
  await expect(trainer.trainButton).toBeDisabled();
  await expect(trainer.stopButton).toBeDisabled();
  await expect(error.getByTestId('retry')).toBeEnabled();
  await expect(trainer.datasetMemory).toHaveCount(0);
}

/** Counts requests for `pattern` (the worker's included: they go through the page's routes) and lets them through. */
async function countRequests(page: Page, pattern: string): Promise<{ count: number }> {
  const seen = { count: 0 };
  await page.route(pattern, (route) => {
    seen.count++;
    return route.continue();
  });
  return seen;
}

test('a missing sprite (404) explains the fix, keeps the page usable, and Retry recovers', async ({
  trainer,
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(failedToLoad(404, /mnist-sprite\.pgm\.gzip$/));
  await page.route(SPRITE, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }));
  await trainer.goto(QUICK);

  await expectDatasetFailure(
    trainer,
    /^mnist-sprite\.pgm\.gzip: HTTP 404 Not Found\. Run "npm run dataset" to generate the data files\./,
  );
  // The backend started even though the data did not.
  await expect(trainer.badge).toHaveAttribute('data-backend', 'cpu');

  // Still responsive: the pad draws and the preview shows what the model would see.
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect
    .poll(async () => (await trainer.canvasInk(trainer.preview)).litPixels, { message: 'lit preview pixels' })
    .toBeGreaterThan(20);

  // The file is back: Retry starts over and reaches ready, with no error left.
  await page.unroute(SPRITE);
  await trainer.error('dataset').getByTestId('retry').click();
  await trainer.waitUntilReady();
  await expect(trainer.errors).toHaveCount(0);
  await expect(trainer.datasetMemory).toBeVisible();
  // The drawing made while the data was missing is classified once the model exists.
  await expect(trainer.guess).toHaveText(/^It looks like a \d/, { timeout: 30_000 });
});

test('a sprite with one changed byte fails the checksum', async ({ trainer, page, request }) => {
  const manifest = await realManifest(request);
  let servedMagic = '';
  await page.route(SPRITE, async (route) => {
    const body = await fetchSprite(route);
    // One byte in the middle of the compressed digits, inverted; the size stays the same.
    const offset = body.length >> 1;
    body[offset] = 255 - (body[offset] ?? 0);
    servedMagic = body.subarray(0, 2).toString('hex');
    await route.fulfill({ status: 200, contentType: 'application/gzip', body });
  });
  await trainer.goto(QUICK);

  const expected = manifest.sprite.sha256.slice(0, 12);
  await expectDatasetFailure(
    trainer,
    new RegExp(
      `^mnist-sprite\\.pgm\\.gzip is corrupt: SHA-256 does not match the manifest \\(expected ${expected}…, got (?!${expected})[0-9a-f]{12}…\\)\\. .*"npm run dataset -- --force"`,
    ),
  );
  // Still a gzip file: the checksum, checked before decoding, is what caught it.
  expect(servedMagic).toBe(GZIP_MAGIC);
});

test('a truncated sprite is fetched once more, then reported with the bytes received', async ({
  trainer,
  page,
  request,
}) => {
  const manifest = await realManifest(request);
  const kept = 1_000_000;
  let served = 0;
  await page.route(SPRITE, async (route) => {
    served++;
    const body = await fetchSprite(route);
    await route.fulfill({ status: 200, contentType: 'application/gzip', body: body.subarray(0, kept) });
  });
  await trainer.goto(QUICK);

  const total = manifest.sprite.bytes.toLocaleString('en-US');
  await expectDatasetFailure(
    trainer,
    new RegExp(
      `^mnist-sprite\\.pgm\\.gzip is truncated: received 1,000,000 of ${total} bytes\\. The data files and manifest are out of sync; run "npm run dataset" and reload\\. \\(It was downloaded twice, with the same kind of failure\\.\\)`,
    ),
  );
  expect(served, 'sprite downloads: the first and one refetch').toBe(2);
});

test('a sprite truncated once is refetched and the app gets ready without an error', async ({ trainer, page }) => {
  let served = 0;
  await page.route(SPRITE, async (route) => {
    served++;
    if (served > 1) return route.continue();
    const body = await fetchSprite(route);
    await route.fulfill({ status: 200, contentType: 'application/gzip', body: body.subarray(0, 2_000_000) });
  });
  await trainer.goto(QUICK);
  await trainer.waitUntilReady();
  await expect(trainer.errors).toHaveCount(0);
  expect(served).toBe(2);
});

test('a manifest that is not JSON, then one with a bad field, is rejected before any download; Retry recovers', async ({
  trainer,
  page,
  request,
}) => {
  const manifest = await realManifest(request);
  const spriteRequests = await countRequests(page, SPRITE);
  let served = '{"format": "mnist-sprite/2", oops';
  await page.route(MANIFEST, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: served }));
  await trainer.goto(QUICK);

  await expectDatasetFailure(
    trainer,
    /^mnist-manifest\.json is not valid JSON \(.+\)\. Run "npm run dataset" to generate the data files\./,
  );

  // Valid JSON, but the sprite's checksum is not a SHA-256: Retry fetches the manifest again.
  served = JSON.stringify({ ...manifest, sprite: { ...manifest.sprite, sha256: 'not-a-hash' } });
  await trainer.retryButton.click();
  await expect(trainer.error('dataset')).toContainText(
    'mnist-manifest.json is invalid: "sprite.sha256" must be 64 lowercase hex digits (got "not-a-hash"). Run "npm run dataset" to regenerate it.',
    { timeout: 120_000 },
  );
  await expectDatasetFailure(trainer, /"sprite\.sha256" must be 64 lowercase hex digits/);
  expect(spriteRequests.count, 'sprite downloads started for a bad manifest').toBe(0);

  // The real manifest again: Retry downloads the sprite (so the counter above does count) and gets ready.
  await page.unroute(MANIFEST);
  await trainer.retryButton.click();
  await trainer.waitUntilReady();
  await expect(trainer.errors).toHaveCount(0);
  expect(spriteRequests.count).toBe(1);
});

test('bad URL parameters are each reported and the defaults are used', async ({ trainer }) => {
  await trainer.goto({ epochs: 0, batch: 'abc', train: 999999, backend: 'tpu', colour: 'red' });

  await expect(trainer.settingsWarnings).toHaveText([
    'URL parameter epochs="0" is not a whole number from 1 to 100; using 10.',
    'URL parameter batch="abc" is not a whole number from 1 to 512; using 32.',
    'URL parameter train="999999" is not a whole number from 1 to 60,000; using 60,000.',
    'URL parameter backend="tpu" is not one of auto, webgpu, webgl, wasm, cpu; using auto.',
    'Unknown URL parameter "colour" was ignored.',
  ]);

  await trainer.waitUntilReady();
  await expect(trainer.errors).toHaveCount(0);
  await expect(trainer.runSummary).toContainText('60,000 training / 10,000 test images · batch 32 · 10 epochs');
  // The warnings stay up after loading: they describe the run that Train would start.
  await expect(trainer.settingsWarnings).toHaveCount(5);
});
