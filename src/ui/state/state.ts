/**
 * UI state as a pure reducer over worker events (plus the few things the UI itself does).
 * Events carry new points only; the reducer appends them, thinning the per-batch series so
 * a long run never makes the chart redraw thousands of points.
 */
import { comparisonEvent, type Comparison } from './comparison';
import { initialYourDigits, yourDigitsEvent, type YourDigitsState } from './yourDigits';
import { preparationEvent, type PreparationView } from './preparationState';
import { measuringEvent, type MeasuringView } from './measuringState';
import {
  initialRecovery,
  recoveryAction,
  recoveryEvent,
  type RecoveryAction,
  type RecoveryState,
} from './recoveryState';
import type {
  BackendChoice,
  BatchReport,
  EpochReport,
  ErrorCode,
  Evaluation,
  FeatureLayer,
  GalleryFilter,
  GalleryPage,
  Phase,
  RunSpec,
  SpeedFigures,
  WorkerEvent,
} from '../../worker/protocol';

export interface BatchPoint {
  /** Fractional epoch: 1.5 is halfway through the second epoch. */
  epoch: number;
  loss: number;
  /** Training throughput at this report. */
  imagesPerSecond: number;
}

export interface RunInfo {
  epochs: number;
  batchesPerEpoch: number;
  batchSize: number;
  trainCount: number;
  testCount: number;
  seed: number;
  /** The architecture and recipe being trained. */
  run: RunSpec;
}

export interface TrainerState {
  phase: Phase;
  phaseDetail: string;
  /** Problems with the URL parameters, shown as warnings; defaults were used instead. */
  settingsProblems: string[];
  dataProgress: { loadedBytes: number; totalBytes: number } | null;
  backend: BackendChoice | null;
  ready: Extract<WorkerEvent, { type: 'ready' }> | null;
  run: RunInfo | null;
  latestBatch: (BatchReport & SpeedFigures) | null;
  batchPoints: BatchPoint[];
  epochs: EpochReport[];
  finished: { outcome: 'completed' | 'stopped'; epochsDone: number; elapsedMs: number } | null;
  errors: { code: ErrorCode; message: string }[];
  prediction: { id: number; probabilities: number[]; trained: boolean } | null;
  /** The newest epoch's confusion matrix and per-class metrics. */
  evaluation: Evaluation | null;
  /** The gallery being shown: the filter asked for, and the page once it arrives. */
  gallery: { filter: GalleryFilter; page: GalleryPage | null } | null;
  /** Activations of the current drawing; null when the pad is empty. */
  features: { id: number; layers: FeatureLayer[] } | null;
  /** Prediction replies with a smaller id answer a drawing that has since been cleared. */
  minPredictionId: number;
  /** The newest prediction request's id: `prediction` is current when it has this id. */
  predictionRequested: number;
  /** When Train was clicked (ms, performance.now) and how long until the first batch report. */
  trainRequestedAt: number | null;
  msToFirstBatch: number | null;
  /** Checkpoints, resume, faults and model files. */
  recovery: RecoveryState;
  /** The compare view's runs; null until a comparison starts. */
  comparison: Comparison | null;
  /** Your digits and the latest Teach. */
  yourDigits: YourDigitsState;
  /** The worker compiling the next run's programs ahead of Train; null before it starts (and on the CPU backend). */
  preparation: PreparationView | null;
  /** Train (or Resume, or Compare) was clicked and the run has not started yet. */
  runPending: boolean;
  /** `backend=auto` measuring the candidates; null when it does not (a stored decision, `?backend=`). */
  measuring: MeasuringView | null;
}

export type Action =
  | { type: 'worker'; event: WorkerEvent; at: number }
  | { type: 'train-requested'; at: number }
  /** `nextPredictionId`: replies to requests sent before the clear are ignored. */
  | { type: 'drawing-cleared'; nextPredictionId: number }
  /** A drawing was sent for classification under `id`. */
  | { type: 'prediction-requested'; id: number }
  | { type: 'dismiss-error'; index: number }
  | { type: 'gallery-requested'; filter: GalleryFilter }
  | { type: 'gallery-closed' }
  /** The worker was restarted (Retry): everything but the URL warnings starts over. */
  | { type: 'reset' }
  | { type: 'recovery'; action: RecoveryAction };

/** Above this many points the batch series is halved (every other point kept). */
export const MAX_BATCH_POINTS = 600;

export function initialState(settingsProblems: string[] = []): TrainerState {
  return {
    phase: 'starting',
    phaseDetail: 'Starting the training worker…',
    settingsProblems,
    dataProgress: null,
    backend: null,
    ready: null,
    run: null,
    latestBatch: null,
    batchPoints: [],
    epochs: [],
    finished: null,
    errors: [],
    prediction: null,
    evaluation: null,
    gallery: null,
    features: null,
    minPredictionId: 0,
    predictionRequested: 0,
    trainRequestedAt: null,
    msToFirstBatch: null,
    recovery: initialRecovery(),
    comparison: null,
    yourDigits: initialYourDigits(),
    preparation: null,
    runPending: false,
    measuring: null,
  };
}

export function reducer(state: TrainerState, action: Action): TrainerState {
  switch (action.type) {
    case 'train-requested':
      return {
        ...state,
        trainRequestedAt: action.at,
        msToFirstBatch: null,
        runPending: true,
        errors: state.errors.filter((e) => e.code !== 'non-finite-loss' && e.code !== 'training'),
      };
    case 'prediction-requested':
      return { ...state, predictionRequested: action.id };
    case 'drawing-cleared':
      return { ...state, prediction: null, features: null, minPredictionId: action.nextPredictionId };
    case 'gallery-requested':
      return {
        ...state,
        gallery: {
          filter: action.filter,
          page: state.gallery && sameFilter(state.gallery.filter, action.filter) ? state.gallery.page : null,
        },
      };
    case 'gallery-closed':
      return { ...state, gallery: null };
    case 'reset':
      return { ...initialState(state.settingsProblems), minPredictionId: state.minPredictionId };
    case 'dismiss-error':
      return { ...state, errors: state.errors.filter((_, i) => i !== action.index) };
    case 'worker': {
      const next = applyEvent(state, action.event, action.at);
      const comparison = comparisonEvent(state.comparison, action.event);
      return comparison === next.comparison ? next : { ...next, comparison };
    }
    case 'recovery':
      return { ...state, recovery: recoveryAction(state.recovery, action.action) };
    default:
      return assertNever(action);
  }
}

function applyEvent(state: TrainerState, event: WorkerEvent, at: number): TrainerState {
  switch (event.type) {
    case 'phase':
      return { ...state, phase: event.phase, phaseDetail: event.detail };
    case 'data-progress':
      return { ...state, dataProgress: { loadedBytes: event.loadedBytes, totalBytes: event.totalBytes } };
    case 'backend': {
      const { type: _type, ...backend } = event;
      return { ...state, backend, measuring: state.measuring && { ...state.measuring, current: null } };
    }
    case 'ready':
      return { ...state, ready: event };
    case 'model':
      // The network was rebuilt for another architecture: its size and summary replace the first one's.
      return state.ready
        ? { ...state, ready: { ...state.ready, parameters: event.parameters, summary: event.summary } }
        : state;
    case 'compare-started':
    case 'compare-run':
    case 'compare-finished':
      // Handled by comparisonEvent.
      return state;
    case 'train-started': {
      const { type: _type, ...run } = event;
      return {
        ...state,
        run,
        runPending: false,
        latestBatch: null,
        batchPoints: [],
        epochs: [],
        finished: null,
        evaluation: null,
        gallery: null,
      };
    }
    case 'batch': {
      const { type: _type, ...report } = event;
      const point = {
        epoch: report.epoch - 1 + report.batch / report.batchesPerEpoch,
        loss: report.loss,
        imagesPerSecond: report.imagesPerSecond,
      };
      const firstBatch = state.msToFirstBatch === null && state.trainRequestedAt !== null;
      return {
        ...state,
        latestBatch: report,
        batchPoints: appendThinned(state.batchPoints, point),
        msToFirstBatch: firstBatch ? at - state.trainRequestedAt! : state.msToFirstBatch,
      };
    }
    case 'epoch': {
      const { type: _type, ...report } = event;
      return { ...state, epochs: [...state.epochs, report] };
    }
    case 'train-finished':
      return {
        ...state,
        runPending: false,
        finished: { outcome: event.outcome, epochsDone: event.epochsDone, elapsedMs: event.elapsedMs },
      };
    case 'prediction':
      // Replies can overtake each other only in theory; never let an older one win.
      if (event.id < state.minPredictionId || (state.prediction && event.id < state.prediction.id)) return state;
      return {
        ...state,
        prediction: { id: event.id, probabilities: Array.from(event.probabilities), trained: event.trained },
      };
    case 'evaluation': {
      const { type: _type, ...evaluation } = event;
      return { ...state, evaluation };
    }
    case 'gallery-page': {
      const { type: _type, ...page } = event;
      // Only the page for the filter on screen; a late answer to an earlier click is dropped.
      if (!state.gallery || !sameFilter(state.gallery.filter, page.filter)) return state;
      return { ...state, gallery: { filter: page.filter, page } };
    }
    case 'features':
      if (event.id < state.minPredictionId || (state.features && event.id < state.features.id)) return state;
      return { ...state, features: { id: event.id, layers: event.layers } };
    case 'preparation':
      return { ...state, preparation: preparationEvent(state.preparation, event) };
    case 'measure-progress':
    case 'measure-result':
      return { ...state, measuring: measuringEvent(state.measuring, event) };
    case 'error':
      return {
        ...state,
        runPending: false,
        errors: [...state.errors, { code: event.code, message: event.message }],
        recovery: event.code === 'import' ? { ...state.recovery, importing: false } : state.recovery,
      };
    case 'bench-progress':
    case 'bench-result':
      // Only bench.html asks for a benchmark; the app never sends the command.
      return state;
    case 'restored':
      // The charts continue the checkpoint's run: its epochs and batch points come back.
      return {
        ...state,
        epochs: event.history.epochs,
        batchPoints: event.history.batches,
        recovery: recoveryEvent(state.recovery, event),
      };
    case 'worker-alive':
    case 'checkpoint-found':
    case 'checkpoint-saved':
    case 'checkpoint-failed':
    case 'device-lost':
    case 'model-export':
    case 'model-imported':
    case 'model-evaluated':
    case 'test-predictions':
      return { ...state, recovery: recoveryEvent(state.recovery, event) };
    case 'your-digits':
    case 'digit-added':
    case 'digit-deleted':
    case 'digits-export':
    case 'digits-imported':
    case 'teach-started':
    case 'teach-progress':
    case 'teach-measured':
    case 'teach-finished':
      return { ...state, yourDigits: yourDigitsEvent(state.yourDigits, event) };
    default:
      return assertNever(event);
  }
}

export function sameFilter(a: GalleryFilter, b: GalleryFilter): boolean {
  return a.kind === 'misclassified'
    ? b.kind === 'misclassified'
    : b.kind === 'cell' && a.label === b.label && a.predicted === b.predicted;
}

function appendThinned(points: BatchPoint[], point: BatchPoint): BatchPoint[] {
  const next = [...points, point];
  return next.length > MAX_BATCH_POINTS ? next.filter((_, i) => i % 2 === 1 || i === next.length - 1) : next;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled ${JSON.stringify(value)}`);
}
