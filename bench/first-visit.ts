/**
 * `npm run bench:first-visit`: what a first visit costs on a 20 Mbit/s, 40 ms link. Serves
 * dist/ with `vite preview` behind a throttling proxy (e2e/proxy.ts) — every byte of the
 * page, its worker and its service worker crosses the same link, which CDP emulation set on
 * the page would not give (it does not reach the worker that downloads the data) — opens the
 * app in a fresh headless Chromium profile, and prints the seconds until the app is ready to
 * train and the bytes transferred by kind. Prints figures; asserts nothing.
 *
 *   npm run bench:first-visit -- [--runs N] [--mbit 20] [--latency 40] [--dist DIR] [--url-query Q]
 *
 * --dist serves another build (e.g. an older one, for a before/after) with this repository's
 * preview settings (COOP/COEP, CSP).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';
import { startProxy, type ProxiedResponse } from '../e2e/proxy';
import { startServer, vitePreview } from './preview';

const PORT = 4319;

/** What each response is, for the breakdown. */
function kindOf(path: string): 'data' | 'wasm' | 'JS' | 'rest' {
  const file = path.split('?')[0] ?? path;
  if (file.startsWith('/data/')) return 'data';
  if (file.endsWith('.wasm')) return 'wasm';
  if (file.endsWith('.js')) return 'JS';
  return 'rest';
}

interface VisitResult {
  seconds: number;
  log: ProxiedResponse[];
  /** Chromium's installability errors once ready (Page.getInstallabilityErrors); empty: installable. */
  installErrors: string[];
  /** Each phase the page showed and when, seconds since navigation. */
  phases: Array<{ phase: string; seconds: number }>;
  /** The page's time origin, ms since the Unix epoch: the proxy's times are relative to it. */
  timeOrigin: number;
}

declare global {
  interface Window {
    __phases?: Array<{ phase: string; seconds: number }>;
  }
}

/** Runs in the page before its scripts: notes every phase the progress line shows, with the time. */
function recordPhases(): void {
  window.__phases = [];
  new MutationObserver(() => {
    const phase = document.querySelector('[data-testid="phase"]')?.getAttribute('data-phase');
    const seen = window.__phases!;
    if (phase && seen[seen.length - 1]?.phase !== phase) seen.push({ phase, seconds: performance.now() / 1000 });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
}

/** One first visit in a fresh profile: seconds from navigation to phase "ready", and the proxy's log. */
async function firstVisit(bitsPerSecond: number, latencyMs: number, query: string): Promise<VisitResult> {
  const proxy = await startProxy(`http://127.0.0.1:${PORT}`, { bitsPerSecond, latencyMs });
  // A persistent profile, as a real browser has: a disk HTTP cache, and not "incognito"
  // (which Chromium's installability check reports first).
  const profile = await mkdtemp(join(tmpdir(), 'first-visit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable,
    args: CHROMIUM_ARGS,
    serviceWorkers: 'allow',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(recordPhases);
    page.on('console', (m) => {
      if (m.text().startsWith('T ')) console.log(m.text());
    });
    await page.goto(`${proxy.url}/${query}`, { waitUntil: 'commit' });
    await page.waitForSelector('[data-testid="phase"][data-phase="ready"]', { timeout: 180_000 });
    // Milliseconds since this document's navigation started (its time origin).
    const { milliseconds, timeOrigin, phases } = await page.evaluate(() => ({
      milliseconds: performance.now(),
      timeOrigin: performance.timeOrigin,
      phases: window.__phases ?? [],
    }));
    const log = [...proxy.log];
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    return {
      seconds: milliseconds / 1000,
      log,
      installErrors: installabilityErrors.map((error) => error.errorId),
      phases,
      timeOrigin,
    };
  } finally {
    await context.close();
    await proxy.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Where the seconds went: each response's start and end, and each phase, since navigation. */
function timeline(visit: VisitResult): string {
  const at = (epochMs: number) => ((epochMs - visit.timeOrigin) / 1000).toFixed(2);
  const rows = [
    ...visit.log.map((entry) => ({
      at: entry.requestedAt,
      text: `| ${at(entry.requestedAt)}–${at(entry.finishedAt)} | ${entry.path.split('?')[0]} | ${megabytes(entry.bodyBytes)} MB |`,
    })),
    ...visit.phases.map((phase) => ({
      at: visit.timeOrigin + phase.seconds * 1000,
      text: `| ${phase.seconds.toFixed(2)} | phase: ${phase.phase} | |`,
    })),
  ].sort((a, b) => a.at - b.at);
  return ['| seconds | what | bytes |', '| --- | --- | --- |', ...rows.map((row) => row.text)].join('\n');
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(2);
}

function breakdown(log: ProxiedResponse[]): string {
  const totals = { data: 0, wasm: 0, JS: 0, rest: 0 };
  const counts = { data: 0, wasm: 0, JS: 0, rest: 0 };
  for (const entry of log) {
    totals[kindOf(entry.path)] += entry.bodyBytes + entry.headerBytes;
    counts[kindOf(entry.path)]++;
  }
  const all = Object.values(totals).reduce((sum, bytes) => sum + bytes, 0);
  const rows = (Object.keys(totals) as Array<keyof typeof totals>).map(
    (kind) => `| ${kind} | ${counts[kind]} | ${megabytes(totals[kind])} |`,
  );
  return [
    '| kind | responses | MB |',
    '| --- | --- | --- |',
    ...rows,
    `| **total** | ${log.length} | **${megabytes(all)}** |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '2' },
      mbit: { type: 'string', default: '20' },
      latency: { type: 'string', default: '40' },
      dist: { type: 'string', default: 'dist' },
      'url-query': { type: 'string', default: '' },
    },
  });
  const runs = Number(values.runs);
  const bitsPerSecond = Number(values.mbit) * 1e6;
  const latencyMs = Number(values.latency);
  // Another server on the port would be measured instead of this build.
  if (
    await fetch(`http://127.0.0.1:${PORT}/`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${PORT} is in use`);
  const server = await startServer(vitePreview(PORT, '/', resolve(values.dist)));
  try {
    console.log(
      `First visit of ${values.dist}/ at ${values.mbit} Mbit/s, ${latencyMs} ms per response; load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
    let last: VisitResult | null = null;
    for (let run = 1; run <= runs; run++) {
      last = await firstVisit(bitsPerSecond, latencyMs, values['url-query'] ? `?${values['url-query']}` : '');
      const bytes = last.log.reduce((sum, entry) => sum + entry.bodyBytes + entry.headerBytes, 0);
      const installable =
        last.installErrors.length === 0 ? 'installable' : `not installable: ${last.installErrors.join(', ')}`;
      console.log(
        `run ${run}: ready after ${last.seconds.toFixed(1)} s, ${megabytes(bytes)} MB transferred, ${installable}`,
      );
    }
    if (last) {
      console.log(`\nBytes of the last run (bodies as sent, plus headers):\n\n${breakdown(last.log)}`);
      console.log(`\nTimeline of the last run:\n\n${timeline(last)}`);
    }
    console.log(
      `\nload average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    server.stop();
  }
}

await main();
