import type { Locator, Page } from '@playwright/test';

/** The run editor and the compare view, as a person uses them. */
export class ComparePanel {
  readonly preset: Locator;
  readonly growth: Locator;
  readonly problems: Locator;
  readonly addButton: Locator;
  readonly runButton: Locator;
  readonly queue: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly chart: Locator;
  readonly verdict: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string) => page.getByTestId(testId);
    this.preset = id('run-preset');
    this.growth = id('run-growth');
    this.problems = id('run-problems');
    this.addButton = id('compare-add');
    this.runButton = id('compare-run');
    this.queue = id('compare-queue').locator('li');
    this.table = id('compare-table');
    this.rows = id('compare-row');
    this.chart = id('compare-chart');
    this.verdict = id('compare-verdict');
  }

  /** Each result row's cells as shown: parameters, multiply-adds, images/s, final error. */
  async results(): Promise<
    { name: string; status: string; parameters: string; macs: string; speed: string; error: string }[]
  > {
    const rows = await this.rows.all();
    return Promise.all(
      rows.map(async (row) => ({
        name: (await row.locator('th').innerText()).trim(),
        status: (await row.getAttribute('data-status')) ?? '',
        parameters: await row.getByTestId('compare-parameters').innerText(),
        macs: await row.getByTestId('compare-macs').innerText(),
        speed: await row.getByTestId('compare-speed').innerText(),
        error: await row.getByTestId('compare-error').innerText(),
      })),
    );
  }
}
