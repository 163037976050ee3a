/**
 * What each panel reads from the trainer state. App calls these and passes the result as
 * props, so a panel's props name exactly what it shows and it re-renders for nothing else
 * it could have read. Pure functions of the state, like the reducer.
 */
import type { TrainSettings } from '../../shared/settings';
import type { RunSpec } from '../../shared/recipe';
import type { BackendName, CheckpointSummary, Phase } from '../../worker/protocol';
import { hasWorkLeft, type Notice, type RecoveryState } from './recoveryState';
import type { TrainerState } from './state';

/** Errors, the fallback from a requested backend, and URL warnings. */
export interface MessagesView {
  errors: TrainerState['errors'];
  /** `?backend=` named one that could not start: why, and which backend runs instead. */
  backendFallback: { reason: string; backend: BackendName } | null;
  settingsProblems: string[];
}

export function messagesView(state: TrainerState): MessagesView {
  const { backend } = state;
  return {
    errors: state.errors,
    backendFallback: backend?.requestedFailure ? { reason: backend.requestedFailure, backend: backend.backend } : null,
    settingsProblems: state.settingsProblems,
  };
}

/** Where loading and training stand. */
export interface ProgressView {
  phase: Phase;
  phaseDetail: string;
  /** Bytes of the dataset downloaded so far; null once the worker is ready (or before the download). */
  download: { loadedBytes: number; totalBytes: number } | null;
  /** The run in progress (or last run): null before the first Train. */
  run: { epochs: number; batchesPerEpoch: number } | null;
  /** The newest batch report: epoch and batch 1-based, ETA in seconds. */
  latestBatch: { epoch: number; batch: number; imagesPerSecond: number; etaSeconds: number } | null;
  epochsDone: number;
  finished: TrainerState['finished'];
  /** How long after Train the first batch report arrived, in ms. */
  msToFirstBatch: number | null;
  /** Fraction of the run's batches done, 0–1. */
  fractionDone: number;
}

export function progressView(state: TrainerState): ProgressView {
  const { run, latestBatch } = state;
  return {
    phase: state.phase,
    phaseDetail: state.phaseDetail,
    download: state.ready ? null : state.dataProgress,
    run: run && { epochs: run.epochs, batchesPerEpoch: run.batchesPerEpoch },
    latestBatch: latestBatch && {
      epoch: latestBatch.epoch,
      batch: latestBatch.batch,
      imagesPerSecond: latestBatch.imagesPerSecond,
      etaSeconds: latestBatch.etaSeconds,
    },
    epochsDone: state.epochs.length,
    finished: state.finished,
    msToFirstBatch: state.msToFirstBatch,
    fractionDone: fractionDone(state),
  };
}

/** Fraction of the run's batches done, 0–1: finished epochs plus the batches of the one in progress. */
export function fractionDone({ run, latestBatch, epochs, finished }: TrainerState): number {
  if (!run) return 0;
  if (finished?.outcome === 'completed') return 1;
  const batchesDone =
    epochs.length * run.batchesPerEpoch + (latestBatch && latestBatch.epoch > epochs.length ? latestBatch.batch : 0);
  return Math.min(1, batchesDone / (run.epochs * run.batchesPerEpoch));
}

/** Sizes of what the worker loaded, in bytes, and how long the load took. */
export interface DatasetMemory {
  datasetDeviceBytes: number;
  /** Pixels packed into one float32 on the device (1 or 4). */
  bytesPerValue: number;
  tensorBytes: number;
  gpuBytes: number | null;
  loadMs: number;
}

/** Train / Stop and the one-line description of the run. */
export interface TrainingControlsView {
  /** The worker is ready, nothing is training and the editor's configuration is valid. */
  canTrain: boolean;
  training: boolean;
  /** A run has finished an epoch or ended: the button says "Train again". */
  trainedBefore: boolean;
  /** The run in progress while training, else what Train would start; null while the editor has problems. */
  shown: RunSpec | null;
  /** Parameters of the network built for `shown`; null when that network is not built yet. */
  parameters: number | null;
  trainCount: number;
  testCount: number;
  batchSize: number;
  epochs: number;
  /** Null until the worker is ready. */
  memory: DatasetMemory | null;
}

/** `run`: what Train would start (the editor's configuration), null while it has problems. */
export function trainingControlsView(
  state: TrainerState,
  settings: TrainSettings,
  run: RunSpec | null,
): TrainingControlsView {
  const { ready } = state;
  const training = state.phase === 'training';
  const shown = (training ? state.run?.run : null) ?? run;
  // The network's size is known once it is built: for the run in progress, or the one ready to train.
  const builtModel = state.run?.run.model ?? settings.run.model;
  const built = ready && shown && (training || JSON.stringify(builtModel) === JSON.stringify(shown.model));
  return {
    // Not twice: a run asked for while the backend is prepared waits for it (runPending).
    canTrain: ready !== null && !training && run !== null && !state.runPending,
    training,
    trainedBefore: state.epochs.length > 0 || state.finished !== null,
    shown,
    parameters: built ? ready.parameters.total : null,
    trainCount: ready?.trainCount ?? settings.trainCount,
    testCount: ready?.testCount ?? settings.testCount,
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    memory: ready && {
      datasetDeviceBytes: ready.datasetDeviceBytes,
      bytesPerValue: ready.bytesPerValue,
      tensorBytes: ready.tensorBytes,
      gpuBytes: ready.gpuBytes,
      loadMs: ready.loadMs,
    },
  };
}

/** The resume offer, Pause / Resume, the newest checkpoint and recovery notices. */
export interface CheckpointView {
  /** A run found at load, offered until Resume or Start over; hidden while training. */
  offer: CheckpointSummary | null;
  latest: CheckpointSummary | null;
  lastSave: RecoveryState['lastSave'];
  notices: Notice[];
  /** The worker is ready: the offer's buttons work. */
  workerReady: boolean;
  canPause: boolean;
  /** Ready, not training, and a checkpoint with epochs left to train. */
  canResume: boolean;
}

export function checkpointView(state: TrainerState): CheckpointView {
  const { offer, latest, lastSave, notices } = state.recovery;
  const training = state.phase === 'training';
  return {
    offer: training ? null : offer,
    latest,
    lastSave,
    notices,
    workerReady: state.ready !== null,
    canPause: training,
    canResume: state.ready !== null && !training && latest !== null && hasWorkLeft(latest),
  };
}

/** Export, import and evaluate. */
export interface ModelFilesView {
  /** Ready and not training: the buttons work. */
  idle: boolean;
  importing: boolean;
  imported: RecoveryState['imported'];
  evaluation: RecoveryState['evaluation'];
}

export function modelFilesView(state: TrainerState): ModelFilesView {
  const { imported, evaluation, importing } = state.recovery;
  return { idle: state.ready !== null && state.phase !== 'training', importing, imported, evaluation };
}
