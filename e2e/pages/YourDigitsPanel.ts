/** Page object for Your digits: the correction bar under the pad, the grid, the file round trip and Teach. */
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** One side of Teach's before/after, as the panel's data attributes give it. */
export interface TeachFigures {
  heldOutCorrect: number;
  heldOutTotal: number;
  /** MNIST test accuracy 0–1. */
  mnist: number;
}

export class YourDigitsPanel {
  readonly panel: Locator;
  readonly count: Locator;
  readonly right: Locator;
  readonly teachButton: Locator;
  readonly stopButton: Locator;
  readonly status: Locator;
  readonly heldOutRow: Locator;
  readonly mnistRow: Locator;
  readonly lines: Locator;
  readonly exportButton: Locator;
  readonly importInput: Locator;
  readonly imported: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string) => page.getByTestId(testId);
    this.panel = id('your-digits');
    this.count = id('your-digits-count');
    this.right = id('correct-right');
    this.teachButton = id('teach');
    this.stopButton = id('teach-stop');
    this.status = id('teach-status');
    this.heldOutRow = id('teach-held-out');
    this.mnistRow = id('teach-mnist');
    this.lines = id('teach-lines');
    this.exportButton = id('digits-export');
    this.importInput = id('digits-import');
    this.imported = id('digits-imported');
  }

  /** "It's a `digit`" button. */
  itsA(digit: number): Locator {
    return this.page.getByTestId(`correct-${digit}`);
  }

  classRow(digit: number): Locator {
    return this.page.getByTestId(`digit-class-${digit}`);
  }

  async storedCount(): Promise<number> {
    return Number(await this.count.textContent());
  }

  /** Waits until `count` digits are stored (checked every animation frame). */
  async waitForCount(count: number, timeout = 30_000): Promise<void> {
    await this.count.filter({ hasText: new RegExp(`^${count}$`) }).waitFor({ timeout });
  }

  /** Clicks Teach and waits for it to end; returns its outcome. */
  async teach(timeout: number): Promise<string | null> {
    await this.teachButton.click();
    await expect(this.status).not.toHaveAttribute('data-outcome', '', { timeout });
    await expect(this.lines).toBeVisible({ timeout });
    return this.status.getAttribute('data-outcome');
  }

  async figures(side: 'before' | 'after'): Promise<TeachFigures> {
    return {
      heldOutCorrect: Number(await this.heldOutRow.getAttribute(`data-${side}`)),
      heldOutTotal: Number(await this.heldOutRow.getAttribute('data-total')),
      mnist: Number(await this.mnistRow.getAttribute(`data-${side}`)),
    };
  }
}
