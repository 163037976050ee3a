/**
 * `npm run bench`: serves the built app (vite preview, so COOP/COEP and wasm threads apply),
 * opens bench.html in headless Chromium and, per backend, has the app's own training worker
 * time training steps of the reference model (src/worker/bench.ts). Prints a Markdown table,
 * or with --json one JSON object. --native also alternates wasm and the PyTorch reference on
 * the same CPU in pairs (bench/pairs.ts); --profile times the wasm step kernel by kernel
 * (bench/profile-table.ts). Prints the load average at the start and the end.
 * Not part of `npm test`: it prints figures, it asserts nothing.
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--seconds S] [--native [--pairs N]] [--profile] [--json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import type { BenchRequest, BenchResult } from '../src/worker/bench-types';
import { runNative } from './native';
import { formatTable, kernelRatio, parseBenchArgs, requestFor, type BenchOptions } from './options';
import { formatPairs, PAIR_TIMING, runPairs, type PairReport } from './pairs';
import { formatProfile } from './profile-table';

/** Starts `vite preview` in its own process group, so stopping it stops every child. */
async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/bench.html`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopServer(server);
  throw new Error(`vite preview did not serve bench.html on port ${port} (is dist/ built? npm run build)`);
}

function stopServer(server: ChildProcess): void {
  if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
}

/** What bench.html (src/ui/bench-driver.ts) puts on `window`. */
type DriverWindow = Window & { densenetBench: { run(request: BenchRequest): Promise<BenchResult> } };

async function runInWorker(page: Page, request: BenchRequest): Promise<BenchResult> {
  try {
    return await page.evaluate((r) => (window as unknown as DriverWindow).densenetBench.run(r), request);
  } catch (error) {
    return {
      backend: request.backend,
      skipped: `the benchmark failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}

/** Serves the build, opens bench.html in headless Chromium, and hands the page to `use`. */
async function withBenchPage<T>(port: number, use: (page: Page, chromiumVersion: string) => Promise<T>): Promise<T> {
  const server = await startPreview(port);
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'info' || message.type() === 'error' || message.type() === 'warning')
        console.error(message.text());
    });
    await page.goto(`http://127.0.0.1:${port}/bench.html`);
    await page.waitForFunction(() => 'densenetBench' in window);
    return await use(page, browser.version());
  } finally {
    await browser.close();
    stopServer(server);
  }
}

/** The alternated wasm/native pairs (bench/pairs.ts) on an open bench page. */
function nativePairs(page: Page, options: BenchOptions): Promise<PairReport> {
  const timing = { ...PAIR_TIMING, ...options.timing };
  const wasmRequest = requestFor('wasm', { ...options, baseline: false, profile: false, timing });
  return runPairs(
    options.pairs,
    {
      wasm: async () => {
        const result = await runInWorker(page, wasmRequest);
        if (result.skipped !== undefined) throw new Error(`wasm: ${result.skipped}`);
        return result.ours.imagesPerSecond;
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

interface Report {
  results: BenchResult[];
  chromium: string;
  native: PairReport | null;
  nativeError: string | null;
}

function printText(options: BenchOptions, report: Report, loadStart: number[], loadEnd: number[]): void {
  console.log(
    `Reference DenseNet, batch ${options.batch}, synthetic MNIST-shaped data, headless Chromium ${report.chromium}, ${cpus().length} CPUs`,
  );
  console.log(`Load average (1, 5, 15 min) at the start: ${loads(loadStart)}\n`);
  console.log(formatTable(report.results));
  for (const result of report.results) {
    if (result.skipped !== undefined) continue;
    for (const [label, figures] of [
      ['ours', result.ours],
      ['baseline', result.baseline && !('failure' in result.baseline) ? result.baseline : null],
    ] as const) {
      if (!figures?.profile) continue;
      console.log(`\n${result.backend} step profile, ${label} (${result.adapter}, batch ${result.batchSize}):\n`);
      console.log(formatProfile(figures.profile));
    }
  }
  if (report.native) {
    console.log(
      `\nwasm (ours) against native PyTorch CPU, ${options.nativeThreads} threads, batch ${options.batch}, alternated pairs:\n`,
    );
    console.log(formatPairs(report.native));
  }
  if (report.nativeError) console.log(`\nNative: ${report.nativeError}`);
  console.log(`\nLoad average (1, 5, 15 min) at the end: ${loads(loadEnd)}`);
}

const loads = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(', ');

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const loadStart = loadavg();
  const report = await withBenchPage(options.port, async (page, chromiumVersion): Promise<Report> => {
    const results: BenchResult[] = [];
    for (const backend of options.backends) results.push(await runInWorker(page, requestFor(backend, options)));
    let native: PairReport | null = null;
    let nativeError: string | null = null;
    if (options.native) {
      console.error('[bench] alternating wasm and native PyTorch…');
      native = await nativePairs(page, options).catch((error: unknown) => {
        nativeError = error instanceof Error ? error.message : String(error);
        return null;
      });
    }
    return { results, chromium: chromiumVersion, native, nativeError };
  });
  const loadEnd = loadavg();
  if (!options.json) return printText(options, report, loadStart, loadEnd);
  const ratios = Object.fromEntries(report.results.map((result) => [result.backend, kernelRatio(result)]));
  const json = {
    model: 'reference DenseNet',
    batch: options.batch,
    chromium: report.chromium,
    cpus: cpus().length,
    loadAverageStart: loadStart,
    loadAverageEnd: loadEnd,
    results: report.results,
    kernelRatioOursOverBaseline: ratios,
    native: report.native,
    nativeError: report.nativeError,
    wasmOverNative: report.native?.medianRatio ?? null,
  };
  console.log(JSON.stringify(json, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
