/**
 * Faults, injected through the `?hooks=1` test hooks: a worker that dies is
 * restarted and the run continues from the last checkpoint; a NaN stops training with a
 * message naming epoch and batch and leaves the last good checkpoint in place; a full
 * storage is a warning, not a crash. CPU backend: no shader compilation, so restarts are quick.
 */
import { expect, test } from './fixtures';
import { RecoveryPanel } from './pages/RecoveryPanel';

const RUN_TIMEOUT_MS = 200_000;

test('a killed worker is restarted and training continues from the last checkpoint to the end', async ({
  trainer,
  page,
}) => {
  const recovery = new RecoveryPanel(page);
  // 1 epoch × 4 batches of 16, a checkpoint at every loss read.
  await trainer.goto({ epochs: 1, train: 64, batch: 16, test: 16, backend: 'cpu', seed: 5, checkpoint: 1, hooks: 1 });
  await trainer.waitUntilReady();
  await trainer.train();
  const writeMs = await recovery.waitForCheckpoint(1, 1);
  console.log(`[checkpoint] reference model, cpu backend: IndexedDB checkpoint written in ${writeMs.toFixed(0)} ms`);
  const saved = await recovery.checkpointPosition();
  await recovery.fault('kill-worker');

  await expect(recovery.notice('worker-restarted')).toHaveText(
    'The training worker stopped unexpectedly and was restarted. Training resumes from the last checkpoint.',
  );
  // Nothing after the checkpoint it resumed from was kept: at most that much work is lost.
  await expect(recovery.notice('resumed')).toContainText(
    /^Resumed from the checkpoint at epoch 1, batch [1-4] \(saved on cpu\), now training on cpu\.$/,
    { timeout: 120_000 },
  );
  const resumedAt = Number(/batch (\d)/.exec((await recovery.notice('resumed').textContent()) ?? '')?.[1]);
  expect(resumedAt).toBeGreaterThanOrEqual(saved.batch);
  await expect(recovery.offer).toHaveCount(0);

  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(trainer.finished).toContainText('Finished after 1 of 1 epochs');
  expect((await trainer.epochRows()).map((row) => row.epoch)).toEqual([1]);
  await expect(trainer.badge).toHaveAttribute('data-backend', 'cpu');
});

test('a NaN stops training with epoch and batch named, and the last good checkpoint survives a reload and resumes', async ({
  trainer,
  page,
}) => {
  const recovery = new RecoveryPanel(page);
  // 2 epochs × 2 batches; the interval is long, so the only checkpoint is the one after epoch 1.
  const run = { epochs: 2, train: 32, batch: 16, test: 16, backend: 'cpu', seed: 6, checkpoint: 3600, hooks: 1 };
  await trainer.goto(run);
  await trainer.waitUntilReady();
  // The first write fails as if the disk were full: a warning, and training goes on.
  await recovery.fault('quota');
  await trainer.train();
  await expect(recovery.notice('checkpoint-failed')).toHaveText(
    'A checkpoint could not be saved (the browser storage is full); there is no earlier one. Training continues.',
    { timeout: RUN_TIMEOUT_MS },
  );
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(recovery.checkpointStatus).toContainText('all 2 epochs done');

  // A second run: a NaN in epoch 2 after epoch 1's checkpoint.
  await trainer.train();
  await recovery.waitForCheckpoint(2, 0);
  await recovery.fault('nan');
  const error = trainer.error('non-finite-loss');
  await expect(error).toHaveText(
    /^The training loss became NaN in epoch 2, batch [12]; training stopped\. The last good checkpoint \(after epoch 1\) is kept: Resume continues from it\./,
    { timeout: RUN_TIMEOUT_MS },
  );
  await expect(trainer.finished).toContainText('Stopped after 1 of 2 epochs');
  await expect(recovery.checkpointStatus).toContainText('Last checkpoint: after epoch 1 of 2');

  // The checkpoint is intact: offered after a reload, and a resumed run finishes normally.
  await page.reload();
  await trainer.waitUntilReady();
  await expect(recovery.offer).toContainText('A saved run was found: after epoch 1 of 2');
  await recovery.offerResume.click();
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(trainer.finished).toContainText('Finished after 2 of 2 epochs');
  const rows = await trainer.epochRows();
  expect(rows.map((row) => row.epoch)).toEqual([1, 2]);
  expect(rows.every((row) => Number.isFinite(row.loss))).toBe(true);
});
