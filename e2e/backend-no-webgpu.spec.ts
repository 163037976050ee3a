/**
 * Backend fallback: Chromium without --enable-unsafe-webgpu still has `navigator.gpu` but no
 * adapter. WebGL 2 is SwiftShader here, a software GPU. When ?backend=webgpu asked for WebGPU,
 * the fixed ranking takes over (software GPUs below WASM) and the app says why, as a warning
 * and in the badge's "passed over" list; `auto` measures, and each candidate says why it lost.
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
const SOFTWARE_WEBGL =
  /^Not WebGL 2: .*SwiftShader.* \(software\) is not a real GPU \(the renderer names SwiftShader, a software rasterizer\); it trains slower than WASM on the CPU, so it ranks below WASM\.$/;

test('?backend=webgpu warns that it could not start and uses WASM, not the software WebGL', async ({ trainer }) => {
  await trainer.goto({ backend: 'webgpu', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.badge).toHaveText(/^WASM · SIMD · \d+ threads?$/);
  await expect(trainer.backendWarning).toHaveText(
    `The requested backend could not start: ${NO_ADAPTER} Using wasm instead.`,
  );
  const passedOver = trainer.fallbacks.getByRole('listitem');
  await expect(passedOver).toHaveCount(2);
  await expect(passedOver.nth(0)).toHaveText(`Not WebGPU: ${NO_ADAPTER}`);
  await expect(passedOver.nth(1)).toHaveText(SOFTWARE_WEBGL);
});

test('auto: WebGPU fails for want of an adapter, the software WebGL loses to WASM; each says why, no warning', async ({
  trainer,
}) => {
  await trainer.goto({ train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.decision).toHaveAttribute('data-how', 'measured');
  await expect(trainer.candidate('webgpu')).toHaveAttribute('data-status', 'failed');
  await expect(trainer.candidate('webgpu')).toHaveText(`WebGPU: Failed: ${NO_ADAPTER}`);
  await expect(trainer.candidate('wasm')).toHaveAttribute('data-status', 'measured');
  await expect(trainer.candidate('webgl')).toHaveAttribute('data-status', /^(measured|dropped|not-measured)$/);
  await expect(trainer.candidate('webgl')).toHaveText(/^WebGL 2: ([\d.]+ images\/s|Dropped: |Not measured: )/);
  await expect(trainer.backendWarning).toHaveCount(0);
});
