/**
 * `npm run bench`: serves the built app (vite preview, so COOP/COEP and wasm threads apply),
 * opens bench.html in headless Chromium and, per backend, has the app's own training worker
 * time training steps of the reference model (src/worker/bench.ts). Prints a Markdown table,
 * or with --json one JSON object. --native also runs the PyTorch reference on the same CPU.
 * Not part of `npm test`: it prints figures, it asserts nothing.
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--seconds S] [--native] [--json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import type { BenchRequest, BenchResult } from '../src/worker/bench-types';
import { runNative, type NativeResult } from './native';
import { formatTable, kernelRatio, parseBenchArgs, requestFor, type BenchOptions } from './options';

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

async function browserResults(options: BenchOptions): Promise<{ results: BenchResult[]; chromium: string }> {
  const server = await startPreview(options.port);
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'info' || message.type() === 'error' || message.type() === 'warning')
        console.error(message.text());
    });
    await page.goto(`http://127.0.0.1:${options.port}/bench.html`);
    await page.waitForFunction(() => 'densenetBench' in window);
    const results: BenchResult[] = [];
    for (const backend of options.backends) results.push(await runInWorker(page, requestFor(backend, options)));
    return { results, chromium: browser.version() };
  } finally {
    await browser.close();
    stopServer(server);
  }
}

function wasmOverNative(results: readonly BenchResult[], native: NativeResult | null): number | null {
  const wasm = results.find((result) => result.backend === 'wasm');
  if (!native || !wasm || wasm.skipped !== undefined) return null;
  return wasm.ours.imagesPerSecond / native.imagesPerSecond;
}

function printText(
  options: BenchOptions,
  results: BenchResult[],
  chromiumVersion: string,
  native: NativeResult | null,
  nativeError: string | null,
): void {
  console.log(
    `Reference DenseNet, batch ${options.batch}, synthetic MNIST-shaped data, headless Chromium ${chromiumVersion}, ${cpus().length} CPUs`,
  );
  console.log(formatTable(results));
  if (native) {
    console.log(
      `\nNative: PyTorch ${native.torch} CPU, ${native.threads} threads, batch ${native.batch}: ${native.imagesPerSecond.toFixed(1)} images/s (${native.msPerStep.toFixed(1)} ms/step)`,
    );
    const ratio = wasmOverNative(results, native);
    if (ratio !== null) console.log(`wasm / native: ${ratio.toFixed(2)}`);
  }
  if (nativeError) console.log(`\nNative: ${nativeError}`);
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
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
  if (!options.json) return printText(options, results, chromiumVersion, native, nativeError);
  const ratios = Object.fromEntries(results.map((result) => [result.backend, kernelRatio(result)]));
  const report = {
    model: 'reference DenseNet',
    batch: options.batch,
    chromium: chromiumVersion,
    cpus: cpus().length,
    results,
    kernelRatioOursOverBaseline: ratios,
    native,
    nativeError,
    wasmOverNative: wasmOverNative(results, native),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
