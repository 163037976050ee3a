/**
 * Backend choice with the suite's Chromium flags: WebGPU runs on SwiftShader, so auto picks
 * it and the badge says it is software; ?backend= overrides the choice. The fallback when
 * WebGPU has no adapter is in backend-no-webgpu.spec.ts, which needs its own browser flags.
 * No real GPU is needed for any of it.
 */
import { expect, test } from './fixtures';

test('auto picks WebGPU and marks the software adapter', async ({ trainer }) => {
  await trainer.goto();
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(trainer.badge).toHaveText(/^WebGPU · .+ \(software\)$/);
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
