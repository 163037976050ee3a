/**
 * A tiny real training run on WASM (the backend this machine trains on; the GPU backends'
 * training is checked in gpu-kernels.spec.ts and device-loss.spec.ts): the run finishes, the
 * table, the charts and the progress line show it, and Stop ends a longer run early.
 * Main-thread long tasks during training are measured and reported, not asserted: timings on
 * a shared 2-core machine are too noisy for a bound.
 */
import { expect, test } from './fixtures';
import { SEVEN_STROKE } from './pages/TrainerPage';

/** Two epochs of two batches each. */
const SMALL_RUN = { epochs: 2, train: 64, test: 64, backend: 'wasm', seed: 1 } as const;
const RUN_TIMEOUT_MS = 180_000;

test('a two-epoch WASM run finishes and reports every epoch', async ({ trainer }, testInfo) => {
  await trainer.observeLongTasks();
  await trainer.goto(SMALL_RUN);
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expect(trainer.badge).toContainText('WASM');
  await expect(trainer.runSummary).toContainText('64 training / 64 test images · batch 32 · 2 epochs');
  await expect(trainer.epochRowLocator).toHaveCount(0);

  // A digit drawn before training is classified by the untrained model...
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect(trainer.guess).toHaveText(/^It looks like a \d/);
  await expect(trainer.untrainedNote).toBeVisible();

  const trainStart = await trainer.now();
  await trainer.train();
  await expect(trainer.trainButton).toBeDisabled();
  await expect(trainer.stopButton).toBeEnabled();

  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  const trainEnd = await trainer.now();
  await expect(trainer.finished).toContainText('Finished after 2 of 2 epochs');

  // The table: exactly the two epochs, in order, with finite, sensible numbers.
  const rows = await trainer.epochRows();
  expect(rows.map((row) => row.epoch)).toEqual([1, 2]);
  for (const row of rows) {
    const values = [row.loss, row.accuracy, row.testLoss, row.testAccuracy, row.seconds];
    expect(values.every(Number.isFinite), `finite numbers in ${row.cells.join(' | ')}`).toBe(true);
    expect(row.loss).toBeGreaterThan(0);
    expect(row.testLoss).toBeGreaterThan(0);
    for (const accuracy of [row.accuracy, row.testAccuracy]) {
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(100);
    }
    expect(row.seconds).toBeGreaterThan(0);
  }

  // The charts: one point per epoch, and recharts actually drew the train and test lines.
  for (const chart of [trainer.lossChart, trainer.accuracyChart]) {
    await expect(chart).toHaveAttribute('data-points', '2');
    const curves = chart.locator('path.recharts-curve');
    await expect(curves).toHaveCount(2);
    for (const curve of await curves.all()) await expect(curve).toHaveAttribute('d', /^M[^L]+L/);
  }
  expect(await trainer.batchPoints()).toBeGreaterThan(0);
  await expect(trainer.batchChart.locator('path.recharts-curve')).toHaveAttribute('d', /^M/);

  // ...and re-classified with the trained weights without being redrawn.
  await expect(trainer.untrainedNote).toBeHidden();
  await expect(trainer.guess).toHaveText(/^It looks like a \d/);

  // The progress line and bar, and the time-to-first-batch note.
  await expect(trainer.progressText).toContainText('Epoch 2/2');
  await expect(trainer.progressText).toContainText(/batch 2\/2 · [\d.]+ images\/s/);
  await expect(trainer.progressBar).toHaveJSProperty('value', 1);
  await expect(trainer.firstBatchNote).toHaveText(/^First batch \d+\.\d s after Train\.$/);

  // Back to ready, and the model can be trained again.
  await expect(trainer.phase).toHaveAttribute('data-phase', 'ready');
  await expect(trainer.trainButton).toBeEnabled();
  await expect(trainer.trainButton).toHaveText('Train again');
  await expect(trainer.stopButton).toBeDisabled();

  // Long tasks on the main thread while the worker trained: reported, not asserted.
  const supported = await trainer.longTasksSupported();
  const during = (await trainer.longTasks()).filter(
    (task) => task.startTime >= trainStart && task.startTime <= trainEnd,
  );
  const longest = during.reduce((max, task) => Math.max(max, task.duration), 0);
  const figures = {
    longTaskApiSupported: supported,
    trainingWindowMs: Math.round(trainEnd - trainStart),
    longTasks: during.length,
    longestMs: Math.round(longest),
    totalMs: Math.round(during.reduce((sum, task) => sum + task.duration, 0)),
    tasks: during.map((task) => ({
      atMs: Math.round(task.startTime - trainStart),
      durationMs: Math.round(task.duration),
    })),
  };
  console.log(
    `[long tasks] main thread during training (${(figures.trainingWindowMs / 1000).toFixed(1)} s): ` +
      `${figures.longTasks} long task(s), longest ${figures.longestMs} ms, total ${figures.totalMs} ms` +
      (supported ? '' : ' (longtask entries unsupported in this browser)') +
      (during.length > 0
        ? `; longest five: ${[...figures.tasks]
            .sort((a, b) => b.durationMs - a.durationMs)
            .slice(0, 5)
            .map((task) => `${task.durationMs} ms at +${(task.atMs / 1000).toFixed(1)} s`)
            .join(', ')}`
        : ''),
  );
  await testInfo.attach('long-tasks.json', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
});

test('Stop ends a longer run early and Train is offered again', async ({ trainer }) => {
  // 3 epochs × 1,875 batches: minutes even on a fast machine, so it can only end early by
  // stopping; Stop comes right after the first batch, so the size costs nothing.
  await trainer.goto({ epochs: 3, train: 60_000, test: 64, backend: 'wasm', seed: 2 });
  await trainer.waitUntilReady();
  await expect(trainer.stopButton).toBeDisabled();

  await trainer.train();
  await trainer.waitForFirstBatch(RUN_TIMEOUT_MS);
  await expect(trainer.progressText).toContainText(/^Epoch 1\/3 · batch \d+\/1,875 /);
  await trainer.stop();

  expect(await trainer.waitForFinished(60_000)).toBe('stopped');
  await expect(trainer.finished).toContainText(/^Stopped after [0-2] of 3 epochs/);
  await expect(trainer.epochRowLocator).not.toHaveCount(3);
  await expect(trainer.phase).toHaveAttribute('data-phase', 'ready');
  await expect(trainer.phase).toHaveText('Training stopped.');
  await expect(trainer.trainButton).toBeEnabled();
  await expect(trainer.trainButton).toHaveText('Train again');
  await expect(trainer.stopButton).toBeDisabled();
});
