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

export function startTrainerWorker(): TrainerClient {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  const listeners = new Set<(event: WorkerEvent) => void>();
  worker.addEventListener('message', (event: MessageEvent<WorkerEvent>) => {
    for (const listener of listeners) listener(event.data);
  });
  worker.addEventListener('error', (event) => {
    const message = event.message || 'the worker script failed to load';
    for (const listener of listeners) listener({ type: 'error', code: 'protocol', message: `The training worker crashed: ${message}` });
  });
  return {
    send: (command, transfer = []) => worker.postMessage(command, transfer),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
