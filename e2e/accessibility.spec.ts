/**
 * Accessibility: axe finds no serious or critical violation when the page is ready, while it
 * trains, after an epoch, with a confusion-matrix cell's gallery open and after an import
 * error; the whole run is driven from the keyboard (Tab to Train, start, pause, resume, open
 * the largest matrix cell with the arrow keys, page its gallery, clear the pad once a pointer
 * has drawn on it); and the polite live region announces milestones (phases, quarters of the
 * run, each finished epoch), never single batches. (The compare view is audited in
 * compare.spec.ts, after its comparison.) One WASM run of two epochs of 256 images: long
 * enough to pause in, and 1,024 test images so the largest cell fills more than one gallery page.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PageLayout } from './pages/PageLayout';
import { SEVEN_STROKE } from './pages/TrainerPage';

const RUN = { backend: 'wasm', epochs: 2, train: 256, test: 1024, batch: 32, seed: 2 };
const RUN_TIMEOUT_MS = 180_000;
const GALLERY_PAGE = 48;

/** The test id of the focused element ('' when it has none). */
const focusedTestId = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? '');

/** Presses Tab (or Shift+Tab) until the element with `testId` has focus; fails after `most` presses. */
async function tabTo(page: Page, testId: string, { backwards = false, most = 60 } = {}): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if ((await focusedTestId(page)) === testId) return presses;
  }
  throw new Error(`${most} presses of ${backwards ? 'Shift+Tab' : 'Tab'} never reached ${testId}`);
}

test('axe in every state, and a keyboard-only run with its announcements', async ({ trainer, page }) => {
  const layout = new PageLayout(page);
  await layout.recordAnnouncements();
  await trainer.goto(RUN);
  await trainer.waitUntilReady();
  await expect(layout.announcer).toHaveText('Ready to train.');
  expect(await layout.seriousViolations(), 'ready').toEqual([]);

  // Tab to Train and start; focus stays in the row of buttons when Train becomes disabled.
  const presses = await tabTo(page, 'train', { most: 12 });
  console.log(`[keyboard] Train is ${presses} Tab presses from the top of the page`);
  await page.keyboard.press('Enter');
  await expect(trainer.phase).toHaveAttribute('data-phase', 'training');
  expect(await focusedTestId(page)).toBe('stop');
  expect(await layout.seriousViolations(), 'training').toEqual([]);

  // Pause, then Resume (focus moves from the disabled Pause to Resume).
  await tabTo(page, 'pause', { most: 2 });
  await page.keyboard.press('Enter');
  await expect(trainer.phase).toHaveText(/^Paused; checkpoint saved/, { timeout: 60_000 });
  await expect(layout.announcer).toHaveText(/^Paused; checkpoint saved/);
  expect(await focusedTestId(page)).toBe('resume');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="recovery-notice"][data-kind="resumed"]')).toBeVisible();
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  await expect(layout.announcer).toHaveText(/^Training finished\. Test accuracy \d+\.\d\d %, test loss \d\.\d{4}\.$/);
  expect(await layout.seriousViolations(), 'after an epoch').toEqual([]);

  // The matrix is one Tab stop; the arrow keys walk to its largest cell, Enter opens it.
  const cells = page.getByTestId('confusion-cell');
  const counts = await cells.evaluateAll((buttons) =>
    buttons.map((b) => ({
      label: Number(b.dataset.label),
      predicted: Number(b.dataset.predicted),
      count: Number(b.dataset.count),
    })),
  );
  const largest = counts.reduce((a, b) => (b.count > a.count ? b : a));
  expect(largest.count, 'the largest cell fills more than a page').toBeGreaterThan(GALLERY_PAGE);
  await tabTo(page, 'confusion-cell');
  for (let i = 0; i < largest.label; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < largest.predicted; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const gallery = page.getByTestId('gallery');
  await expect(gallery).toHaveAttribute('data-total', String(largest.count));
  await expect(gallery).toHaveAttribute('data-loading', 'false');
  expect(await layout.seriousViolations(), 'a matrix cell open').toEqual([]);

  // Page the gallery.
  await tabTo(page, 'gallery-next', { most: 8 });
  await page.keyboard.press('Enter');
  await expect(gallery).toHaveAttribute('data-offset', String(GALLERY_PAGE));

  // The one pointer use: a digit on the pad (drawing leaves focus there), which the keyboard clears.
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect(trainer.guess).toContainText('It looks like a');
  await tabTo(page, 'draw-clear', { most: 1 });
  await page.keyboard.press('Enter');
  await expect(trainer.guess).toHaveText('Draw with the mouse, a pen or a finger.');

  // An import error.
  await page.getByTestId('import-files').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": {') },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8) },
  ]);
  await expect(trainer.error('import')).toBeVisible();
  expect(await layout.seriousViolations(), 'an import error').toEqual([]);

  // The live region spoke at milestones only: phases, quarters of the run, epochs and the outcome.
  const said = await layout.announcements();
  console.log(`[live region] ${said.length} announcements: ${said.join(' | ')}`);
  expect(said).toContain('Training…');
  // The first epoch's result while the second trains (the last one's is in the outcome).
  expect(
    said.some((text) => /^Epoch 1 of 2 finished\. Test accuracy \d+\.\d\d %, test loss \d\.\d{4}\.$/.test(text)),
  ).toBe(true);
  expect(said.some((text) => text.startsWith('Training finished. Test accuracy'))).toBe(true);
  const milestone =
    /^(Ready to train\.|Training…|Resuming from the checkpoint…|Training (25|50|75|100) % done, in epoch [12] of 2\.|Epoch [12] of 2 finished\. .*|Paused; .*|Training finished\. .*|Downloading .*|Uploading .*|Starting .*)$/;
  expect(said.filter((text) => text !== '' && !milestone.test(text))).toEqual([]);
  expect(said.length).toBeLessThanOrEqual(16);
});
