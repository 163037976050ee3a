/**
 * Page object for the page as a whole: where things sit, whether anything scrolls sideways,
 * how big the tap targets are, drawing with a finger, the live region, accessibility audits
 * and screenshots. Assertions stay in the specs.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { PAD_SIZE, type PadPoint } from './TrainerPage';

/** Where an element sits, in CSS px of the page (not the viewport), rounded. */
export interface Place {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A control smaller than a finger, for failure messages. */
export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/** One serious or critical axe finding, trimmed for a failure message. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Screenshots land here: under test-results/, which CI keeps as artefacts and git ignores. */
export const SCREENSHOTS = 'test-results/page';

export class PageLayout {
  readonly announcer: Locator;

  constructor(readonly page: Page) {
    this.announcer = page.getByTestId('announcer');
  }

  /** The page-relative places of the elements with these test ids (the first of each). */
  async places(testIds: readonly string[]): Promise<Record<string, Place>> {
    const entries = await Promise.all(
      testIds.map(async (testId) => {
        const box = await this.page.getByTestId(testId).first().boundingBox();
        if (!box) throw new Error(`${testId} is not visible`);
        const scroll = await this.page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
        const place = {
          x: Math.round(box.x + scroll.x),
          y: Math.round(box.y + scroll.y),
          width: Math.round(box.width),
          height: Math.round(box.height),
        };
        return [testId, place] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** Test ids of those elements that are not wholly inside the viewport (scrolled to the top). */
  async outsideViewport(testIds: readonly string[]): Promise<string[]> {
    const viewport = this.page.viewportSize();
    if (!viewport) throw new Error('no viewport');
    await this.page.evaluate(() => window.scrollTo(0, 0));
    const places = await this.places(testIds);
    return testIds.filter((id) => {
      const p = places[id]!;
      return p.x < 0 || p.y < 0 || p.x + p.width > viewport.width || p.y + p.height > viewport.height;
    });
  }

  /** How far the page is wider than the viewport, in px (0 when nothing scrolls sideways). */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  /** Visible controls (buttons, links, fields, disclosure summaries) smaller than `min` px on a side. */
  async smallTargets(min: number): Promise<SmallTarget[]> {
    return this.page.evaluate((side) => {
      const controls = document.querySelectorAll<HTMLElement>(
        'button, a[href], select, input:not([type="hidden"]), summary',
      );
      return [...controls]
        .filter((element) => element.checkVisibility() && element.getClientRects().length > 0)
        .map((element) => {
          // A checkbox's target is its whole label.
          const target =
            element instanceof HTMLInputElement && element.type === 'checkbox' ? element.closest('label') : element;
          const rect = (target ?? element).getBoundingClientRect();
          const name = element.dataset.testid ?? element.getAttribute('aria-label') ?? element.textContent?.trim();
          return { what: `${element.tagName.toLowerCase()} "${name}"`, width: rect.width, height: rect.height };
        })
        .filter((target) => target.width < side - 0.5 || target.height < side - 0.5);
    }, min);
  }

  /**
   * Draws one stroke through `points` (pad pixels) with a finger: real touch events through
   * the DevTools protocol, which Chromium turns into pointer events of type "touch". Needs a
   * context with `hasTouch`.
   */
  async fingerStroke(canvas: Locator, points: readonly PadPoint[]): Promise<void> {
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('The drawing pad is not visible.');
    const at = ({ x, y }: PadPoint) => ({
      x: box.x + (x / PAD_SIZE) * box.width,
      y: box.y + (y / PAD_SIZE) * box.height,
    });
    const session = await this.page.context().newCDPSession(this.page);
    const [first, ...rest] = points;
    if (!first) throw new Error('A stroke needs at least one point.');
    await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(first)] });
    let from = at(first);
    for (const point of rest) {
      const to = at(point);
      for (let step = 1; step <= 6; step++) {
        const t = step / 6;
        const touchPoint = { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t };
        await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [touchPoint] });
      }
      from = to;
    }
    await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await session.detach();
  }

  /** Records every text the live region takes from now on (read with `announcements`). Call before `goto`. */
  async recordAnnouncements(): Promise<void> {
    await this.page.addInitScript(() => {
      const said: string[] = [];
      (window as unknown as { __announcements: string[] }).__announcements = said;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="announcer"]')?.textContent ?? '';
        if (text !== said.at(-1)) said.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
  }

  async announcements(): Promise<string[]> {
    return this.page.evaluate(() => [...((window as unknown as { __announcements?: string[] }).__announcements ?? [])]);
  }

  /** The serious and critical axe findings on the whole page as it is now. */
  async seriousViolations(): Promise<Violation[]> {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  }

  /** A screenshot (the full page unless told) under test-results/page/, attached to the report too. */
  async screenshot(name: string, testInfo: TestInfo, { fullPage = true } = {}): Promise<string> {
    const path = `${SCREENSHOTS}/${name}.png`;
    await this.page.screenshot({ path, fullPage });
    await testInfo.attach(name, { path, contentType: 'image/png' });
    console.log(`[page] screenshot ${path}`);
    return path;
  }
}
