/**
 * The reducer slice for checkpoints, resume, faults and model files. state.ts
 * delegates these worker events and UI actions here; like it, a pure function.
 */
import type { CheckpointSummary, WorkerEvent } from '../../worker/protocol';

export interface Notice {
  /** What kind of recovery it reports, for tests and styling. */
  kind: 'worker-restarted' | 'device-lost' | 'resumed' | 'checkpoint-failed' | 'gave-up';
  message: string;
}

export interface RecoveryState {
  /** A checkpoint found at load, offered as Resume / Start over until one is chosen. */
  offer: CheckpointSummary | null;
  /** The newest checkpoint stored (found or written): what Resume continues. */
  latest: CheckpointSummary | null;
  /** Timing of the newest write: ms from reading the weights to the committed IndexedDB transaction. */
  lastSave: { ms: number; bytes: number } | null;
  notices: Notice[];
  /** The worker is being restarted and will resume by itself: no offer to show. */
  autoResume: boolean;
  imported: { name: string; parameters: number } | null;
  evaluation: { testCount: number; loss: number; accuracy: number; imported: boolean } | null;
  /** Set while an import is being validated. */
  importing: boolean;
  /** Bumped when the weights change outside training (import, restore): the pad re-classifies. */
  modelVersion: number;
}

export type RecoveryAction =
  { type: 'notice'; notice: Notice; autoResume: boolean } | { type: 'offer-declined' } | { type: 'import-requested' };

export type RecoveryEventType = Extract<
  WorkerEvent['type'],
  | 'worker-alive'
  | 'checkpoint-found'
  | 'checkpoint-saved'
  | 'checkpoint-failed'
  | 'restored'
  | 'device-lost'
  | 'model-export'
  | 'model-imported'
  | 'model-evaluated'
  | 'test-predictions'
>;

export function initialRecovery(): RecoveryState {
  return {
    offer: null,
    latest: null,
    lastSave: null,
    notices: [],
    autoResume: false,
    imported: null,
    evaluation: null,
    importing: false,
    modelVersion: 0,
  };
}

export function recoveryAction(state: RecoveryState, action: RecoveryAction): RecoveryState {
  switch (action.type) {
    case 'notice':
      return { ...state, notices: [...state.notices, action.notice], autoResume: action.autoResume, offer: null };
    case 'offer-declined':
      return { ...state, offer: null };
    case 'import-requested':
      return { ...state, importing: true };
    default:
      return assertNever(action);
  }
}

/** Applies one recovery event. Events with no effect on the UI state return it unchanged. */
export function recoveryEvent(
  state: RecoveryState,
  event: Extract<WorkerEvent, { type: RecoveryEventType }>,
): RecoveryState {
  switch (event.type) {
    case 'checkpoint-found':
      return { ...state, latest: event.checkpoint, offer: state.autoResume ? null : runLeft(event.checkpoint) };
    case 'checkpoint-saved':
      return { ...state, latest: event.checkpoint, lastSave: { ms: event.ms, bytes: event.bytes } };
    case 'checkpoint-failed':
      return { ...state, notices: [...state.notices, { kind: 'checkpoint-failed', message: event.message }] };
    case 'restored': {
      const { checkpoint: c } = event;
      const where =
        c.batchesDone === 0 ? `the end of epoch ${c.epoch - 1}` : `epoch ${c.epoch}, batch ${c.batchesDone}`;
      const message = `Resumed from the checkpoint at ${where} (saved on ${c.backend}), now training on ${event.backend}.`;
      return {
        ...state,
        offer: null,
        autoResume: false,
        latest: c,
        imported: null,
        modelVersion: state.modelVersion + 1,
        notices: [...state.notices, { kind: 'resumed', message }],
      };
    }
    case 'model-imported':
      return {
        ...state,
        importing: false,
        imported: { name: event.name, parameters: event.parameters },
        evaluation: null,
        modelVersion: state.modelVersion + 1,
      };
    case 'model-evaluated': {
      const { type: _type, ...evaluation } = event;
      return { ...state, evaluation };
    }
    case 'worker-alive':
    case 'device-lost':
    case 'model-export':
    case 'test-predictions':
      // Handled by the hook (restarts, downloads, test hooks); nothing to show from here.
      return state;
    default:
      return assertNever(event);
  }
}

/** A checkpoint worth offering: one with training left to do. */
function runLeft(checkpoint: CheckpointSummary | null): CheckpointSummary | null {
  return checkpoint && checkpoint.epoch <= checkpoint.epochs ? checkpoint : null;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled ${JSON.stringify(value)}`);
}
