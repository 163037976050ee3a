/**
 * Test-only fault hooks, installed as `window.__trainerTest` only when the page was opened
 * with `?hooks=1` (never by default). The e2e suite uses them to kill the worker, lose the
 * WebGPU device, inject a NaN, fail a checkpoint write, read test-set predictions, and make
 * a backend fail its smoke test while backends are measured.
 */
import type { BackendName, Command, TestFault, WorkerEvent } from '../../worker/protocol';

export interface TrainerTestHooks {
  fault(fault: TestFault): void;
  /** From the next worker start on ("Measure again"), this candidate's smoke test fails while measuring. */
  sabotageSmokeTest(backend: BackendName): void;
  /** The current model's class and ten probabilities for each of the first `count` test images. */
  testPredictions(count: number): Promise<{ predicted: number[]; probabilities: number[] }>;
}

declare global {
  interface Window {
    __trainerTest?: TrainerTestHooks;
  }
}

export function installTestHooks(
  send: (command: Command) => void,
  subscribe: (listener: (event: WorkerEvent) => void) => () => void,
  sabotageSmokeTest: (backend: BackendName) => void,
): () => void {
  window.__trainerTest = {
    fault: (fault) => send({ type: 'test-fault', fault }),
    sabotageSmokeTest,
    testPredictions: (count) =>
      new Promise((resolve) => {
        const unsubscribe = subscribe((event) => {
          if (event.type !== 'test-predictions') return;
          unsubscribe();
          resolve({ predicted: Array.from(event.predicted), probabilities: Array.from(event.probabilities) });
        });
        send({ type: 'test-predictions', count });
      }),
  };
  return () => {
    delete window.__trainerTest;
  };
}
