/**
 * Backend choice with the suite's Chromium flags. Headless Chromium here has only software
 * GPUs — WebGPU on a SwiftShader fallback adapter, WebGL 2 on ANGLE/SwiftShader — so `auto`,
 * which times the real training step on each candidate, picks WASM (threaded: the preview
 * server sends COOP/COEP) and shows every candidate's figure or the reason it has none; the
 * decision is stored and reused on the next load without measuring; "Measure again"
 * measures, and a candidate whose smoke test fails is skipped with its reason. `?backend=`
 * skips measuring, reaches the software GPUs, and a Train clicked while the GPU is still being
 * prepared starts the run when preparation ends. The no-adapter case is in
 * backend-no-webgpu.spec.ts (its own browser flags); the static host without isolation
 * headers is in backend-static.spec.ts. No real GPU is needed for any of it.
 */
import { expect, test } from './fixtures';

const MEASURED_DROPPED_OR_NOT = /^(measured|dropped|not-measured)$/;

test('auto times each candidate, trains on the fastest (WASM), stores the choice, and measures again on request', async ({
  trainer,
  page,
}) => {
  test.setTimeout(150_000);
  await trainer.goto({ epochs: 1, train: 64, test: 64, seed: 4, hooks: 1 });
  await expect(trainer.measuring, 'candidates are timed before the choice').toBeVisible();
  await trainer.waitUntilReady();
  expect(await page.evaluate(() => crossOriginIsolated), 'the preview server isolates the page (COOP + COEP)').toBe(
    true,
  );
  // XNNPACK uses every logical core the browser reports, up to 8 (scripts/vite-plugin-wasm-threads.ts).
  const threads = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.badge).toHaveText(`WASM · SIMD · ${threads} ${threads === 1 ? 'thread' : 'threads'}`);
  await expect(trainer.decision).toHaveAttribute('data-how', 'measured');
  await expect(trainer.candidate('wasm')).toHaveAttribute('data-status', 'measured');
  await expect(trainer.candidate('wasm')).toHaveText(
    /^WASM: [\d.]+ images\/s \([\d,]+ ms\/step\) Chosen: the fastest\.$/,
  );
  const wasmSpeed = Number(await trainer.candidate('wasm').getAttribute('data-images-per-second'));
  // The software GPUs come after WASM in ranking order: each loses, runs out of time, or is
  // not waited for once the data is ready (a first visit is ready when its data is).
  for (const gpu of ['webgpu', 'webgl']) {
    const line = trainer.candidate(gpu);
    await expect(line).toHaveAttribute('data-status', MEASURED_DROPPED_OR_NOT);
    const status = await line.getAttribute('data-status');
    if (status === 'measured')
      expect(Number(await line.getAttribute('data-images-per-second'))).toBeLessThan(wasmSpeed);
    else if (status === 'not-measured') await expect(line).toContainText(/Not measured: the data was ready/);
    else
      await expect(line).toContainText(
        /Dropped: still .+ (after [\d.]+ s, when WASM could have trained \d+ steps|when the data was ready)/,
      );
  }
  await expect(trainer.candidate('cpu')).toHaveAttribute('data-status', 'not-measured');
  await expect(trainer.fallbacks).toHaveCount(0);
  await expect(trainer.backendWarning).toHaveCount(0);
  // The speed panel lists the same figures.
  await expect(page.getByTestId('speed-candidate')).toHaveCount(4);

  // The wasm training kernels work in the page's worker: one epoch of two batches finishes.
  await trainer.train();
  expect(await trainer.waitForFinished(120_000)).toBe('completed');
  expect(Number.isFinite((await trainer.epochRows())[0]?.loss)).toBe(true);

  // A second visit reuses the stored decision: nothing is measured.
  const measuredAt = await trainer.decision.textContent();
  await page.reload();
  await trainer.waitUntilReady();
  await expect(trainer.decision).toHaveAttribute('data-how', 'stored');
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.candidate('wasm')).toHaveAttribute('data-status', 'measured');
  expect(await trainer.decision.textContent()).not.toBe(measuredAt);

  // "Measure again" measures; a candidate that fails its smoke test is skipped with the reason.
  await trainer.sabotageSmokeTest('webgl');
  await trainer.measureAgain.click();
  await trainer.waitUntilReady();
  await expect(trainer.decision).toHaveAttribute('data-how', 'measured');
  await expect(trainer.candidate('webgl')).toHaveAttribute('data-status', 'failed');
  await expect(trainer.candidate('webgl')).toHaveText(
    /^WebGL 2: Failed: webgl started but a test gradient step failed: expected loss 42\.25, got 0$/,
  );
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
});

test('?backend=webgl skips measuring; Train clicked while the GPU is prepared starts when preparation ends', async ({
  trainer,
}) => {
  test.setTimeout(120_000);
  await trainer.goto({ backend: 'webgl', epochs: 1, train: 64, test: 64, batch: 16, seed: 2 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgl');
  await expect(trainer.badge).toHaveText(/^WebGL 2 · .+ \(software\)$/);
  // The user's choice: nothing measured, nothing passed over, nothing failed.
  await expect(trainer.decision).toHaveCount(0);
  await expect(trainer.fallbacks).toHaveCount(0);
  await expect(trainer.backendWarning).toHaveCount(0);

  // Shaders are compiled before Train is needed, and Train stays clickable meanwhile.
  await expect(trainer.preparation).toHaveAttribute('data-stage', /^(compiling|warming)$/);
  await expect(trainer.preparation).toHaveText(/^Preparing the GPU: /);
  await trainer.trainButton.click();
  await expect(trainer.preparation).toContainText('Training starts when this ends.');
  await expect(trainer.trainButton).toBeDisabled();
  await trainer.waitForFirstBatch(90_000);
  await expect(trainer.preparation).toHaveAttribute('data-stage', 'done');
  const programs = Number(await trainer.preparation.getAttribute('data-programs'));
  expect(programs, 'programs compiled ahead of Train').toBeGreaterThan(50);
  // The run's first step found the step's programs ready: it compiled (almost) nothing itself.
  await expect(trainer.preparation).toHaveAttribute('data-compiled-by-first-step', /^\d+$/);
  const late = Number(await trainer.preparation.getAttribute('data-compiled-by-first-step'));
  console.log(`[preparation] webgl: ${programs} programs before Train; the first step compiled ${late} more`);
  expect(late).toBeLessThanOrEqual(5);
  await trainer.stop();
});

test('?backend=webgpu uses the software WebGPU adapter when asked and marks it; ?backend=cpu uses the CPU backend', async ({
  trainer,
}) => {
  await trainer.goto({ backend: 'webgpu', train: 64, test: 64 });
  // The badge is all this checks, and it is final once the backend has started: no need to wait for the data.
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(trainer.badge).toHaveText(/^WebGPU · .+ \(software\)$/);
  // The user's choice: nothing counts as passed over, nothing failed, nothing measured.
  await expect(trainer.fallbacks).toHaveCount(0);
  await expect(trainer.backendWarning).toHaveCount(0);
  await expect(trainer.decision).toHaveCount(0);

  await trainer.goto({ backend: 'cpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'cpu');
  await expect(trainer.badge).toHaveText('CPU · JavaScript on the CPU');
  await expect(trainer.backendWarning).toHaveCount(0);
  await expect(trainer.fallbacks).toHaveCount(0);
  // The CPU backend compiles nothing: there is no preparation to show.
  await expect(trainer.preparation).toHaveCount(0);
});
