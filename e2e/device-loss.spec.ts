/**
 * A lost WebGPU device: the browser can take the GPU away mid-run. A test hook
 * calls `device.destroy()` on the worker's WebGPU device (SwiftShader here); the app must
 * say so, restart on the next backend and resume the run from the last checkpoint. Here the
 * next backend is WASM: this machine's WebGL is SwiftShader too, which ranks below WASM.
 */
import { expect, test } from './fixtures';
import { RecoveryPanel } from './pages/RecoveryPanel';

const RUN_TIMEOUT_MS = 220_000;

test('a lost WebGPU device: the run continues on the next backend from the last checkpoint, and the message says so', async ({
  trainer,
  page,
}) => {
  test.setTimeout(420_000);
  const recovery = new RecoveryPanel(page);
  await trainer.goto({
    epochs: 1,
    train: 64,
    batch: 16,
    test: 16,
    backend: 'webgpu',
    seed: 7,
    checkpoint: 1,
    hooks: 1,
  });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'webgpu');
  await trainer.train();
  const writeMs = await recovery.waitForCheckpoint(1, 1, RUN_TIMEOUT_MS);
  console.log(
    `[checkpoint] reference model, webgpu (SwiftShader): IndexedDB checkpoint written in ${writeMs.toFixed(0)} ms`,
  );
  await recovery.fault('lose-device');

  await expect(recovery.notice('device-lost')).toHaveText(
    /^The WebGPU device was lost \(destroyed.*\)\. Restarted on the next backend; webgpu is not used again in this tab\. Training resumes from the last checkpoint\.$/,
  );
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await expect(recovery.notice('resumed')).toContainText(
    /^Resumed from the checkpoint at epoch 1, batch [1-4] \(saved on webgpu\), now training on wasm\.$/,
    { timeout: 120_000 },
  );
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(trainer.finished).toContainText('Finished after 1 of 1 epochs');
  expect((await trainer.epochRows()).map((row) => row.epoch)).toEqual([1]);
});
