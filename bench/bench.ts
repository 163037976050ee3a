/**
 * `npm run bench`: serves the built app (vite preview, so COOP/COEP and wasm threads apply),
 * opens bench.html in headless Chromium and, per backend and variant (ours, ours with TF.js's
 * defaults, the tfjs-layers baseline), has a fresh copy of the app's training worker time
 * training steps of the reference model (src/worker/bench.ts). Prints Markdown tables, or with
 * --json one JSON object. --native also runs the PyTorch reference on the same CPU.
 * Not part of `npm test`: it prints figures, it asserts nothing. Everything it starts (the
 * server, the browser, PyTorch) is stopped on success, failure and Ctrl-C (bench/preview.ts).
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--variants ours,defaults,baseline] [--seconds S] [--native] [--json]
 */
import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { BENCH_CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import type { BenchRequest, BenchResult } from '../src/worker/bench-types';
import { runNative, type NativeResult } from './native';
import { parseBenchArgs, requestsFor, type BenchOptions } from './options';
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

async function browserResults(options: BenchOptions): Promise<{ results: BenchResult[]; chromium: string }> {
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
    return { results, chromium: browser.version() };
  } finally {
    forgetBrowser();
    await browser.close();
    server.stop();
  }
}

function wasmOverNative(results: readonly BenchResult[], native: NativeResult | null): number | null {
  const wasm = results.find((result) => result.backend === 'wasm' && result.variant === 'ours');
  if (!native || !wasm || wasm.skipped !== undefined) return null;
  return wasm.figures.imagesPerSecond / native.imagesPerSecond;
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
  const { native, nativeError } = report;
  if (native) {
    console.log(
      `\nNative: PyTorch ${native.torch} CPU, ${native.threads} threads, batch ${native.batch}: ${native.imagesPerSecond.toFixed(1)} images/s (${native.msPerStep.toFixed(1)} ms/step)`,
    );
    if (report.wasmOverNative !== null) console.log(`wasm / native: ${report.wasmOverNative.toFixed(2)}`);
  }
  if (nativeError) console.log(`\nNative: ${nativeError}`);
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
  native: NativeResult | null;
  nativeError: string | null;
  wasmOverNative: number | null;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const loadBefore = load();
  const { results, chromium: chromiumVersion } = await browserResults(options);
  let native: NativeResult | null = null;
  let nativeError: string | null = null;
  if (options.native) {
    console.error('[bench] native PyTorch reference…');
    native = await runNative(options.batch, options.nativeThreads).catch((error: unknown) => {
      nativeError = error instanceof Error ? error.message : String(error);
      return null;
    });
  }
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
    wasmOverNative: wasmOverNative(results, native),
  };
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else printText(options, report);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
