/**
 * Preparing the backend for the next run while the user is still reading the page
 * (src/train/prepare.ts does the work on scratch copies): after init, after a preset change
 * in the editor, after an import, and for the checkpoint a Resume would continue. Requests
 * are served one at a time, the newest last; one already prepared on this backend is not
 * repeated. Train, Resume and a comparison wait for the preparation in progress, so the run's
 * first step finds every program compiled; inference waits only while programs are half-made
 * (compile-only), because they cannot run until they are finished.
 */
import { errorMessage } from '../backend/choose';
import { compiledPrograms } from '../backend/programs';
import type { RunSpec } from '../shared/recipe';
import type { TrainConfig } from '../train/loop';
import { prepareMode, prepareRun, type PrepareTarget } from '../train/prepare';
import type { Post } from './protocol';
import { buildModel, type HandlerDeps, type Session } from './session';

/** What to prepare for: a run (its architecture, recipe and sizes), or the evaluation of the current (imported) model. */
export type PreparationRequest =
  { kind: 'run'; run: RunSpec; batchSize: number; testCount: number } | { kind: 'inference'; testCount: number };

/** The request for a fresh run of `run` with the session's sizes. */
export function runRequest(session: Session, run: RunSpec): PreparationRequest {
  const trainCount = Math.min(session.settings.trainCount, session.dataset.trainRows);
  return {
    kind: 'run',
    run,
    batchSize: Math.min(session.settings.batchSize, trainCount),
    testCount: Math.min(session.settings.testCount, session.dataset.testRows),
  };
}

/** The request for continuing a checkpointed run. */
export function resumeRequest(config: TrainConfig, run: RunSpec): PreparationRequest {
  return { kind: 'run', run, batchSize: config.batchSize, testCount: config.testCount };
}

/** Queues a preparation (see the file comment); the promise settles when it has ended. */
export function prepare(session: Session, deps: HandlerDeps, post: Post, request: PreparationRequest): Promise<void> {
  const key = stableKey([session.backend, request]);
  const state = session.preparation;
  if (key === state.lastKey) return state.done;
  state.lastKey = key;
  state.busy = true;
  // A request whose turn comes while a run trains or waits to start is dropped: the run
  // compiles what it still needs itself, and must not find programs half-made.
  const next = state.done.then(() =>
    session.training || session.runQueued ? undefined : run(session, deps, post, request),
  );
  state.done = next;
  void next.then(() => {
    if (state.done === next) state.busy = false;
  });
  return next;
}

/**
 * Starts a run (Train, Resume, a comparison) once the preparation in progress has ended, so
 * its first step finds the programs compiled; says so when it has to wait. The run counts as
 * queued from this call on (a second Train is refused, Stop cancels it), and `start` is
 * called in the same task that ends the wait, so nothing can slip in between.
 */
export function whenPrepared<T>(session: Session, post: Post, start: () => Promise<T>): Promise<T> {
  session.stopRequested = false;
  session.pausing = false;
  // Nothing to wait for: start in this very task, as if there were no preparation at all.
  if (!session.preparation.busy) return start();
  return waitThenStart(session, post, start);
}

async function waitThenStart<T>(session: Session, post: Post, start: () => Promise<T>): Promise<T> {
  session.runQueued = true;
  try {
    post({ type: 'phase', phase: 'ready', detail: 'Training starts as soon as the preparation ends…' });
    // Until nothing is left: a preparation queued behind the current one must not start later, mid-run.
    while (session.preparation.busy) await session.preparation.done;
  } finally {
    session.runQueued = false;
  }
  return start();
}

async function run(session: Session, deps: HandlerDeps, post: Post, request: PreparationRequest): Promise<void> {
  const { backend } = session;
  // The CPU backend compiles nothing: there is nothing to prepare or to report.
  if (prepareMode(backend) === 'none') return;
  let releaseRunnable = () => undefined as void;
  session.preparation.runnable = new Promise<void>((resolve) => (releaseRunnable = resolve));
  try {
    const report = await prepareRun(target(session, deps, request), (progress) => {
      if (progress.stage === 'warming') releaseRunnable();
      post({ type: 'preparation', backend, ...progress });
    });
    post({
      type: 'preparation',
      backend,
      stage: 'done',
      mode: report.mode,
      programs: report.programs,
      compiledByRealStep: report.compiledByRealStep,
      ms: report.ms,
      totalPrograms: compiledPrograms(),
    });
  } catch (error) {
    // Not fatal: the run's first step compiles whatever is missing.
    post({ type: 'preparation', backend, stage: 'failed', message: errorMessage(error) });
  } finally {
    releaseRunnable();
  }
}

function target(session: Session, deps: HandlerDeps, request: PreparationRequest): PrepareTarget {
  const common = { inferenceNet: session.net, dataset: session.dataset, testCount: request.testCount, predict: true };
  if (request.kind === 'inference')
    return { ...common, scratchNet: null, batchSize: 1, step: { learningRate: 1e-3, seed: 0 } };
  return {
    ...common,
    // A fixed seed: the scratch weights are thrown away, and no run's random stream is used.
    scratchNet: () => buildModel(request.run.model, deps, 0),
    batchSize: request.batchSize,
    step: { ...request.run.training, seed: 0 },
  };
}

/** JSON with object keys sorted, so equal requests built in different orders match. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}
