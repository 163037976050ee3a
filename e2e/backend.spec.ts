/**
 * Backend choice with the suite's Chromium flags. Headless Chromium here has only software
 * GPUs — WebGPU on a SwiftShader fallback adapter, WebGL 2 on ANGLE/SwiftShader — so auto
 * ranks both below WASM, says why, and trains on WASM with threads (the preview server sends
 * COOP/COEP). ?backend= still reaches the software GPUs. The no-adapter case is in
 * backend-no-webgpu.spec.ts (its own browser flags); the static host without isolation headers
 * is in backend-static.spec.ts. No real GPU is needed for any of it.
 */
import { expect, test } from './fixtures';

const DEMOTED = / is not a real GPU \(.+\); it trains slower than WASM on the CPU, so it ranks below WASM\.$/;

test('auto ranks the software GPUs below WASM, says why, and trains on threaded WASM', async ({ trainer, page }) => {
  await trainer.goto({ epochs: 1, train: 64, test: 64, seed: 4 });
  expect(await page.evaluate(() => crossOriginIsolated), 'the preview server isolates the page (COOP + COEP)').toBe(
    true,
  );
  // XNNPACK uses every logical core the browser reports, up to 8 (scripts/vite-plugin-wasm-threads.ts).
  const threads = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.badge).toHaveText(`WASM · SIMD · ${threads} ${threads === 1 ? 'thread' : 'threads'}`);
  const passedOver = trainer.fallbacks.getByRole('listitem');
  await expect(passedOver).toHaveCount(2);
  await expect(passedOver.nth(0)).toHaveText(/^Not WebGPU: .+ \(software\)/);
  await expect(passedOver.nth(0)).toHaveText(DEMOTED);
  await expect(passedOver.nth(0)).toContainText('fallback (software) adapter');
  await expect(passedOver.nth(1)).toHaveText(
    /^Not WebGL 2: .*SwiftShader.* \(software\) is not a real GPU \(the renderer names SwiftShader, a software rasterizer\)/,
  );
  await expect(passedOver.nth(1)).toHaveText(DEMOTED);
  await expect(trainer.backendWarning).toHaveCount(0);

  // The wasm training kernels work in the page's worker: one epoch of two batches finishes.
  await trainer.train();
  expect(await trainer.waitForFinished(120_000)).toBe('completed');
  const [row] = await trainer.epochRows();
  expect(row?.epoch).toBe(1);
  expect(Number.isFinite(row?.loss)).toBe(true);
});

test('?backend=webgpu uses the software WebGPU adapter when asked, and marks it', async ({ trainer }) => {
  await trainer.goto({ backend: 'webgpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(trainer.badge).toHaveText(/^WebGPU · .+ \(software\)$/);
  // The user's choice: nothing counts as passed over, nothing failed.
  await expect(trainer.fallbacks).toHaveCount(0);
  await expect(trainer.backendWarning).toHaveCount(0);
});

test('?backend=webgl uses the software WebGL 2 when asked, and marks it', async ({ trainer }) => {
  await trainer.goto({ backend: 'webgl', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgl');
  await expect(trainer.badge).toHaveText(/^WebGL 2 · .*SwiftShader.* \(software\)$/);
  await expect(trainer.fallbacks).toHaveCount(0);
  await expect(trainer.backendWarning).toHaveCount(0);
});

test('?backend=cpu uses the CPU backend', async ({ trainer }) => {
  await trainer.goto({ backend: 'cpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'cpu');
  await expect(trainer.badge).toHaveText('CPU · JavaScript on the CPU');
  await expect(trainer.backendWarning).toHaveCount(0);
  await expect(trainer.fallbacks).toHaveCount(0);
});
