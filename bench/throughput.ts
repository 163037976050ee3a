/**
 * Browser benchmark for the spine: opens the built app in headless Chromium once per
 * backend with the default (full 60k/10k) settings, clicks Train, and reports the time from
 * page load to ready, from the click to the first batch report, and training images/s over a
 * steady window after the first batch (shader compilation excluded).
 *
 *   npm run bench -- [--backends webgpu,webgl,cpu] [--seconds 60] [--json]
 *
 * Not part of `npm test`: it prints figures, it asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';

interface Options {
  backends: string[];
  seconds: number;
  json: boolean;
  port: number;
}

interface Result {
  requested: string;
  backend: string;
  adapter: string;
  readyMs: number;
  datasetMemory: string;
  firstBatchMs: number;
  imagesPerSecond: number;
  msPerStep: number;
  windowBatches: number;
  windowSeconds: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  return {
    backends: (value('backends') ?? 'webgpu,webgl,cpu').split(','),
    seconds: Number(value('seconds') ?? 60),
    json: argv.includes('--json'),
    port: Number(value('port') ?? 4318),
  };
}

async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error(`vite preview did not start on port ${port}`);
}

async function progress(page: Page): Promise<{ epoch: number; batch: number; ips: number }> {
  const text = page.getByTestId('train-progress-text');
  return {
    epoch: Number(await text.getAttribute('data-epoch')),
    batch: Number(await text.getAttribute('data-batch')),
    ips: Number(await text.getAttribute('data-images-per-second')),
  };
}

async function measure(page: Page, baseUrl: string, requested: string, seconds: number): Promise<Result> {
  const loadStart = Date.now();
  await page.goto(`${baseUrl}/?backend=${requested}&seed=1`);
  await page.getByTestId('train').and(page.locator(':enabled')).waitFor({ timeout: 300_000 });
  const readyMs = Date.now() - loadStart;
  const badge = page.getByTestId('backend-badge');
  const backend = (await badge.getAttribute('data-backend')) ?? '?';
  const adapter = ((await badge.textContent()) ?? '').replace(/^[^·]*·\s*/, '');
  const datasetMemory = (await page.getByTestId('dataset-memory').textContent()) ?? '';
  const batchesPerEpoch = 60_000 / 32;

  await page.getByTestId('train').click();
  await page.getByTestId('first-batch-ms').waitFor({ timeout: 600_000 });
  const firstBatchMs =
    Number(((await page.getByTestId('first-batch-ms').textContent()) ?? '').match(/([\d.]+) s/)?.[1]) * 1000;
  // The window starts at a batch report, so it covers whole steps only.
  const start = await progress(page);
  const startedAt = Date.now();
  await page.waitForTimeout(seconds * 1000);
  await page.waitForFunction(
    (b) => Number(document.querySelector('[data-testid=train-progress-text]')?.getAttribute('data-batch')) !== b,
    start.batch,
    { timeout: 600_000 },
  );
  const end = await progress(page);
  const windowSeconds = (Date.now() - startedAt) / 1000;
  const windowBatches = (end.epoch - start.epoch) * batchesPerEpoch + end.batch - start.batch;
  await page.getByTestId('stop').click();
  const imagesPerSecond = (windowBatches * 32) / windowSeconds;
  return {
    requested,
    backend,
    adapter,
    readyMs,
    datasetMemory,
    firstBatchMs,
    imagesPerSecond,
    msPerStep: (windowSeconds * 1000) / windowBatches,
    windowBatches,
    windowSeconds,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const server = await startPreview(options.port);
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  const results: Result[] = [];
  try {
    for (const requested of options.backends) {
      const page = await browser.newPage();
      try {
        results.push(await measure(page, `http://127.0.0.1:${options.port}`, requested, options.seconds));
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  if (options.json) {
    console.log(JSON.stringify({ model: 'reference DenseNet', batch: 32, trainImages: 60_000, results }, null, 2));
    return;
  }
  console.log('reference DenseNet, batch 32, full 60k/10k run, headless Chromium');
  console.log('backend  adapter                                   ready(s)  first batch(s)  images/s  ms/step  window');
  for (const r of results) {
    console.log(
      `${r.backend.padEnd(8)} ${r.adapter.slice(0, 40).padEnd(41)} ${(r.readyMs / 1000).toFixed(1).padStart(8)}  ${(r.firstBatchMs / 1000).toFixed(1).padStart(14)}  ${r.imagesPerSecond.toFixed(1).padStart(8)}  ${r.msPerStep.toFixed(0).padStart(7)}  ${r.windowBatches} steps / ${r.windowSeconds.toFixed(0)} s`,
    );
  }
  for (const r of results) console.log(`${r.backend}: ${r.datasetMemory}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
