/**
 * Node side of the kernel check page: builds it with Vite into node_modules/.cache/ (never
 * into dist/, so the app ships without it; not into test-results/, which a concurrent
 * Playwright run empties) and serves it to a Playwright page through request
 * interception, so it needs no port. The origin is localhost, a secure context, because
 * WebGPU exists only in secure contexts.
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname);
const OUT_DIR = resolve(ROOT, '../../node_modules/.cache/kernel-check-page');
export const KERNEL_CHECK_ORIGIN = 'http://localhost:4599';

/** Builds the page (tfjs and the webgpu backend included: about half a minute here). */
export async function buildKernelCheckPage(): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8000,
      reportCompressedSize: false,
    },
  });
}

/** Opens the built page in `page` and waits until `window.kernelCheck` exists. */
export async function openKernelCheckPage(page: Page): Promise<void> {
  await page.route(`${KERNEL_CHECK_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    await route.fulfill({ path: join(OUT_DIR, path === '/' ? 'index.html' : path) });
  });
  await page.goto(`${KERNEL_CHECK_ORIGIN}/index.html`);
  await page.waitForFunction(() => window.kernelCheck !== undefined);
}
