/**
 * bench.html's script (UI thread): exposes `window.densenetBench.run(request)`, which starts a
 * fresh copy of the app's training worker — the same bundle the app uses — sends it one
 * `bench` command, logs its progress to the console and the page, and resolves with the
 * result. A fresh worker per backend, so no backend's state leaks into the next one's figures.
 */
import { startTrainerWorker } from '../../worker/client';
import type { BenchRequest, BenchResult } from '../../worker/protocol';

declare global {
  interface Window {
    densenetBench: { run(request: BenchRequest): Promise<BenchResult> };
  }
}

const log = document.getElementById('log');

function run(request: BenchRequest): Promise<BenchResult> {
  const client = startTrainerWorker();
  return new Promise<BenchResult>((resolve, reject) => {
    client.subscribe((event) => {
      if (event.type === 'bench-progress') {
        console.info(`[bench] ${event.message}`);
        log?.append(`${event.message}\n`);
      } else if (event.type === 'bench-result') resolve(event.result);
      else if (event.type === 'error') reject(new Error(`${event.code}: ${event.message}`));
    });
    client.send({ type: 'bench', ...request });
  }).finally(() => client.terminate());
}

window.densenetBench = { run };
