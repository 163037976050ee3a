/**
 * Backend fallback: Chromium without --enable-unsafe-webgpu still has `navigator.gpu` but no
 * adapter, so the app must fall back to WebGL 2 and say why — as a warning when
 * ?backend=webgpu asked for it, in the badge's "passed over" list otherwise.
 *
 * A file of its own because `launchOptions` is a worker-scoped option: Playwright only
 * accepts it in `test.use` at the top level of a file, not inside `test.describe`.
 */
import config, { CHROMIUM_ARGS } from '../playwright.config';
import { expect, test } from './fixtures';

const WITHOUT_WEBGPU = CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu');
// `launchOptions` replaces the config's object, so keep its browser and drop only the flag.
test.use({ launchOptions: { executablePath: config.use?.launchOptions?.executablePath, args: WITHOUT_WEBGPU } });

const NO_ADAPTER = 'WebGPU is present but no adapter is available (the GPU is blocked or unsupported).';

test('?backend=webgpu warns that it could not start and uses WebGL', async ({ trainer }) => {
  await trainer.goto({ backend: 'webgpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgl');
  await expect(trainer.badge).toHaveText(/^WebGL 2 · .+ \(software\)$/);
  await expect(trainer.backendWarning).toHaveText(`The requested backend could not start: ${NO_ADAPTER} Using webgl instead.`);
  await expect(trainer.fallbacks.getByRole('listitem')).toHaveText([`Not WebGPU: ${NO_ADAPTER}`]);
});

test('auto passes over WebGPU, says why, and uses WebGL without a warning', async ({ trainer }) => {
  await trainer.goto({ train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgl');
  await expect(trainer.fallbacks.getByRole('listitem')).toHaveText([`Not WebGPU: ${NO_ADAPTER}`]);
  await expect(trainer.backendWarning).toHaveCount(0);
});
