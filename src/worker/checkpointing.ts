/**
 * When and how the worker writes checkpoints, and what it tells the UI about them: a
 * checkpoint is due every `checkpointSeconds` within an epoch and when a run is stopped or
 * paused (the loop also writes one after every epoch). A failed write (storage full, …) is a
 * warning and training goes on; NaN weights are never written, so the last good checkpoint stays.
 */
import type * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../backend/choose';
import type { DenseNet } from '../model/densenet';
import { captureCheckpoint, checkpointBytes, type CheckpointRecord } from '../train/checkpoint';
import type { CheckpointStore } from '../train/checkpointStore';
import type { RunHistory } from '../train/history';
import type { FineTuneState } from '../train/fineTune';
import type { RunPosition, TrainConfig } from '../train/loop';
import type { CheckpointSummary, Post } from './protocol';

/** What a write needs besides the optimizer and the position. */
export interface RunContext {
  net: DenseNet;
  run: TrainConfig;
  history: RunHistory;
  backend: string;
  /** Training wall time so far, ms. */
  elapsedMs(): number;
  /** Set while fine-tuning: written into the record. */
  fineTune?: FineTuneState;
}

export class Checkpointer {
  private lastWrite = performance.now();
  /** Test hook: the next save fails as if the storage quota were exceeded. */
  failNextSave = false;
  /** The newest checkpoint written or found, for messages. */
  latest: CheckpointSummary | null = null;

  constructor(
    private readonly store: CheckpointStore,
    private readonly intervalMs: number,
  ) {}

  /** Restarts the interval (a run begins). */
  startInterval(): void {
    this.lastWrite = performance.now();
  }

  due(stopping: boolean): boolean {
    return stopping || performance.now() - this.lastWrite >= this.intervalMs;
  }

  /** Writes a checkpoint; storage failures become a warning. NonFiniteWeightsError propagates. */
  async write(context: RunContext, optimizer: tf.Optimizer, position: RunPosition, post: Post): Promise<void> {
    this.lastWrite = performance.now();
    const started = performance.now();
    const record = await captureCheckpoint(context.net, optimizer, {
      run: context.run,
      position,
      history: context.history,
      backend: context.backend,
      elapsedMs: context.elapsedMs(),
      ...(context.fineTune ? { fineTune: context.fineTune } : {}),
    });
    try {
      if (this.failNextSave) {
        this.failNextSave = false;
        throw new DOMException('The quota has been exceeded (test hook).', 'QuotaExceededError');
      }
      await this.store.save(record);
    } catch (error) {
      const kind =
        error instanceof DOMException && error.name === 'QuotaExceededError'
          ? 'the browser storage is full'
          : errorMessage(error);
      const kept = this.latest
        ? `the previous one (${describeCheckpoint(this.latest)}) is kept`
        : 'there is no earlier one';
      post({
        type: 'checkpoint-failed',
        message: `A checkpoint could not be saved (${kind}); ${kept}. Training continues.`,
      });
      return;
    }
    this.latest = summarize(record);
    post({
      type: 'checkpoint-saved',
      checkpoint: this.latest,
      ms: performance.now() - started,
      bytes: checkpointBytes(record),
    });
  }

  /** The stored checkpoint, or null; an unreadable one is reported and treated as absent. */
  async load(post: Post): Promise<CheckpointRecord | null> {
    try {
      const record = await this.store.load();
      this.latest = record ? summarize(record) : null;
      return record;
    } catch (error) {
      post({
        type: 'checkpoint-failed',
        message: `A stored checkpoint could not be read (${errorMessage(error)}); the next checkpoint replaces it.`,
      });
      return null;
    }
  }

  async clear(post: Post): Promise<void> {
    this.latest = null;
    try {
      await this.store.clear();
    } catch (error) {
      post({
        type: 'error',
        code: 'checkpoint',
        message: `The old checkpoint could not be deleted: ${errorMessage(error)}`,
      });
    }
  }
}

export function summarize(record: CheckpointRecord): CheckpointSummary {
  const { run, position } = record;
  return {
    epochsDone: position.epoch - 1,
    epochs: run.epochs,
    epoch: position.epoch,
    batchesDone: position.batchesDone,
    batchesPerEpoch: Math.floor(run.trainCount / run.batchSize),
    batchSize: run.batchSize,
    trainCount: run.trainCount,
    testCount: run.testCount,
    seed: run.seed,
    savedAt: record.savedAt,
    backend: record.backend,
    ...(record.fineTune
      ? { fineTune: { stepsDone: record.fineTune.stepsDone, steps: record.fineTune.config.steps } }
      : {}),
  };
}

/** "epoch 2, batch 3" or "after epoch 1" — the same words the UI uses. */
export function describeCheckpoint(summary: CheckpointSummary): string {
  if (summary.fineTune) return `Teach step ${summary.fineTune.stepsDone} of ${summary.fineTune.steps}`;
  if (summary.epoch > summary.epochs) return `the finished run, ${summary.epochs} epochs`;
  return summary.batchesDone === 0
    ? `after epoch ${summary.epochsDone}`
    : `epoch ${summary.epoch}, batch ${summary.batchesDone}`;
}
