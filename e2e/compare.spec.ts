/**
 * Presets and the compare view in the page: the run editor validates DenseNet-BC's knobs and keeps the URL a link to
 * the configuration; the compare view trains two presets one after another on a tiny subset
 * (WASM, the backend this machine picks) and shows both: table rows and chart series, with no serious
 * accessibility violation.
 */
import { expect, test } from './fixtures';
import { ComparePanel } from './pages/ComparePanel';
import { PageLayout } from './pages/PageLayout';

/** One epoch of two batches per preset: DenseNet-BC trains at ~40 images/s on WASM here. */
const TINY = { epochs: 1, train: 64, test: 64, batch: 32, backend: 'wasm', seed: 1 } as const;
const COMPARE_TIMEOUT_MS = 240_000;

test('the editor refuses a growth rate of 0 with a sentence, and the URL follows the configuration', async ({
  trainer,
  page,
}) => {
  const compare = new ComparePanel(page);
  await trainer.goto(TINY);
  await trainer.waitUntilReady();
  await expect(trainer.runSummary).toContainText('Seed DenseNet');

  await compare.preset.selectOption('densenet-bc');
  await expect(trainer.runSummary).toContainText('DenseNet-BC k=12 4-4-4 θ=0.5');
  await expect(trainer.runSummary).toContainText('one-cycle 0.003');
  await expect.poll(() => new URL(page.url()).searchParams.get('preset')).toBe('densenet-bc');

  await compare.growth.fill('0');
  await expect(compare.problems).toHaveText('The growth rate k must be a whole number from 1 to 64; got "0".');
  await expect(trainer.trainButton).toBeDisabled();
  await expect(compare.addButton).toBeDisabled();

  await compare.growth.fill('8');
  await expect(compare.problems).toHaveCount(0);
  await expect(trainer.trainButton).toBeEnabled();
  await expect.poll(() => new URL(page.url()).searchParams.get('growth')).toBe('8');

  // The link reproduces it: a fresh page from the URL shows the same configuration.
  await page.goto(page.url());
  await trainer.waitUntilReady();
  await expect(compare.preset).toHaveValue('densenet-bc');
  await expect(compare.growth).toHaveValue('8');
});

test('a two-preset comparison trains DenseNet-BC then ResNet and shows both side by side', async ({
  trainer,
  page,
}) => {
  const compare = new ComparePanel(page);
  await trainer.goto({ ...TINY, compare: 'densenet-bc,resnet' });
  await trainer.waitUntilReady();
  await expect(compare.queue).toHaveCount(2);

  await compare.runButton.click();
  await expect(compare.rows).toHaveCount(2);
  await expect(compare.rows.nth(1)).toHaveAttribute('data-status', 'done', { timeout: COMPARE_TIMEOUT_MS });
  await expect(compare.rows.nth(0)).toHaveAttribute('data-status', 'done');

  const [bc, resnet] = await compare.results();
  // Trainable parameters of the default presets, as the unit tests derive them independently.
  expect(bc).toMatchObject({ parameters: '102,298', macs: '33.15 M' });
  expect(resnet).toMatchObject({ parameters: '100,794', macs: '16.57 M' });
  expect(bc!.name).toContain('DenseNet-BC');
  expect(resnet!.name).toContain('ResNet');
  for (const run of [bc!, resnet!]) {
    expect(Number(run.speed)).toBeGreaterThan(0);
    expect(run.error).toMatch(/^\d+\.\d\d %$/);
  }

  // One chart, one line per run, each with its epoch's point.
  await expect(compare.chart).toHaveAttribute('data-series', '2');
  await expect(compare.chart.locator('.recharts-line')).toHaveCount(2);
  await expect(compare.chart.locator('.recharts-line-dot')).toHaveCount(2);
  // Two batches teach little (both often predict one class and tie); the sentence is still measured.
  await expect(compare.verdict).toHaveText(
    /^Measured over 1 epoch with seed 1: .*(reached the highest test accuracy|tied at \d+\.\d\d % test accuracy)/,
  );
  await expect(compare.verdict).toContainText('102,298');
  await expect(compare.verdict).toContainText('100,794');
  // The compare view with its results passes the accessibility audit (the other states: accessibility.spec.ts).
  expect(await new PageLayout(page).seriousViolations(), 'the compare view').toEqual([]);
});
