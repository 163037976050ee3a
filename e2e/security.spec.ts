/**
 * The Content-Security-Policy of the built app: no eval, no inline script,
 * scripts, workers and data from the app's origin only — enforced on the page (meta and
 * header) and on the training worker (its script's header). The rest of the suite runs under
 * the same policy, so any violation there fails those tests through the console guard.
 */
import { expect, test } from './fixtures';
import { RecoveryPanel } from './pages/RecoveryPanel';
import { SEVEN_STROKE } from './pages/TrainerPage';

test('the page and the worker carry a strict CSP; eval and inline scripts are refused, and normal use violates nothing', async ({
  trainer,
  page,
  consoleErrors,
}) => {
  // Chromium's wording has changed across versions ("Refused to …" before, "… violates …" in 156): accept both.
  consoleErrors.allow({
    text: /(Refused to evaluate a string as JavaScript|^Evaluating a string as JavaScript violates).*Content Security Policy/,
    reason: 'the eval this test attempts',
  });
  consoleErrors.allow({
    text: /(Refused to execute inline script|^Executing inline script violates).*Content Security Policy/,
    reason: 'the inline script this test injects',
  });
  consoleErrors.allow({
    text: /(Refused to create a worker from|^Creating a worker from) 'blob:.*Content Security Policy/,
    reason: 'the blob: worker this test tries to start',
  });
  const workerScript = page.waitForResponse((response) => /trainer\.worker-[^/]*\.js$/.test(response.url()));
  const navigation = await trainer.page.goto('/?backend=cpu&train=32&test=32');
  await page.evaluate(() => {
    const store: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = store;
    document.addEventListener('securitypolicyviolation', (event) =>
      store.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  for (const policy of [
    navigation!.headers()['content-security-policy'],
    (await (await workerScript).allHeaders())['content-security-policy'],
  ]) {
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("worker-src 'self'");
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  }
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /script-src 'self' 'wasm-unsafe-eval'/,
  );

  // Normal use — load, a backend, draw, download the model — triggers no violation.
  await trainer.waitUntilReady();
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect(trainer.guess).toHaveText(/^It looks like a \d/);
  await new RecoveryPanel(page).exportModel();
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);

  // What the policy is for: strings are not run as code. The probe is a same-origin script
  // (allowed to run), as app code would be; page.evaluate itself is exempt from CSP.
  await page.route('**/csp-probe.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: "try { window.__evalResult = String(eval('1 + 1')); } catch (error) { window.__evalResult = error.name; }",
    }),
  );
  await page.addScriptTag({ url: '/csp-probe.js' });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __evalResult?: string }).__evalResult))
    .toBe('EvalError');
  // Workers only from the app's origin: a blob: worker (code made from a string) is refused.
  const blobWorker = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
        worker.onmessage = () => resolve('ran');
        worker.onerror = () => resolve('blocked');
        setTimeout(() => resolve('timed out'), 5000);
      }),
  );
  expect(blobWorker).toBe('blocked');
  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
});
