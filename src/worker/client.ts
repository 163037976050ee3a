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

/** A worker started before anyone listened, keeping what it said meanwhile. */
interface Spawned {
  worker: Worker;
  lockName: string;
  /** Hands over to the real listeners, replaying what arrived before once the caller has subscribed. */
  adopt(onMessage: (event: MessageEvent<WorkerEvent>) => void, onError: (event: ErrorEvent) => void): void;
}

function spawn(): Spawned {
  const lockName = `trainer-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: lockName });
  // A worker's messages with no listener are lost, and its first one (worker-alive) matters.
  const early: Event[] = [];
  const keep = (event: Event) => early.push(event);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', keep);
  return {
    worker,
    lockName,
    adopt: (onMessage, onError) => {
      worker.removeEventListener('message', keep);
      worker.removeEventListener('error', keep);
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      // After the caller's synchronous subscribe, before any later message (a task).
      queueMicrotask(() => {
        for (const event of early.splice(0))
          if (event instanceof MessageEvent) onMessage(event as MessageEvent<WorkerEvent>);
          else onError(event as ErrorEvent);
      });
    },
  };
}

let prestarted: Spawned | null = null;

/**
 * Starts the training worker and its dataset download before the page's own code has loaded
 * (src/ui/trainer/prestart.ts, a script of its own): on a first visit the download is the
 * longest wait, so every millisecond before it starts is added to it. The next
 * `startTrainerWorker` adopts the worker.
 * @param manifestUrl Absolute, as `init`'s.
 */
export function prestartTrainerWorker(manifestUrl: string): void {
  if (prestarted) return;
  prestarted = spawn();
  prestarted.worker.postMessage({ type: 'prefetch-dataset', manifestUrl } satisfies Command);
}

/**
 * @param onDeath Called once if the worker ends without `terminate()` (crash, out of memory,
 *   self-closed). Detected through a Web Lock the worker holds while it lives (see
 *   trainer.worker.ts): the page's request for the same lock is granted only when it is gone.
 */
export function startTrainerWorker(onDeath?: () => void): TrainerClient {
  const spawned = prestarted ?? spawn();
  prestarted = null;
  const { worker, lockName } = spawned;
  const listeners = new Set<(event: WorkerEvent) => void>();
  const watch = new AbortController();
  let ended = false;
  spawned.adopt(
    (event) => {
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
    },
    (event) => {
      const message = event.message || 'the worker script failed to load';
      for (const listener of listeners)
        listener({ type: 'error', code: 'protocol', message: `The training worker crashed: ${message}` });
    },
  );
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
