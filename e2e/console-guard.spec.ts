/**
 * The console guard behind the `consoleErrors` fixture, checked on a second page of the
 * test's context (the fixture itself watches `page`, so these deliberate errors do not fail
 * the test): errors from a worker (console and uncaught) and from the page are recorded and
 * count as unexpected unless allowed; warnings are not errors. No app needed: a blank page
 * and workers made from blobs.
 */
import type { Page } from '@playwright/test';
import { ConsoleGuard, expect, failedToLoad, test } from './fixtures';

/** Starts a worker running `source` and waits until it has run (it posts "done" afterwards). */
async function runWorker(page: Page, source: string): Promise<void> {
  await page.evaluate(
    (code) =>
      new Promise<void>((resolve) => {
        const script = `${code}\nsetTimeout(() => postMessage('done'), 50);`;
        const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
        worker.onmessage = () => resolve();
      }),
    source,
  );
}

const texts = (guard: ConsoleGuard) =>
  guard.unexpected().map((problem) => `${problem.source} ${problem.kind}: ${problem.text}`);

test('errors from a worker and from the page are caught; warnings and allowed lines are not', async ({ context }) => {
  const other = await context.newPage();
  const guard = new ConsoleGuard(other);

  await runWorker(other, "console.warn('only a warning'); console.error('boom from the worker');");
  await expect.poll(() => texts(guard)).toEqual(['worker console.error: boom from the worker']);

  await runWorker(other, "setTimeout(() => { throw new Error('thrown in the worker'); }, 0);");
  await expect.poll(() => texts(guard)).toContainEqual(expect.stringMatching(/pageerror: .*thrown in the worker$/));

  await other.evaluate(() => void setTimeout(() => Promise.reject(new Error('unhandled on the page'))));
  await expect.poll(() => texts(guard)).toContainEqual('page or worker pageerror: Error: unhandled on the page');

  const before = guard.unexpected().length;
  guard.allow({ text: /^expected failure \d+$/, reason: 'the line this test logs on purpose' });
  await other.evaluate(() => console.error('expected failure 42'));
  await expect.poll(() => guard.recorded.map((problem) => problem.text)).toContain('expected failure 42');
  expect(guard.unexpected()).toHaveLength(before);

  guard.stop();
  await other.close();
});

test('the 404 allowance matches only the status and URL it names', () => {
  const allowance = failedToLoad(404, /mnist-sprite\.pgm$/);
  const line = (status: number) =>
    `Failed to load resource: the server responded with a status of ${status} (Not Found)`;
  expect(allowance.text.test(line(404))).toBe(true);
  expect(allowance.text.test(line(4040))).toBe(false);
  expect(allowance.text.test(line(500))).toBe(false);
  expect(allowance.url?.test('http://127.0.0.1:4317/data/mnist-sprite.pgm')).toBe(true);
  expect(allowance.url?.test('http://127.0.0.1:4317/data/mnist-labels.u8')).toBe(false);
});
