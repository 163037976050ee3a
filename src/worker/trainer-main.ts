/// <reference lib="webworker" />
/**
 * The training worker proper, loaded by its small entry (trainer.worker.ts) beside the
 * dataset download: a thin switch from messages to `handle`. All logic lives in handler.ts
 * so it can be tested without a Worker.
 */
import { chooseBackend, describeRunning, startBackend } from '../backend/choose';
import { useBundledWasmFiles } from '../backend/wasm-files';
import type { DatasetFiles, LoadProgress } from '../data/load';
import { indexedDbStore } from '../train/checkpointStore';
import { APP_VERSION } from '../backend/app-version';
import { indexedDbDecisions, memoryDecisions } from '../backend/decisionStore';
import { chooseByMeasurement, type ChoiceDeps, type Probe } from './choice';
import { createHandler } from './handler';
import { downloadDataset } from './earlyDownload';
import type { Command, WorkerEvent } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

useBundledWasmFiles();

const post = (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);

const choiceDeps: ChoiceDeps = {
  spawnProbe: typeof Worker === 'undefined' ? null : spawnProbe,
  store: typeof indexedDB === 'undefined' ? memoryDecisions() : indexedDbDecisions(),
  device: { cores: navigator.hardwareConcurrency, browser: navigator.userAgent, appVersion: APP_VERSION },
};

/** The download the entry started already, if it is this one; null: none. */
export type TakeEarlyDownload = (
  manifestUrl: string,
  onProgress: (progress: LoadProgress) => void,
) => Promise<DatasetFiles> | null;

/** The worker's command handler; `takeEarly` hands over the download the entry started. */
export function createDispatch(takeEarly: TakeEarlyDownload): (command: Command) => void {
  const handle = createHandler({
    loadDataset: (manifestUrl, onProgress) =>
      takeEarly(manifestUrl, onProgress) ?? downloadDataset(manifestUrl, onProgress),
    chooseBackend: (request, exclude, context) =>
      request === 'auto'
        ? chooseByMeasurement({ exclude, ...context }, choiceDeps, context.post)
        : chooseBackend(request, exclude),
    // A macrotask, so messages that arrived during a training step (stop, predict) run first.
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    bench: { startBackend: (backend, flags) => startBackend(backend, undefined, flags), describe: describeRunning },
    measure: {
      startBackend: (backend, sabotage) => startBackend(backend, undefined, 'app', sabotage),
      describe: describeRunning,
    },
    store: indexedDbStore(),
    exit: () => self.close(),
  });
  return (command) =>
    handle(command, post).catch((error: unknown) => {
      post({
        type: 'error',
        code: 'protocol',
        message: `Unexpected worker error: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
}

/** A throwaway copy of this worker (same script) that times one candidate backend at a time (choice.ts). */
function spawnProbe(): Probe {
  const worker = new Worker(self.location.href, { type: 'module' });
  return {
    send: (command) => worker.postMessage(command),
    listen: (listener) => {
      worker.addEventListener('message', (event: MessageEvent<WorkerEvent>) => listener(event.data));
      worker.addEventListener('error', (event) =>
        listener({ type: 'error', code: 'protocol', message: event.message || 'the measuring worker failed to load' }),
      );
    },
    terminate: () => worker.terminate(),
  };
}
