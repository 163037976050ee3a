/**
 * A queue that keeps only the newest job. Drawing sends a request per animation frame;
 * when one is being computed, the ones that arrive meanwhile replace each other, so the
 * worker answers the newest drawing instead of working through a backlog.
 */
export function createLatestQueue<T>(run: (job: T) => Promise<void>): { push(job: T): Promise<void> } {
  let pending: { job: T } | null = null;
  let running = false;
  return {
    async push(job) {
      pending = { job };
      if (running) return;
      running = true;
      try {
        while (pending) {
          const next: { job: T } = pending;
          pending = null;
          await run(next.job);
        }
      } finally {
        running = false;
      }
    },
  };
}
