/**
 * The drawing pad with real mouse events: a drawn "7" becomes a 28×28 input the preview
 * shows and the (untrained) model classifies into ten probabilities; Clear and Escape wipe
 * both. WASM: nothing here trains, and it classifies each stroke update in milliseconds, so
 * the bars settle at once.
 */
import { expect, test } from './fixtures';
import type { TrainerPage } from './pages/TrainerPage';
import { SEVEN_STROKE } from './pages/TrainerPage';

const PREDICTION_TIMEOUT_MS = 30_000;

/** Waits for a classification of the drawing and checks it is a probability distribution. */
async function expectDistribution(trainer: TrainerPage): Promise<void> {
  await expect(trainer.guess).toHaveText(/^It looks like a \d \(\d+\.\d %\)$/, { timeout: PREDICTION_TIMEOUT_MS });
  // Predictions for the stroke's last moves can still arrive: read the bars once they stop changing.
  let probabilities = await trainer.probabilities();
  await expect
    .poll(
      async () => {
        const previous = probabilities;
        probabilities = await trainer.probabilities();
        return probabilities.every((p, i) => p === previous[i]);
      },
      { message: 'the bars settle', intervals: [250] },
    )
    .toBe(true);
  expect(probabilities).toHaveLength(10);
  for (const p of probabilities) {
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  }
  expect(Math.abs(probabilities.reduce((sum, p) => sum + p, 0) - 1)).toBeLessThanOrEqual(1e-3);
  // The guess names the most probable digit, and its bar text shows the same number.
  const best = probabilities.indexOf(Math.max(...probabilities));
  await expect(trainer.guess).toContainText(`It looks like a ${best} `);
  await expect(trainer.probability(best)).toHaveText(`${((probabilities[best] ?? NaN) * 100).toFixed(1)} %`);
}

/** Waits until nothing is classified: every bar at 0 and the preview black. */
async function expectCleared(trainer: TrainerPage): Promise<void> {
  for (let digit = 0; digit < 10; digit++) {
    await expect(trainer.probability(digit)).toHaveAttribute('data-value', '0');
    await expect(trainer.probability(digit)).toHaveText('0.0 %');
  }
  await expect(trainer.guess).toHaveText('Draw with the mouse, a pen or a finger.');
  await expect
    .poll(async () => (await trainer.canvasInk(trainer.preview)).litPixels, { message: 'lit preview pixels' })
    .toBe(0);
  await expect
    .poll(async () => (await trainer.canvasInk(trainer.canvas)).litPixels, { message: 'lit pad pixels' })
    .toBe(0);
}

test('a drawn 7 is previewed as 28×28 and classified; Clear and Escape reset it', async ({ trainer }) => {
  await trainer.goto({ backend: 'wasm', train: 64, test: 64 });
  await trainer.waitUntilReady();
  await expect(trainer.badge).toHaveAttribute('data-backend', 'wasm');
  await expectCleared(trainer);

  // Draw: ink on the pad, and a classification of it.
  await trainer.drawDigit([SEVEN_STROKE]);
  const pad = await trainer.canvasInk(trainer.canvas);
  expect(pad.litPixels, 'white ink on the 280×280 pad').toBeGreaterThan(1000);
  await expectDistribution(trainer);
  await expect(trainer.untrainedNote).toBeVisible();

  // The preview is what the model sees: the digit scaled into MNIST's 20-pixel box, centred in 28×28.
  const preview = await trainer.canvasInk(trainer.preview);
  expect([preview.width, preview.height]).toEqual([28, 28]);
  expect(preview.litPixels).toBeGreaterThan(20);
  expect(preview.maxLevel).toBeGreaterThan(200);
  const { box, centre } = preview;
  if (!box || !centre) throw new Error('the preview has no ink');
  expect(Math.max(box.right - box.left + 1, box.bottom - box.top + 1)).toBeLessThanOrEqual(20);
  expect(Math.abs(centre.x - 13.5)).toBeLessThanOrEqual(1);
  expect(Math.abs(centre.y - 13.5)).toBeLessThanOrEqual(1);

  // The Clear button wipes pad, preview and bars.
  await trainer.clearButton.click();
  await expectCleared(trainer);

  // Draw again; the stroke focused the pad, so Escape clears it from the keyboard.
  await trainer.drawDigit([SEVEN_STROKE]);
  await expectDistribution(trainer);
  await expect(trainer.canvas).toBeFocused();
  await trainer.page.keyboard.press('Escape');
  await expectCleared(trainer);
});
