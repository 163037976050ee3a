/**
 * Our WebGL and WebGPU training kernels (src/backend/webgl, src/backend/webgpu) in real
 * Chromium on SwiftShader, on a test-only page (e2e/kernel-check/, built into
 * node_modules/.cache/ and served by request interception; the app never contains it):
 *   - each kernel on random inputs of several shapes matches plain TF.js ops on the cpu
 *     backend to 1e-4 relative, in the number of GPU programs its design says;
 *   - 10 steps of the app's training step and of the plain tfjs-layers + tf.train.adam step
 *     from the same seed give the same losses to 1e-3 on WebGL (batch 4);
 *   - one step of the reference model dispatches at most a third of the baseline's kernels
 *     (as tf.profile counts them) and at most a third of its GPU programs (counted at the backend) on WebGL
 *     and WebGPU, and fewer kernels than our step without the kernels.
 * Kernel and program counts do not depend on the batch size, so the step tests use batch 4
 * to stay short.
 * All tests share one page, so each backend compiles a program once for the whole file (the
 * loss test's steps warm the program caches the count tests then use).
 */
import type { Page } from '@playwright/test';
import { ConsoleGuard, describeProblem, expect, test } from './fixtures';
import { buildKernelCheckPage, openKernelCheckPage } from './kernel-check/serve';

const BACKENDS = ['webgl', 'webgpu'] as const;

/** GPU programs per kernel call, by design (see the kernels' file comments). */
const PROGRAMS: Record<(typeof BACKENDS)[number], Record<string, number>> = {
  webgl: {
    AppAdamUpdate: 3,
    AppChannelMoments: 3,
    'AppChannelMoments+moving': 5,
    AppBatchNormApply: 1,
    'AppBatchNormApply+relu': 1,
    AppBatchNormGrad: 4,
    'AppBatchNormGrad+relu': 4,
  },
  webgpu: {
    AppAdamUpdate: 3,
    AppChannelMoments: 2,
    'AppChannelMoments+moving': 4,
    AppBatchNormApply: 1,
    'AppBatchNormApply+relu': 1,
    AppBatchNormGrad: 3,
    'AppBatchNormGrad+relu': 4,
  },
};

test.describe.configure({ mode: 'serial' });

let page: Page;
let guard: ConsoleGuard;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await buildKernelCheckPage();
  page = await browser.newPage();
  // The shared page gets the same console check as every test's own page (e2e/fixtures.ts).
  guard = new ConsoleGuard(page);
  await openKernelCheckPage(page);
});

test.afterEach(() => {
  expect(guard.unexpected().map(describeProblem), 'console errors on the kernel check page').toEqual([]);
});

test.afterAll(async () => {
  guard.stop();
  await page.close();
});

for (const backend of BACKENDS) {
  test(`${backend}: our kernels match plain TF.js ops on the cpu backend to 1e-4`, async ({
    browserName: _browser,
  }, testInfo) => {
    const results = await page.evaluate((name) => window.kernelCheck!.compareKernels(name), backend);
    const worst = new Map<string, number>();
    for (const result of results) {
      const key = `${result.kernel} ${result.output}`;
      worst.set(key, Math.max(worst.get(key) ?? 0, result.error));
    }
    const summary = [...worst]
      .map(([key, error]) => `${backend} ${key}: max relative error ${error.toExponential(2)}`)
      .join('\n');
    console.log(summary);
    await testInfo.attach(`${backend}-kernel-errors.json`, {
      body: JSON.stringify(results, null, 1),
      contentType: 'application/json',
    });
    // Per batch-norm shape: moments (2 outputs), with moving statistics (4), apply and apply+ReLU (1 each),
    // the gradient and the gradient through the ReLU (3 each); per Adam shape 3.
    expect(results.length).toBe(5 * (2 + 4 + 1 + 1 + 3 + 3) + 4 * 3);
    for (const result of results) {
      const where = `${result.kernel} ${result.output} [${result.shape.join(', ')}] on ${backend}`;
      expect(result.error, where).toBeLessThanOrEqual(1e-4);
      expect(result.programs, `GPU programs of ${where}`).toBe(PROGRAMS[backend][result.kernel]);
    }
  });
}

test('webgl: 10 steps of our step and of the plain tfjs-layers + tf.train.adam step give the same losses to 1e-3', async () => {
  test.setTimeout(300_000);
  const [ours, baseline] = await page.evaluate(async () => {
    const check = window.kernelCheck!;
    return [await check.trainLosses('webgl', 'ours', 10, 4, 3), await check.trainLosses('webgl', 'baseline', 10, 4, 3)];
  });
  console.log(
    `webgl losses, ours: ${ours.map((loss) => loss.toFixed(5)).join(' ')}\nwebgl losses, baseline: ${baseline.map((loss) => loss.toFixed(5)).join(' ')}`,
  );
  expect(ours).toHaveLength(10);
  // The curve must move, or agreeing would prove nothing.
  expect(Math.abs(ours[9]! - ours[0]!)).toBeGreaterThan(1e-2);
  ours.forEach((loss, step) =>
    expect(Math.abs(loss - baseline[step]!), `step ${step + 1}: ${loss} vs ${baseline[step]}`).toBeLessThanOrEqual(
      1e-3 * Math.max(1, Math.abs(baseline[step]!)),
    ),
  );
});

for (const backend of BACKENDS) {
  test(`${backend}: one training step dispatches at most a third of the tfjs-layers baseline's kernels and GPU programs`, async () => {
    test.setTimeout(420_000);
    const counts = await page.evaluate(async (name) => {
      const check = window.kernelCheck!;
      return [
        await check.countStep(name, 'ours', 4),
        await check.countStep(name, 'ours-composed', 4),
        await check.countStep(name, 'baseline', 4),
      ];
    }, backend);
    const [ours, composed, baseline] = counts.map((count) => count!);
    console.log(
      counts
        .map(
          (count) => `${backend} ${count!.kind}: ${count!.kernels} kernels, ${count!.programs} GPU programs per step`,
        )
        .join('\n'),
    );
    expect(
      ours!.byName.find(([name]) => name === 'AppAdamUpdate')?.[1],
      'one fused Adam kernel per trainable variable',
    ).toBe(34);
    expect(ours!.kernels).toBeLessThan(composed!.kernels);
    expect(ours!.kernels).toBeLessThanOrEqual(baseline!.kernels / 3);
    expect(ours!.programs).toBeLessThanOrEqual(baseline!.programs / 3);
  });
}
