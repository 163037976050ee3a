/**
 * Message types for checkpoints, resume, faults and model files. protocol.ts
 * unions them into Command and WorkerEvent; they live here to keep that file readable.
 */
import type { BackendName } from '../backend/choose';
import type { RunHistory } from '../train/history';

/** What the UI shows about a stored checkpoint. */
export interface CheckpointSummary {
  /** Epochs fully trained and evaluated. */
  epochsDone: number;
  epochs: number;
  /** The epoch in progress (1-based; `epochs + 1` when the run is complete) and batches done in it. */
  epoch: number;
  batchesDone: number;
  batchesPerEpoch: number;
  batchSize: number;
  trainCount: number;
  testCount: number;
  seed: number;
  /** ms since 1970. */
  savedAt: number;
  /** Backend that wrote it. */
  backend: string;
}

/** The fault a test hook injects (only with `?hooks=1`). */
export type TestFault = 'kill-worker' | 'lose-device' | 'nan' | 'quota';

/** One file the user picked or dropped, as bytes: parsed as data, never run. */
export interface ImportedFile {
  name: string;
  bytes: ArrayBuffer;
}

export type RecoveryCommand =
  /** Stop after writing a checkpoint at the current batch. */
  | { type: 'pause' }
  /**
   * Continue the stored checkpoint's run on the current backend. `orStartOver`: after a
   * crash with no checkpoint yet, start the run again instead of reporting that none exists.
   */
  | { type: 'resume'; orStartOver?: boolean }
  /** Delete the stored checkpoint (Start over). */
  | { type: 'discard-checkpoint' }
  /** Serialise the current model as model.json + weights.bin. */
  | { type: 'export-model' }
  /** Validate and load a model.json + weights.bin pair in place of the current model. */
  | { type: 'import-model'; files: ImportedFile[] }
  /** Evaluate the current model on the test images. */
  | { type: 'evaluate' }
  | { type: 'test-fault'; fault: TestFault }
  /** Test hook: the current model's prediction for the first `count` test images. */
  | { type: 'test-predictions'; count: number };

export type RecoveryErrorCode = 'checkpoint' | 'import' | 'export';

export type RecoveryEvent =
  /** The worker holds the Web Lock named after it: the UI can now watch for its death. */
  | { type: 'worker-alive' }
  /** After ready: the stored checkpoint, or null when there is none. */
  | { type: 'checkpoint-found'; checkpoint: CheckpointSummary | null }
  | { type: 'checkpoint-saved'; checkpoint: CheckpointSummary; ms: number; bytes: number }
  /** A checkpoint could not be written (storage full, …); training goes on. */
  | { type: 'checkpoint-failed'; message: string }
  /** A run continues from a checkpoint: the charts get its history back. */
  | {
      type: 'restored';
      checkpoint: CheckpointSummary;
      history: RunHistory;
      backend: BackendName;
    }
  /** The GPU device went away; the UI restarts the worker on the next backend. */
  /** The GPU device went away; `training`: a run was in progress, so the new worker resumes it. */
  | { type: 'device-lost'; backend: BackendName; message: string; training: boolean }
  | { type: 'model-export'; modelJson: string; weights: ArrayBuffer }
  | { type: 'model-imported'; name: string; parameters: number }
  | { type: 'model-evaluated'; testCount: number; loss: number; accuracy: number; imported: boolean }
  | { type: 'test-predictions'; predicted: Int32Array; probabilities: Float32Array };
