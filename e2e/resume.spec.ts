/**
 * Checkpoints and resume: a reload in the middle of training offers Resume, and
 * the resumed run continues the same epoch counter and charts to the right final count;
 * Pause and Resume do the same within one page. Small WebGL runs (SwiftShader here).
 */
import { expect, test } from './fixtures';
import { RecoveryPanel } from './pages/RecoveryPanel';

const RUN_TIMEOUT_MS = 200_000;

test('reload mid-training → Resume: the epoch counter and charts continue, and the run ends after the right number of epochs', async ({
  trainer,
  page,
}) => {
  const recovery = new RecoveryPanel(page);
  // 2 epochs × 3 batches, a checkpoint at every loss read (checkpoint=1 s).
  const run = { epochs: 2, train: 96, test: 32, backend: 'webgl', seed: 3, checkpoint: 1 };
  await trainer.goto(run);
  await trainer.waitUntilReady();
  await expect(recovery.offer).toHaveCount(0);
  await expect(recovery.checkpointStatus).toContainText('No checkpoint yet');
  await trainer.train();

  // Wait for the end of epoch 1 and a checkpoint inside epoch 2, then reload mid-epoch.
  await expect(trainer.epochRowLocator).toHaveCount(1, { timeout: RUN_TIMEOUT_MS });
  const writeMs = await recovery.waitForCheckpoint(2, 1);
  const saved = await recovery.checkpointPosition();
  const pointsBefore = await trainer.batchPoints();
  const rowBefore = (await trainer.epochRows())[0]!;
  console.log(
    `[checkpoint] reference model, webgl (SwiftShader): IndexedDB checkpoint written in ${writeMs.toFixed(0)} ms (${await recovery.checkpointStatus.textContent()})`,
  );
  expect(writeMs).toBeGreaterThan(0);
  await page.reload();

  // The offer names where the run stands; nothing restarts until the user chooses.
  await trainer.waitUntilReady();
  await expect(recovery.offer).toContainText(
    `A saved run was found: epoch ${saved.epoch} of 2, batch ${saved.batch}/3`,
  );
  await expect(trainer.epochRowLocator).toHaveCount(0);
  await recovery.offerResume.click();

  // The charts come back at once: epoch 1's row (same numbers) and the batch curve so far.
  await expect(recovery.offer).toHaveCount(0);
  await expect(trainer.epochRowLocator).toHaveCount(1);
  expect((await trainer.epochRows())[0]!.cells).toEqual(rowBefore.cells);
  await expect(trainer.lossChart).toHaveAttribute('data-points', '1');
  expect(await trainer.batchPoints()).toBeGreaterThanOrEqual(pointsBefore - 1);
  await expect(recovery.notice('resumed')).toContainText(
    `Resumed from the checkpoint at epoch ${saved.epoch}, batch ${saved.batch} (saved on webgl), now training on webgl.`,
  );
  await expect(trainer.progressText).toContainText('Epoch 2/2');

  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(trainer.finished).toContainText('Finished after 2 of 2 epochs');
  expect((await trainer.epochRows()).map((row) => row.epoch)).toEqual([1, 2]);
  await expect(trainer.lossChart).toHaveAttribute('data-points', '2');
  expect(await trainer.batchPoints()).toBeGreaterThan(pointsBefore);
  await expect(trainer.progressText).toContainText('batch 3/3');

  // A finished run is not offered again after another reload.
  await page.reload();
  await trainer.waitUntilReady();
  await expect(recovery.checkpointStatus).toContainText('all 2 epochs done');
  await expect(recovery.offer).toHaveCount(0);
});

test('Pause saves a checkpoint and Resume continues the same run without a reload', async ({ trainer, page }) => {
  const recovery = new RecoveryPanel(page);
  await trainer.goto({ epochs: 1, train: 96, test: 32, backend: 'webgl', seed: 4 });
  await trainer.waitUntilReady();
  await trainer.train();
  await trainer.waitForFirstBatch(RUN_TIMEOUT_MS);
  await recovery.pauseButton.click();
  await expect(trainer.phase).toHaveText(
    /^Paused; checkpoint saved at epoch 1, batch [123]\. Resume continues from there\.$/,
    { timeout: 60_000 },
  );
  const paused = await recovery.checkpointPosition();
  expect(paused.epoch).toBe(1);
  await expect(recovery.resumeButton).toBeEnabled();

  await recovery.resumeButton.click();
  await expect(recovery.notice('resumed')).toContainText(
    `Resumed from the checkpoint at epoch 1, batch ${paused.batch}`,
  );
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(trainer.finished).toContainText('Finished after 1 of 1 epochs');
  expect((await trainer.epochRows()).map((row) => row.epoch)).toEqual([1]);
});
