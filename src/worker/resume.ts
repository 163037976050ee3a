/**
 * How a run starts: fresh (the old checkpoint is deleted, the history emptied) or from a
 * checkpoint (weights, Adam state, position and history restored into the session); and the
 * words for how it ended.
 */
import { errorMessage } from '../backend/choose';
import { NonFiniteWeightsError, restoreOptimizer, restoreWeights, type CheckpointRecord } from '../train/checkpoint';
import { emptyHistory, appendPoint } from '../train/history';
import {
  NonFiniteLossError,
  type BatchReport,
  type EpochReport,
  type ResumeFrom,
  type TrainConfig,
} from '../train/loop';
import { SEED_TRAINING, type RunSpec } from '../shared/recipe';
import { randomSeed } from '../train/random';
import { describeCheckpoint } from './checkpointing';
import type { Session } from './session';
import type { Post, WorkerEvent } from './protocol';

export interface RunPlan {
  config: TrainConfig;
  resume?: ResumeFrom;
  /** Epochs finished before this start (a resumed run counts the checkpoint's). */
  epochsDone: number;
  /** Training wall time before this start, ms. */
  elapsedBefore: number;
  from?: CheckpointRecord;
}

/** Prepares the session for a run; null (with an error posted) when the checkpoint does not fit. */
export async function startRun(
  session: Session,
  post: Post,
  from?: CheckpointRecord,
  run: RunSpec = session.settings.run,
  seed?: number,
): Promise<RunPlan | null> {
  if (!from) {
    // A new run replaces the old one: a reload must not offer to resume what the user abandoned.
    await session.checkpoints.clear(post);
    post({ type: 'checkpoint-found', checkpoint: null });
    session.history = emptyHistory();
    return { config: freshConfig(session, run, seed), epochsDone: 0, elapsedBefore: 0 };
  }
  try {
    const { run } = from;
    if (run.trainCount > session.dataset.trainRows || run.testCount > session.dataset.testRows) {
      throw new Error(
        `it needs ${run.trainCount} training and ${run.testCount} test images; the dataset has ${session.dataset.trainRows} and ${session.dataset.testRows}`,
      );
    }
    restoreWeights(session.net, from.model);
    const optimizer = await restoreOptimizer(from.optimizer);
    session.history = from.history;
    return {
      config: run,
      resume: { optimizer, position: from.position },
      epochsDone: from.position.epoch - 1,
      elapsedBefore: from.elapsedMs,
      from,
    };
  } catch (error) {
    post({
      type: 'error',
      code: 'checkpoint',
      message: `The checkpoint cannot be resumed (${errorMessage(error)}); Start over trains afresh.`,
    });
    return null;
  }
}

export function freshConfig({ settings, dataset }: Session, run: RunSpec, seed?: number): TrainConfig {
  const trainCount = Math.min(settings.trainCount, dataset.trainRows);
  return {
    epochs: settings.epochs,
    batchSize: Math.min(settings.batchSize, trainCount),
    trainCount,
    testCount: Math.min(settings.testCount, dataset.testRows),
    seed: seed ?? settings.seed ?? randomSeed(),
    ...run.training,
    model: run.model,
  };
}

/** The architecture and recipe of a run's config; a checkpoint from before presets existed is the seed's. */
export function runSpecOf(config: TrainConfig): RunSpec {
  return {
    model: config.model ?? { preset: 'seed' },
    training: {
      learningRate: config.learningRate,
      schedule: config.schedule ?? SEED_TRAINING.schedule,
      weightDecay: config.weightDecay ?? SEED_TRAINING.weightDecay,
      labelSmoothing: config.labelSmoothing ?? SEED_TRAINING.labelSmoothing,
      augment: config.augment ?? SEED_TRAINING.augment,
    },
  };
}

export function recordBatch(session: Session, report: BatchReport): void {
  const point = {
    epoch: report.epoch - 1 + report.batch / report.batchesPerEpoch,
    loss: report.loss,
    imagesPerSecond: report.imagesPerSecond,
  };
  session.history = { ...session.history, batches: appendPoint(session.history.batches, point) };
}

export function recordEpoch(session: Session, report: EpochReport): void {
  session.history = { ...session.history, epochs: [...session.history.epochs, report] };
}

/** The error event for a failed run; a NaN names the checkpoint that is kept. */
export function failureEvent(session: Session, error: unknown): WorkerEvent {
  if (!(error instanceof NonFiniteLossError || error instanceof NonFiniteWeightsError)) {
    return { type: 'error', code: 'training', message: errorMessage(error) };
  }
  const latest = session.checkpoints.latest;
  const kept = latest
    ? ` The last good checkpoint (${describeCheckpoint(latest)}) is kept: Resume continues from it.`
    : ' No checkpoint had been written yet.';
  return { type: 'error', code: 'non-finite-loss', message: `${errorMessage(error)}${kept}` };
}

/** The phase line after a run. */
export function finishDetail(session: Session, outcome: 'completed' | 'stopped'): string {
  if (outcome === 'completed') return 'Training finished.';
  const latest = session.checkpoints.latest;
  if (session.pausing && latest)
    return `Paused; checkpoint saved at ${describeCheckpoint(latest)}. Resume continues from there.`;
  return 'Training stopped.';
}

/** True once the GPU device is lost, waiting up to 2 s for WebGPU to say so. */
export async function deviceLostSoon(session: Session): Promise<boolean> {
  if (session.backend !== 'webgpu') return false;
  for (let waited = 0; session.deviceLost === null && waited < 2000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return session.deviceLost !== null;
}

/** After ready: tell the UI whether a run can be resumed; returns that checkpoint, if any. */
export async function announceCheckpoint(session: Session, post: Post): Promise<CheckpointRecord | null> {
  const record = await session.checkpoints.load(post);
  post({ type: 'checkpoint-found', checkpoint: session.checkpoints.latest });
  return record;
}
