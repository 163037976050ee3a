/**
 * The UI side of the boundary: starts the worker and gives typed send/subscribe. Only the
 * `useTrainer` hook uses this; components never talk to the worker.
 */
import type { Command, WorkerEvent } from './protocol';

export interface TrainerClient {
  send(command: Command, transfer?: Transferable[]): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: WorkerEvent) => void): () => void;
  terminate(): void;
}

/**
 * @param onDeath Called once if the worker ends without `terminate()` (crash, out of memory,
 *   self-closed). Detected through a Web Lock the worker holds while it lives (see
 *   trainer.worker.ts): the page's request for the same lock is granted only when it is gone.
 */
export function startTrainerWorker(onDeath?: () => void): TrainerClient {
  const lockName = `trainer-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: lockName });
  const listeners = new Set<(event: WorkerEvent) => void>();
  const watch = new AbortController();
  let ended = false;
  worker.addEventListener('message', (event: MessageEvent<WorkerEvent>) => {
    if (event.data.type === 'worker-alive' && onDeath && 'locks' in navigator) {
      navigator.locks
        .request(lockName, { signal: watch.signal }, () => {
          if (ended) return;
          ended = true;
          onDeath();
        })
        .catch(() => undefined); // aborted by terminate(): the death was ours
    }
    for (const listener of listeners) listener(event.data);
  });
  worker.addEventListener('error', (event) => {
    const message = event.message || 'the worker script failed to load';
    for (const listener of listeners)
      listener({ type: 'error', code: 'protocol', message: `The training worker crashed: ${message}` });
  });
  return {
    send: (command, transfer = []) => worker.postMessage(command, transfer),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => {
      ended = true;
      watch.abort();
      worker.terminate();
    },
  };
}
