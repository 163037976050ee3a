/**
 * `npm run bench:ui`: the built app as a user meets it, in headless Chromium, once per backend
 * (`?backend=`, or `auto`), each in a fresh browser context (a first visit), with the default
 * full 60k/10k settings. Reports the time from page load until Train is enabled, until the
 * worker has prepared the backend (compiled the training step), from the Train click — made
 * once preparation has ended — to the first batch report, and training images/s over a
 * steady window after that. `auto` also reports which backend it chose and a second visit,
 * which reuses the stored decision. Prints figures, asserts nothing. Everything it starts is
 * stopped on success, failure and Ctrl-C (bench/preview.ts).
 *
 *   npm run bench:ui -- [--backends auto,webgpu,webgl,wasm,cpu] [--seconds 30] [--json] [--port 4318]
 */
import { loadavg } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { BENCH_CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import { onExit, startServer, vitePreview } from './preview';
import { formatUiTable, type UiResult } from './ui-table';

interface Options {
  backends: string[];
  seconds: number;
  json: boolean;
  port: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  return {
    backends: (value('backends') ?? 'auto,webgpu,webgl,wasm,cpu').split(','),
    seconds: Number(value('seconds') ?? 30),
    json: argv.includes('--json'),
    port: Number(value('port') ?? 4318),
  };
}

const TIMEOUT = { timeout: 600_000 };

/** An attribute of an element that may not exist (in this backend, or in this version of the app). */
async function attribute(page: Page, testId: string, name: string): Promise<string | null> {
  const element = page.getByTestId(testId);
  return (await element.count()) > 0 ? element.getAttribute(name) : null;
}

async function progress(page: Page): Promise<{ epoch: number; batch: number }> {
  const text = page.getByTestId('train-progress-text');
  return { epoch: Number(await text.getAttribute('data-epoch')), batch: Number(await text.getAttribute('data-batch')) };
}

/** Loads the page and waits for Train, then for the preparation to end; times both from the navigation. */
async function load(page: Page, url: string): Promise<{ readyMs: number; preparedMs: number | null }> {
  const start = Date.now();
  await page.goto(url);
  await page.getByTestId('train').and(page.locator(':enabled')).waitFor(TIMEOUT);
  const readyMs = Date.now() - start;
  // No preparation line on the CPU backend (nothing to prepare), nor in app versions before it existed.
  const preparation = page.getByTestId('preparation');
  const appears = await preparation.waitFor({ timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  if (!appears) return { readyMs, preparedMs: null };
  await page.locator('[data-testid=preparation]:is([data-stage=done], [data-stage=failed])').waitFor(TIMEOUT);
  return { readyMs, preparedMs: Date.now() - start };
}

async function measure(browser: Browser, baseUrl: string, requested: string, seconds: number): Promise<UiResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const url = `${baseUrl}/?backend=${requested}&seed=1`;
    const { readyMs, preparedMs } = await load(page, url);
    const badge = page.getByTestId('backend-badge');
    const backend = (await badge.getAttribute('data-backend')) ?? '?';
    const adapter = ((await badge.textContent()) ?? '').replace(/^[^·]*·\s*/, '');
    const candidates = await page.getByTestId('backend-candidate').allTextContents();

    await page.getByTestId('train').click();
    await page.getByTestId('first-batch-ms').waitFor(TIMEOUT);
    const firstBatchMs =
      Number(((await page.getByTestId('first-batch-ms').textContent()) ?? '').match(/([\d.]+) s/)?.[1]) * 1000;
    const compiledByFirstStep = await attribute(page, 'preparation', 'data-compiled-by-first-step');
    const speed = await steadyWindow(page, seconds);
    await page.getByTestId('stop').click();
    // A second visit in the same profile: `auto` reuses its stored decision.
    const secondVisit = requested === 'auto' ? await load(page, url) : null;
    return {
      requested,
      backend,
      adapter,
      candidates,
      readyMs,
      preparedMs,
      firstBatchMs,
      compiledByFirstStep: compiledByFirstStep ? Number(compiledByFirstStep) : null,
      ...speed,
      secondVisitReadyMs: secondVisit?.readyMs ?? null,
      secondVisitHow: secondVisit ? await attribute(page, 'backend-decision', 'data-how') : null,
    };
  } finally {
    await context.close();
  }
}

/** Training speed over about `seconds`, from one batch report to a later one, so the window holds whole steps. */
async function steadyWindow(
  page: Page,
  seconds: number,
): Promise<Pick<UiResult, 'imagesPerSecond' | 'msPerStep' | 'windowBatches' | 'windowSeconds'>> {
  const start = await progress(page);
  const startedAt = Date.now();
  await page.waitForTimeout(seconds * 1000);
  await page.waitForFunction(
    (b) => Number(document.querySelector('[data-testid=train-progress-text]')?.getAttribute('data-batch')) !== b,
    start.batch,
    TIMEOUT,
  );
  const end = await progress(page);
  const windowSeconds = (Date.now() - startedAt) / 1000;
  const windowBatches = (end.epoch - start.epoch) * (60_000 / 32) + end.batch - start.batch;
  return {
    imagesPerSecond: (windowBatches * 32) / windowSeconds,
    msPerStep: (windowSeconds * 1000) / windowBatches,
    windowBatches,
    windowSeconds,
  };
}

const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = loadAverage();
  const server = await startServer(vitePreview(options.port, '/'));
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: BENCH_CHROMIUM_ARGS });
  const forgetBrowser = onExit(() => void browser.close());
  const results: UiResult[] = [];
  try {
    for (const requested of options.backends) {
      console.error(`[bench:ui] ${requested}…`);
      results.push(await measure(browser, server.url, requested, options.seconds));
    }
  } finally {
    forgetBrowser();
    await browser.close();
    server.stop();
  }
  const loadAfter = loadAverage();
  if (options.json) {
    console.log(
      JSON.stringify(
        { model: 'reference DenseNet', batch: 32, trainImages: 60_000, loadBefore, loadAfter, results },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    `reference DenseNet, batch 32, full 60k/10k run, headless Chromium; load average ${loadBefore} before, ${loadAfter} after`,
  );
  console.log(formatUiTable(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
