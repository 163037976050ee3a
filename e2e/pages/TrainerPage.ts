/**
 * Page object for the trainer: navigation with URL parameters, waiting for the worker to be
 * ready, training, the drawing pad (driven with real mouse events) and readers for the
 * numbers the UI shows. Assertions about *what* the app shows stay in the specs; this class
 * only waits for states every spec relies on.
 */
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** URL parameters the app reads (and, for bad-input tests, anything else). */
export type TrainerParams = Record<string, string | number>;

/** A point on the drawing pad in pad pixels: (0, 0) top-left, (280, 280) bottom-right. */
export interface PadPoint {
  x: number;
  y: number;
}

/** One row of the per-epoch table, parsed. Accuracies are percentages as shown. */
export interface EpochRow {
  epoch: number;
  loss: number;
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
  /** The cells exactly as shown, for failure messages. */
  cells: string[];
}

/** Summary of a canvas's pixels. */
export interface CanvasInk {
  width: number;
  height: number;
  /** Pixels with any red/green/blue above 0. */
  litPixels: number;
  /** Brightest channel value seen, 0–255. */
  maxLevel: number;
  /** Bounding box of the lit pixels, or null when all black. */
  box: { left: number; top: number; right: number; bottom: number } | null;
  /** Brightness-weighted centre of the lit pixels (pixel-index coordinates), or null. */
  centre: { x: number; y: number } | null;
}

/** A main-thread long task seen by the PerformanceObserver (times in ms, performance.now). */
export interface LongTask {
  startTime: number;
  duration: number;
}

/** Side of the drawing pad's backing store, in pad pixels. */
export const PAD_SIZE = 280;

/** A "7": a top bar, then a diagonal down to the bottom left, in one stroke. */
export const SEVEN_STROKE: readonly PadPoint[] = [
  { x: 70, y: 60 },
  { x: 210, y: 60 },
  { x: 180, y: 120 },
  { x: 150, y: 180 },
  { x: 125, y: 235 },
];

/**
 * How often the page objects' polls look: `expect.poll` backs off to once a second by default,
 * which adds up to a second to every wait and lets a run move on before a fault is injected.
 */
export const POLL_MS = 100;

/** Loading 55 MB, hashing it and starting a software backend takes ~10 s here; leave room. */
const READY_TIMEOUT_MS = 120_000;

export class TrainerPage {
  readonly badge: Locator;
  readonly fallbacks: Locator;
  readonly backendWarning: Locator;
  readonly errors: Locator;
  readonly retryButton: Locator;
  readonly settingsWarnings: Locator;
  readonly phase: Locator;
  readonly dataProgress: Locator;
  readonly trainButton: Locator;
  readonly stopButton: Locator;
  readonly runSummary: Locator;
  readonly datasetMemory: Locator;
  readonly progressText: Locator;
  readonly progressBar: Locator;
  readonly finished: Locator;
  readonly firstBatchNote: Locator;
  readonly lossChart: Locator;
  readonly accuracyChart: Locator;
  readonly batchChart: Locator;
  readonly epochTable: Locator;
  readonly epochRowLocator: Locator;
  readonly canvas: Locator;
  readonly clearButton: Locator;
  readonly preview: Locator;
  readonly probabilityList: Locator;
  readonly guess: Locator;
  /** "The model is untrained…": shown while predictions come from initial weights. */
  readonly untrainedNote: Locator;
  /** The worker compiling the next run's programs before Train (`data-stage`, `data-done`, `data-total`). */
  readonly preparation: Locator;
  /** `auto` timing a candidate backend, before the choice. */
  readonly measuring: Locator;
  /** How `auto` chose (`data-how`: measured, stored), with one `backend-candidate` per candidate. */
  readonly decision: Locator;
  readonly measureAgain: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string) => page.getByTestId(testId);
    this.badge = id('backend-badge');
    this.fallbacks = id('backend-fallbacks');
    this.backendWarning = id('backend-warning');
    this.errors = id('error-message');
    this.retryButton = id('retry');
    this.settingsWarnings = id('settings-warning');
    this.phase = id('phase');
    this.dataProgress = id('data-progress');
    this.trainButton = id('train');
    this.stopButton = id('stop');
    this.runSummary = id('run-summary');
    this.datasetMemory = id('dataset-memory');
    this.progressText = id('train-progress-text');
    this.progressBar = id('train-progress');
    this.finished = id('train-finished');
    this.firstBatchNote = id('first-batch-ms');
    this.lossChart = id('loss-chart');
    this.accuracyChart = id('accuracy-chart');
    this.batchChart = id('batch-chart');
    this.epochTable = id('epoch-table');
    this.epochRowLocator = id('epoch-row');
    this.canvas = id('draw-canvas');
    this.clearButton = id('draw-clear');
    this.preview = id('draw-preview');
    this.probabilityList = id('probabilities');
    this.guess = id('prediction-guess');
    this.untrainedNote = id('untrained-note');
    this.preparation = id('preparation');
    this.measuring = id('backend-measuring');
    this.decision = id('backend-decision');
    this.measureAgain = id('measure-again');
  }

  /** The decision panel's line for one candidate backend (`data-status`, `data-images-per-second`). */
  candidate(backend: string): Locator {
    return this.decision.getByTestId('backend-candidate').and(this.page.locator(`[data-backend="${backend}"]`));
  }

  /** Test hook (`?hooks=1`): from the next worker start on, `backend`'s smoke test fails while backends are measured. */
  async sabotageSmokeTest(backend: string): Promise<void> {
    await this.page.evaluate((name) => {
      const hooks = (window as unknown as { __trainerTest?: { sabotageSmokeTest(backend: string): void } })
        .__trainerTest;
      if (!hooks) throw new Error('test hooks are off: open the page with hooks=1');
      hooks.sabotageSmokeTest(name);
    }, backend);
  }

  /** Waits until the worker has prepared the backend for the next run (or given up trying). */
  async waitUntilPrepared(timeout = READY_TIMEOUT_MS): Promise<void> {
    await expect(this.preparation).toHaveAttribute('data-stage', /^(done|failed)$/, { timeout });
  }

  /** The error banner with the given `data-code`. */
  error(code: string): Locator {
    return this.errors.and(this.page.locator(`[data-code="${code}"]`));
  }

  probability(digit: number): Locator {
    return this.page.getByTestId(`probability-${digit}`);
  }

  /** Opens the app with these URL parameters (in this order, unencoded keys kept as given). */
  async goto(params: TrainerParams = {}): Promise<void> {
    const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString();
    await this.page.goto(query ? `/?${query}` : '/');
  }

  /** Waits until the data and backend are up: phase "ready" and Train enabled. */
  async waitUntilReady(timeout = READY_TIMEOUT_MS): Promise<void> {
    await expect(this.phase).toHaveAttribute('data-phase', 'ready', { timeout });
    await expect(this.trainButton).toBeEnabled();
  }

  /** Waits for the worker to give up: phase "failed". */
  async waitUntilFailed(timeout = READY_TIMEOUT_MS): Promise<void> {
    await expect(this.phase).toHaveAttribute('data-phase', 'failed', { timeout });
  }

  /** Clicks Train and waits until the worker says it is training. */
  async train(): Promise<void> {
    await this.trainButton.click();
    await expect(this.phase).toHaveAttribute('data-phase', 'training');
  }

  /** Waits until at least one per-batch report has been plotted, so a Stop or Pause sent next lands early in the run. */
  async waitForFirstBatch(timeout: number): Promise<void> {
    await expect
      .poll(() => this.batchPoints(), { timeout, intervals: [POLL_MS], message: 'a per-batch report' })
      .toBeGreaterThan(0);
  }

  async stop(): Promise<void> {
    await this.stopButton.click();
  }

  /** Waits for the end of a run and returns its outcome attribute. */
  async waitForFinished(timeout: number): Promise<string | null> {
    await expect(this.finished).toBeVisible({ timeout });
    return this.finished.getAttribute('data-outcome');
  }

  async batchPoints(): Promise<number> {
    return Number(await this.batchChart.getAttribute('data-points'));
  }

  async epochRows(): Promise<EpochRow[]> {
    const rows = await this.epochRowLocator.all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = (await row.locator('td').allTextContents()).map((cell) => cell.trim());
        const [epoch, loss, accuracy, testLoss, testAccuracy, time] = cells.map((cell) => Number.parseFloat(cell));
        return {
          epoch: epoch ?? NaN,
          loss: loss ?? NaN,
          accuracy: accuracy ?? NaN,
          testLoss: testLoss ?? NaN,
          testAccuracy: testAccuracy ?? NaN,
          seconds: time ?? NaN,
          cells,
        };
      }),
    );
  }

  /** The ten probabilities as the bars' `data-value` attributes say (0 when nothing is classified). */
  async probabilities(): Promise<number[]> {
    return Promise.all(
      Array.from({ length: 10 }, async (_, digit) => Number(await this.probability(digit).getAttribute('data-value'))),
    );
  }

  /**
   * Draws one stroke through `points` (pad pixels) with the real mouse: press at the first
   * point, move through the rest in small steps, release at the last.
   */
  async drawStroke(points: readonly PadPoint[]): Promise<void> {
    const [first, ...rest] = points;
    if (!first) throw new Error('A stroke needs at least one point.');
    await this.canvas.scrollIntoViewIfNeeded();
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('The drawing pad is not visible.');
    const toViewport = ({ x, y }: PadPoint) => ({
      x: box.x + (x / PAD_SIZE) * box.width,
      y: box.y + (y / PAD_SIZE) * box.height,
    });
    const start = toViewport(first);
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    for (const point of rest) {
      const next = toViewport(point);
      await this.page.mouse.move(next.x, next.y, { steps: 8 });
    }
    await this.page.mouse.up();
  }

  /** Draws several strokes, e.g. `[SEVEN_STROKE]`. */
  async drawDigit(strokes: readonly (readonly PadPoint[])[]): Promise<void> {
    for (const stroke of strokes) await this.drawStroke(stroke);
  }

  /**
   * Draws strokes through the pad's own pointer handlers in one round trip: pointerdown, a
   * pointermove per point and pointerup, dispatched on the canvas at the points' screen
   * positions. The same code path as a mouse, minus the browser's input queue, so a test can
   * draw a hundred digits in seconds. (`drawDigit` uses the real mouse.)
   */
  async drawWithPointerEvents(strokes: readonly (readonly PadPoint[])[]): Promise<void> {
    await this.canvas.scrollIntoViewIfNeeded();
    await this.canvas.evaluate(
      (canvas, { strokes, padSize }) => {
        const rect = canvas.getBoundingClientRect();
        const fire = (type: string, { x, y }: { x: number; y: number }) =>
          canvas.dispatchEvent(
            new PointerEvent(type, {
              bubbles: true,
              cancelable: true,
              pointerId: 1,
              pointerType: 'mouse',
              isPrimary: true,
              button: type === 'pointermove' ? -1 : 0,
              buttons: type === 'pointerup' ? 0 : 1,
              clientX: rect.left + (x / padSize) * rect.width,
              clientY: rect.top + (y / padSize) * rect.height,
            }),
          );
        for (const stroke of strokes) {
          const [first, ...rest] = stroke;
          if (!first) continue;
          fire('pointerdown', first);
          for (const point of rest) fire('pointermove', point);
          fire('pointerup', stroke.at(-1)!);
        }
      },
      { strokes, padSize: PAD_SIZE },
    );
  }

  /** The digit the pad's newest drawing is classified as, once its own prediction is shown. */
  async currentGuess(timeout = 30_000): Promise<number> {
    // waitFor checks on every animation frame; expect's polling backs off to 1 s between looks.
    await this.guess.and(this.page.locator('[data-current="true"]')).waitFor({ timeout });
    const text = (await this.guess.textContent()) ?? '';
    const match = /It looks like a (\d)/.exec(text);
    if (!match) throw new Error(`No guess in "${text}"`);
    return Number(match[1]);
  }

  /** Reads a canvas's pixels through its 2D context. */
  async canvasInk(canvas: Locator): Promise<CanvasInk> {
    return canvas.evaluate((element) => {
      if (!(element instanceof HTMLCanvasElement)) throw new Error('not a canvas');
      const context = element.getContext('2d');
      if (!context) throw new Error('no 2D context');
      const { width, height } = element;
      const { data } = context.getImageData(0, 0, width, height);
      let litPixels = 0;
      let maxLevel = 0;
      let mass = 0;
      let sumX = 0;
      let sumY = 0;
      let box: { left: number; top: number; right: number; bottom: number } | null = null;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const p = 4 * (y * width + x);
          const level = Math.max(data[p] ?? 0, data[p + 1] ?? 0, data[p + 2] ?? 0);
          if (level === 0) continue;
          litPixels++;
          maxLevel = Math.max(maxLevel, level);
          mass += level;
          sumX += level * x;
          sumY += level * y;
          box = box
            ? {
                left: Math.min(box.left, x),
                top: Math.min(box.top, y),
                right: Math.max(box.right, x),
                bottom: Math.max(box.bottom, y),
              }
            : { left: x, top: y, right: x, bottom: y };
        }
      }
      return { width, height, litPixels, maxLevel, box, centre: mass > 0 ? { x: sumX / mass, y: sumY / mass } : null };
    });
  }

  /**
   * Records main-thread long tasks from the start of every later page load (buffered, so
   * ones before the observer's callback are kept). Call before `goto`.
   */
  async observeLongTasks(): Promise<void> {
    await this.page.addInitScript(() => {
      const store: { startTime: number; duration: number }[] = [];
      (window as unknown as { __longTasks: typeof store }).__longTasks = store;
      if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) return;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) store.push({ startTime: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
  }

  /** Whether this browser reports long tasks at all (so zero means none, not unsupported). */
  async longTasksSupported(): Promise<boolean> {
    return this.page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
  }

  async longTasks(): Promise<LongTask[]> {
    return this.page.evaluate(() => [...((window as unknown as { __longTasks?: LongTask[] }).__longTasks ?? [])]);
  }

  /** The page's clock (performance.now), to bracket a measurement window. */
  async now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }
}
