/**
 * The reducer slice for your digits and Teach. state.ts delegates these worker events here;
 * like it, a pure function.
 */
import type { FineTuneMeasure, FineTuneProgress, WorkerEvent, YourDigit } from '../../worker/protocol';

/** One Teach, from its start to its before/after figures. */
export interface TeachState {
  steps: number;
  /** Steps done when it started (a resumed fine-tune starts past 0). */
  startedAt: number;
  taught: number;
  heldOut: number;
  progress: FineTuneProgress | null;
  before: FineTuneMeasure | null;
  after: FineTuneMeasure | null;
  /** Null while it runs. */
  finished: { outcome: 'completed' | 'stopped' | 'failed'; stepsDone: number; trainMs: number; totalMs: number } | null;
}

export interface YourDigitsState {
  /** Oldest first. */
  digits: YourDigit[];
  teach: TeachState | null;
  lastImport: { name: string; added: number; duplicates: number } | null;
  /** Bumped whenever Teach has moved the weights: the pad re-classifies. */
  weightsVersion: number;
}

export type YourDigitsEventType = Extract<
  WorkerEvent['type'],
  | 'your-digits'
  | 'digit-added'
  | 'digit-deleted'
  | 'digits-export'
  | 'digits-imported'
  | 'teach-started'
  | 'teach-progress'
  | 'teach-measured'
  | 'teach-finished'
>;

export function initialYourDigits(): YourDigitsState {
  return { digits: [], teach: null, lastImport: null, weightsVersion: 0 };
}

export function yourDigitsEvent(
  state: YourDigitsState,
  event: Extract<WorkerEvent, { type: YourDigitsEventType }>,
): YourDigitsState {
  switch (event.type) {
    case 'your-digits':
      return { ...state, digits: event.digits };
    case 'digit-added':
      return { ...state, digits: [...state.digits, event.digit] };
    case 'digit-deleted':
      return { ...state, digits: state.digits.filter((digit) => digit.id !== event.id) };
    case 'digits-imported': {
      const { type: _type, ...lastImport } = event;
      return { ...state, lastImport };
    }
    case 'teach-started':
      return {
        ...state,
        teach: {
          steps: event.steps,
          startedAt: event.stepsDone,
          taught: event.taught,
          heldOut: event.heldOut,
          progress: null,
          before: null,
          after: null,
          finished: null,
        },
      };
    case 'teach-progress': {
      const { type: _type, ...progress } = event;
      return state.teach
        ? { ...state, teach: { ...state.teach, progress }, weightsVersion: state.weightsVersion + 1 }
        : state;
    }
    case 'teach-measured':
      return state.teach ? { ...state, teach: { ...state.teach, [event.stage]: event.measure } } : state;
    case 'teach-finished': {
      if (!state.teach) return state;
      const { outcome, stepsDone, trainMs, totalMs } = event;
      return {
        ...state,
        teach: { ...state.teach, finished: { outcome, stepsDone, trainMs, totalMs } },
        weightsVersion: state.weightsVersion + 1,
      };
    }
    case 'digits-export':
      // The hook turns it into a download; nothing to show from here.
      return state;
    default:
      return assertNever(event);
  }
}

/** Your digits grouped by class: ten lists, oldest first. */
export function digitsByClass(digits: readonly YourDigit[]): YourDigit[][] {
  const classes: YourDigit[][] = Array.from({ length: 10 }, () => []);
  for (const digit of digits) classes[digit.label]?.push(digit);
  return classes;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled ${JSON.stringify(value)}`);
}
