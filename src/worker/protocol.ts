/**
 * Every message that crosses the thread boundary. The UI sends commands; the worker owns
 * the model, the data and the training state, and answers with events (PROXX style).
 * Per-batch and per-epoch events carry only the new point, never a history.
 */
import type { BackendAttempt, BackendChoice, BackendName } from '../backend/choose';
import type { BatchReport, EpochReport } from '../train/loop';
import type { TrainSettings } from '../shared/settings';
import type { RunSpec } from '../shared/recipe';
import type { Evaluation, FeatureLayer, GalleryFilter, GalleryPage, ModelSummary, SpeedFigures } from './insights';
import type { BenchRequest, BenchResult, MeasureRequest } from './bench-types';
import type { PrepareMode } from '../train/prepare';
import type { CandidateResult } from '../backend/decision';
import type { RecoveryCommand, RecoveryErrorCode, RecoveryEvent } from './recoveryProtocol';
import type { DigitsCommand, DigitsErrorCode, DigitsEvent } from './digitsProtocol';

export type {
  BackendAttempt,
  BackendChoice,
  BackendName,
  BatchReport,
  CandidateResult,
  EpochReport,
  PrepareMode,
  RunSpec,
};
export type * from './insights';
export type * from './bench-types';
export type * from './recoveryProtocol';
export type * from './digitsProtocol';

/** UI → worker. */
export type Command =
  /**
   * Start downloading the dataset now, before `init` (sent the moment the worker starts, while
   * the page renders): the worker's entry starts it and `init` with the same URL takes it over.
   */
  | { type: 'prefetch-dataset'; manifestUrl: string }
  /** Load the dataset and start a backend. `manifestUrl` is absolute (workers resolve relative URLs against their own script). */
  | {
      type: 'init';
      settings: TrainSettings;
      manifestUrl: string;
      /** Backends not to use: set when a restarted worker follows a lost GPU device. */
      excludeBackends?: BackendName[];
      /** `backend=auto` only: measure the candidates even if a decision is stored ("Measure again"). */
      remeasure?: boolean;
      /** Test hook, honoured with `?hooks=1` only: these candidates' smoke tests are made to fail. */
      testSabotageSmokeTest?: BackendName[];
    }
  /** Train a fresh model: `run`'s architecture and recipe, or the init settings' when absent. */
  | { type: 'train'; run?: RunSpec }
  /** The editor's configuration changed: compile its training step now, before Train (ignored while training). */
  | { type: 'prepare'; run: RunSpec }
  /**
   * Train each run in turn on the same data with the same seed (the init settings' seed, or one
   * drawn once for all of them), for the compare view. Stop ends the comparison.
   */
  | { type: 'compare'; runs: RunSpec[] }
  | { type: 'stop' }
  /** Classify one drawing: 784 floats 0–1, row-major 28×28. `id` pairs the answer with the request. */
  | { type: 'predict'; id: number; pixels: Float32Array }
  /** Activations of the drawing after the first conv, each dense block and each transition. */
  | { type: 'features'; id: number; pixels: Float32Array }
  /** A page of the last evaluation's test images matching `filter`, worst first. */
  | { type: 'gallery'; filter: GalleryFilter; offset: number; limit: number }
  /** Sent by the training worker to a throwaway copy of itself: time the real step on exactly this backend (choice.ts). */
  | ({ type: 'measure-backend' } & MeasureRequest)
  /** Benchmark only (bench.html, `npm run bench`): time training steps on exactly this backend. */
  | ({ type: 'bench' } & BenchRequest)
  | RecoveryCommand
  | DigitsCommand;

export type Phase = 'starting' | 'loading-data' | 'starting-backend' | 'ready' | 'training' | 'failed';

/** What went wrong, for messages and tests. */
export type ErrorCode =
  | 'dataset'
  | 'backend'
  | 'training'
  | 'non-finite-loss'
  | 'predict'
  | 'gallery'
  | 'protocol'
  | 'bench'
  | RecoveryErrorCode
  | DigitsErrorCode;

/** Worker → UI. */
export type WorkerEvent =
  | { type: 'phase'; phase: Phase; detail: string }
  | { type: 'data-progress'; loadedBytes: number; totalBytes: number }
  | ({ type: 'backend' } & BackendChoice)
  | {
      type: 'ready';
      trainCount: number;
      testCount: number;
      parameters: { total: number; trainable: number; nonTrainable: number };
      /** Bytes the dataset tensors hold on the device, and how pixels are packed there. */
      datasetDeviceBytes: number;
      bytesPerValue: number;
      /** tf.memory().numBytes after the upload (includes the model's weights). */
      tensorBytes: number;
      /** What the backend reports as allocated on the GPU (tf.memory().numBytesInGPU); null on cpu. */
      gpuBytes: number | null;
      loadMs: number;
      summary: ModelSummary;
    }
  /** The network was rebuilt for another architecture: its parameters and summary replace the `ready` ones. */
  | {
      type: 'model';
      run: RunSpec;
      parameters: { total: number; trainable: number; nonTrainable: number };
      summary: ModelSummary;
    }
  | {
      type: 'train-started';
      epochs: number;
      batchesPerEpoch: number;
      batchSize: number;
      trainCount: number;
      testCount: number;
      seed: number;
      run: RunSpec;
    }
  /** A comparison begins; each run's `compare-run` is followed by its own model/train-started/batch/epoch events. */
  | { type: 'compare-started'; runs: RunSpec[]; seed: number }
  | { type: 'compare-run'; index: number }
  /** `failed` when a run ended with an error (its error event came first). */
  | { type: 'compare-finished'; outcome: 'completed' | 'stopped' | 'failed'; runsDone: number }
  | ({ type: 'batch' } & BatchReport & SpeedFigures)
  | ({ type: 'epoch' } & EpochReport)
  | ({ type: 'evaluation' } & Evaluation)
  | ({ type: 'gallery-page' } & GalleryPage)
  | { type: 'features'; id: number; layers: FeatureLayer[] }
  | { type: 'train-finished'; outcome: 'completed' | 'stopped'; epochsDone: number; elapsedMs: number }
  | { type: 'prediction'; id: number; probabilities: Float32Array; trained: boolean }
  | { type: 'error'; code: ErrorCode; message: string }
  /** Benchmark progress, one line of text, and the result (`skipped` when the backend cannot start). */
  | { type: 'bench-progress'; message: string }
  | { type: 'bench-result'; result: BenchResult }
  | ({ type: 'preparation'; backend: BackendName } & PreparationStage)
  /** A candidate backend being measured (by the throwaway worker, relayed by the training worker with the time it may take). */
  | {
      type: 'measure-progress';
      backend: BackendName;
      stage: 'starting' | 'compiling' | 'warming' | 'timing';
      done?: number;
      total?: number;
      /** Relayed only: ms since this candidate started, and the most it may take. */
      elapsedMs?: number;
      budgetMs?: number;
    }
  | { type: 'measure-result'; result: CandidateResult }
  | RecoveryEvent
  | DigitsEvent;

/**
 * Preparing the backend for the next run (src/worker/preparation.ts): programs compiled so
 * far of those the run needs; a real step on scratch copies; the outcome; and once a run's
 * first step has finished, how many programs it still had to compile itself.
 */
export type PreparationStage =
  | { stage: 'compiling'; done: number; total: number }
  | { stage: 'warming' }
  | {
      stage: 'done';
      mode: PrepareMode;
      /** Programs compiled in compile-only mode (null where the backend has none). */
      programs: number | null;
      /** Programs the scratch step still compiled. */
      compiledByRealStep: number | null;
      ms: number;
      /** Distinct programs the backend holds now; null off WebGL/WebGPU. */
      totalPrograms: number | null;
    }
  | { stage: 'failed'; message: string }
  | { stage: 'used'; compiledByFirstStep: number | null };

export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;
