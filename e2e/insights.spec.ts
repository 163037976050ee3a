/**
 * The views that show what the network learned, after a tiny WASM run: the confusion
 * matrix sums to the test images used, an off-diagonal cell opens a gallery of exactly those
 * mistakes, drawing shows feature maps, and the speed panel names the backend and a positive
 * images/s. Each view is saved as a screenshot under test-results/insights/.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SEVEN_STROKE } from './pages/TrainerPage';

const TEST_IMAGES = 300;
const SHOTS = 'test-results/insights';

async function shot(page: Page, testId: string, name: string): Promise<void> {
  const path = `${SHOTS}/${name}.png`;
  await page.getByTestId(testId).screenshot({ path });
  console.log(`[insights] screenshot ${path}`);
}

test('after a short run: matrix, gallery, summary, feature maps and speed panel', async ({ trainer, page }) => {
  await trainer.goto({ epochs: 1, train: 64, test: TEST_IMAGES, backend: 'wasm', seed: 3 });
  await trainer.waitUntilReady();

  // The summary is there from the start: the reference model's numbers.
  const summary = page.getByTestId('model-summary');
  await expect(page.getByTestId('summary-total')).toContainText('430,210');
  await expect(page.getByTestId('summary-trainable')).toContainText('429,930');
  await expect(page.getByTestId('summary-non-trainable')).toContainText('280');
  await expect(page.getByTestId('summary-macs')).toContainText('5,765,248');

  await trainer.train();
  await trainer.waitForFirstBatch(180_000);

  await expect(page.getByTestId('speed-backend')).toContainText('WASM');
  await expect
    .poll(async () => Number(await page.getByTestId('speed-images-per-second').getAttribute('data-value')))
    .toBeGreaterThan(0);
  await expect(page.getByTestId('speed-tensors')).toHaveText(/\d/);
  expect(await trainer.waitForFinished(240_000)).toBe('completed');

  // The matrix covers every test image used, and its diagonal is the test accuracy.
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-total', String(TEST_IMAGES));
  const cells = page.getByTestId('confusion-cell');
  await expect(cells).toHaveCount(100);
  const counts = await cells.evaluateAll((buttons) =>
    buttons.map((b) => ({
      label: Number(b.getAttribute('data-label')),
      predicted: Number(b.getAttribute('data-predicted')),
      count: Number(b.getAttribute('data-count')),
    })),
  );
  expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(TEST_IMAGES);
  const correct = counts.filter((c) => c.label === c.predicted).reduce((sum, c) => sum + c.count, 0);
  const [row] = await trainer.epochRows();
  expect(row!.testAccuracy).toBeCloseTo((100 * correct) / TEST_IMAGES, 1);
  await expect(page.getByTestId('class-metrics')).toBeVisible();
  // Main-thread cost of the matrix: the evaluation message's arrival to the matrix's DOM commit.
  const matrixMs = await page.evaluate(() =>
    performance.getEntriesByName('confusion-matrix').map((entry) => entry.duration),
  );
  expect(matrixMs.length).toBeGreaterThan(0);
  console.log(
    `[insights] confusion matrix: evaluation received → DOM committed in ${matrixMs.map((ms) => ms.toFixed(1)).join(', ')} ms`,
  );

  // The biggest off-diagonal cell opens a gallery of exactly those mistakes, from the keyboard too.
  const mistakes = counts.filter((c) => c.label !== c.predicted).sort((a, b) => b.count - a.count);
  const worst = mistakes[0]!;
  expect(worst.count).toBeGreaterThan(0);
  const cell = page.locator(
    `[data-testid="confusion-cell"][data-label="${worst.label}"][data-predicted="${worst.predicted}"]`,
  );
  await cell.focus();
  await page.keyboard.press('Enter');
  const gallery = page.getByTestId('gallery');
  await expect(gallery).toHaveAttribute('data-total', String(worst.count));
  const items = page.getByTestId('gallery-item');
  await expect(items).toHaveCount(Math.min(worst.count, 48));
  for (const item of await items.all()) {
    await expect(item).toHaveAttribute('data-label', String(worst.label));
    await expect(item).toHaveAttribute('data-predicted', String(worst.predicted));
  }
  const confidences = await items.evaluateAll((elements) =>
    elements.map((e) => Number(e.getAttribute('data-confidence'))),
  );
  expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
  await shot(page, 'gallery', 'gallery');

  // All misclassified: as many as the matrix's off-diagonal sum, paged by 48.
  await page.getByTestId('gallery-misclassified').click();
  await expect(gallery).toHaveAttribute('data-total', String(TEST_IMAGES - correct));
  if (TEST_IMAGES - correct > 48) {
    await page.getByTestId('gallery-next').click();
    await expect(items).toHaveCount(Math.min(TEST_IMAGES - correct - 48, 48));
  }
  await shot(page, 'confusion-matrix', 'confusion-matrix');
  await page.getByTestId('gallery-close').click();
  await expect(gallery).toHaveCount(0);

  // Feature maps follow the drawing.
  await expect(page.getByTestId('feature-layer')).toHaveCount(0);
  await trainer.drawDigit([SEVEN_STROKE]);
  const layers = page.getByTestId('feature-layer');
  await expect(layers).toHaveCount(6);
  await expect(layers.first()).toHaveAttribute('data-channels', '8');
  await expect(layers.nth(5)).toHaveAttribute('data-channels', '64');
  await shot(page, 'feature-maps', 'feature-maps');
  await trainer.clearButton.click();
  await expect(page.getByTestId('feature-layer')).toHaveCount(0);

  await shot(page, 'speed-panel', 'speed-panel');
  await summary.evaluate((element) => element instanceof HTMLDetailsElement && (element.open = true));
  await shot(page, 'model-summary', 'model-summary');
});
