/**
 * `npm run bench`: serves the built app (vite preview, so COOP/COEP and wasm threads apply),
 * opens bench.html in headless Chromium and, per backend and variant (ours, ours with TF.js's
 * defaults, the tfjs-layers baseline), has a fresh copy of the app's training worker time
 * training steps of the reference model (src/worker/bench.ts). Prints Markdown tables, or with
 * --json one JSON object. --native also alternates wasm and the PyTorch reference on the same
 * CPU in pairs (bench/pairs.ts); --profile times the wasm step kernel by kernel
 * (bench/profile-table.ts).
 * Not part of `npm test`: it prints figures, it asserts nothing. Everything it starts (the
 * server, the browser, PyTorch) is stopped on success, failure and Ctrl-C (bench/preview.ts).
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--variants ours,defaults,baseline] [--seconds S] [--native [--pairs N]] [--profile] [--json]
 */
import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { BENCH_CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import type { BenchRequest, BenchResult } from '../src/worker/bench-types';
import { runNative } from './native';
import { parseBenchArgs, requestFor, requestsFor, type BenchOptions } from './options';
import { formatPairs, PAIR_TIMING, runPairs, type PairReport } from './pairs';
import { formatProfile } from './profile-table';
import { onExit, startServer, vitePreview } from './preview';
import { formatTables, ratiosFor } from './table';

/** What bench.html (src/ui/trainer/bench-driver.ts) puts on `window`. */
type DriverWindow = Window & { densenetBench: { run(request: BenchRequest): Promise<BenchResult> } };

async function runInWorker(page: Page, request: BenchRequest): Promise<BenchResult> {
  try {
    return await page.evaluate((r) => (window as unknown as DriverWindow).densenetBench.run(r), request);
  } catch (error) {
    return {
      backend: request.backend,
      variant: request.variant,
      skipped: `the benchmark failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}

interface BrowserRun {
  results: BenchResult[];
  chromium: string;
  native: PairReport | null;
  nativeError: string | null;
}

async function browserResults(options: BenchOptions): Promise<BrowserRun> {
  const server = await startServer(vitePreview(options.port, '/bench.html'));
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: BENCH_CHROMIUM_ARGS });
  const forgetBrowser = onExit(() => void browser.close());
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'info' || message.type() === 'error' || message.type() === 'warning')
        console.error(message.text());
    });
    await page.goto(`${server.url}/bench.html`);
    await page.waitForFunction(() => 'densenetBench' in window);
    const results: BenchResult[] = [];
    for (const request of requestsFor(options)) results.push(await runInWorker(page, request));
    let native: PairReport | null = null;
    let nativeError: string | null = null;
    if (options.native) {
      console.error('[bench] alternating wasm and native PyTorch…');
      native = await nativePairs(page, options).catch((error: unknown) => {
        nativeError = error instanceof Error ? error.message : String(error);
        return null;
      });
    }
    return { results, chromium: browser.version(), native, nativeError };
  } finally {
    forgetBrowser();
    await browser.close();
    server.stop();
  }
}

/**
 * wasm (ours) and native PyTorch alternated in pairs on an open bench page, so each ratio
 * compares two runs a few seconds apart under the same load (bench/pairs.ts).
 */
function nativePairs(page: Page, options: BenchOptions): Promise<PairReport> {
  const timing = { ...PAIR_TIMING, ...options.timing };
  const wasmRequest = requestFor('wasm', 'ours', { ...options, profile: false, timing });
  return runPairs(
    options.pairs,
    {
      wasm: async () => {
        const result = await runInWorker(page, wasmRequest);
        if (result.skipped !== undefined) throw new Error(`wasm: ${result.skipped}`);
        return result.figures.imagesPerSecond;
      },
      native: async () =>
        (await runNative(options.batch, options.nativeThreads, { windows: timing.windows, seconds: timing.seconds }))
          .imagesPerSecond,
    },
    (pair, index) =>
      console.error(
        `[bench] pair ${index + 1}/${options.pairs}: wasm ${pair.wasm.toFixed(1)}, native ${pair.native.toFixed(1)} images/s, ratio ${pair.ratio.toFixed(2)}`,
      ),
  );
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

function printText(options: BenchOptions, report: Report): void {
  console.log(
    `Reference DenseNet, batch ${options.batch}, synthetic MNIST-shaped data, headless Chromium ${report.chromium}, ${report.cpus} CPUs, load average ${report.loadBefore} before, ${report.loadAfter} after`,
  );
  console.log(formatTables(report.results));
  for (const result of report.results) {
    if (result.skipped !== undefined || !result.figures.profile) continue;
    console.log(
      `\n${result.backend} step profile, ${result.variant} (${result.adapter}, batch ${result.batchSize}):\n`,
    );
    console.log(formatProfile(result.figures.profile));
  }
  if (report.native) {
    console.log(
      `\nwasm (ours) against native PyTorch CPU, ${options.nativeThreads} threads, batch ${options.batch}, alternated pairs:\n`,
    );
    console.log(formatPairs(report.native));
  }
  if (report.nativeError) console.log(`\nNative: ${report.nativeError}`);
}

interface Report {
  model: string;
  batch: number;
  chromium: string;
  cpus: number;
  loadBefore: string;
  loadAfter: string;
  results: BenchResult[];
  ratios: Record<string, ReturnType<typeof ratiosFor>>;
  native: PairReport | null;
  nativeError: string | null;
  /** The median of the pairs' wasm ÷ native ratios. */
  wasmOverNative: number | null;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const loadBefore = load();
  const { results, chromium: chromiumVersion, native, nativeError } = await browserResults(options);
  const report: Report = {
    model: 'reference DenseNet',
    batch: options.batch,
    chromium: chromiumVersion,
    cpus: cpus().length,
    loadBefore,
    loadAfter: load(),
    results,
    ratios: Object.fromEntries(options.backends.map((backend) => [backend, ratiosFor(results, backend)])),
    native,
    nativeError,
    wasmOverNative: native?.medianRatio ?? null,
  };
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else printText(options, report);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
