/**
 * Page object for the recovery parts of the app: the resume offer, Pause/Resume, the checkpoint
 * line, recovery notices, model files, and the `?hooks=1` fault hooks.
 */
import { expect } from '@playwright/test';
import type { Download, Locator, Page } from '@playwright/test';

export type Fault = 'kill-worker' | 'lose-device' | 'nan' | 'quota';

export interface TestPredictions {
  predicted: number[];
  probabilities: number[];
}

/** `window.__trainerTest` as src/ui/testHooks.ts installs it. */
interface Hooks {
  fault(fault: Fault): void;
  testPredictions(count: number): Promise<TestPredictions>;
}

export class RecoveryPanel {
  readonly offer: Locator;
  readonly offerResume: Locator;
  readonly offerStartOver: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly checkpointStatus: Locator;
  readonly notices: Locator;
  readonly exportButton: Locator;
  readonly importInput: Locator;
  readonly evaluateButton: Locator;
  readonly importedModel: Locator;
  readonly modelEvaluation: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string) => page.getByTestId(testId);
    this.offer = id('resume-offer');
    this.offerResume = id('offer-resume');
    this.offerStartOver = id('offer-start-over');
    this.pauseButton = id('pause');
    this.resumeButton = id('resume');
    this.checkpointStatus = id('checkpoint-status');
    this.notices = id('recovery-notice');
    this.exportButton = id('export-model');
    this.importInput = id('import-files');
    this.evaluateButton = id('evaluate-model');
    this.importedModel = id('imported-model');
    this.modelEvaluation = id('model-evaluation');
  }

  notice(kind: string): Locator {
    return this.notices.and(this.page.locator(`[data-kind="${kind}"]`));
  }

  /** Waits until a checkpoint at or past (epoch, batch) is stored, and returns its write time in ms. */
  async waitForCheckpoint(epoch: number, batch = 0, timeout = 180_000): Promise<number> {
    await expect
      .poll(
        async () => {
          const e = Number(await this.checkpointStatus.getAttribute('data-epoch'));
          const b = Number(await this.checkpointStatus.getAttribute('data-batch'));
          return e > epoch || (e === epoch && b >= batch);
        },
        { timeout, message: `a checkpoint at epoch ${epoch}, batch ${batch} or later` },
      )
      .toBe(true);
    return Number(await this.checkpointStatus.getAttribute('data-write-ms'));
  }

  async checkpointPosition(): Promise<{ epoch: number; batch: number }> {
    return {
      epoch: Number(await this.checkpointStatus.getAttribute('data-epoch')),
      batch: Number(await this.checkpointStatus.getAttribute('data-batch')),
    };
  }

  /** Injects a fault through the test hook (the page must have been opened with hooks=1). */
  async fault(fault: Fault): Promise<void> {
    await this.page.evaluate((f) => {
      const hooks = (window as unknown as { __trainerTest?: Hooks }).__trainerTest;
      if (!hooks) throw new Error('test hooks are off: open the page with hooks=1');
      hooks.fault(f);
    }, fault);
  }

  async testPredictions(count: number): Promise<TestPredictions> {
    return this.page.evaluate((n) => {
      const hooks = (window as unknown as { __trainerTest?: Hooks }).__trainerTest;
      if (!hooks) throw new Error('test hooks are off: open the page with hooks=1');
      return hooks.testPredictions(n);
    }, count);
  }

  /** Clicks Download model and returns the two downloaded files by name. */
  async exportModel(): Promise<Map<string, Download>> {
    const downloads: Download[] = [];
    const collect = (download: Download) => downloads.push(download);
    this.page.on('download', collect);
    await this.exportButton.click();
    await expect.poll(() => downloads.length, { message: 'two downloads' }).toBe(2);
    this.page.off('download', collect);
    return new Map(downloads.map((download) => [download.suggestedFilename(), download]));
  }
}
