/**
 * The UI's view of the worker preparing the backend for the next run (compiling its
 * programs before Train), as a reducer slice over `preparation` events.
 */
import type { BackendName, PrepareMode, WorkerEvent } from '../../worker/protocol';

export interface PreparationView {
  backend: BackendName;
  stage: 'compiling' | 'warming' | 'done' | 'failed';
  /** Programs compiled so far of those the run needs (compiling), or 0 of 0 before that is known. */
  done: number;
  total: number;
  mode: PrepareMode | null;
  /** Programs compiled by the preparation; null where the backend has none. */
  programs: number | null;
  ms: number | null;
  message: string | null;
  /** Once a run's first step has finished: the programs it still compiled itself. */
  compiledByFirstStep: number | null;
}

type PreparationEvent = Extract<WorkerEvent, { type: 'preparation' }>;

const fresh = (backend: BackendName): PreparationView => ({
  backend,
  stage: 'compiling',
  done: 0,
  total: 0,
  mode: null,
  programs: null,
  ms: null,
  message: null,
  compiledByFirstStep: null,
});

export function preparationEvent(view: PreparationView | null, event: PreparationEvent): PreparationView {
  // A new preparation (or a new backend) starts from nothing; 'used' and the end stages continue one.
  const current = view && view.backend === event.backend ? view : fresh(event.backend);
  switch (event.stage) {
    case 'compiling':
      return {
        ...(current.stage === 'compiling' ? current : fresh(event.backend)),
        done: event.done,
        total: event.total,
      };
    case 'warming':
      // After compiling, the same preparation goes on; otherwise (WASM) it starts here.
      return { ...(current.stage === 'compiling' ? current : fresh(event.backend)), stage: 'warming' };
    case 'done':
      return { ...current, stage: 'done', mode: event.mode, programs: event.programs, ms: event.ms };
    case 'failed':
      return { ...current, stage: 'failed', message: event.message };
    case 'used':
      return { ...current, compiledByFirstStep: event.compiledByFirstStep };
    default:
      return event satisfies never;
  }
}

/** Whether the worker is still preparing (Train clicked now waits for it). */
export function isPreparing(view: PreparationView | null): boolean {
  return view !== null && (view.stage === 'compiling' || view.stage === 'warming');
}
