/**
 * Running training: a fresh run of a configuration, a comparison's run with a fixed seed, or
 * a run continued from a checkpoint. Rebuilds the network where needed, reports every batch
 * and epoch, writes checkpoints, and turns failures into messages.
 */
import * as tf from '@tensorflow/tfjs';
import { compiledPrograms } from '../backend/programs';
import { countParameters } from '../model/densenet';
import { summarize } from '../model/summary';
import type { RunSpec } from '../shared/recipe';
import type { CheckpointRecord } from '../train/checkpoint';
import { confusionMatrix, perClassMetrics } from '../train/confusion';
import { train, type TrainOutcome } from '../train/loop';
import { summarize as summarizeCheckpoint, type RunContext } from './checkpointing';
import type { Post } from './protocol';
import { deviceLostSoon, failureEvent, finishDetail, recordBatch, recordEpoch, runSpecOf, startRun } from './resume';
import { buildModel, replaceNetwork, type HandlerDeps, type Session } from './session';

/** What to train: a fresh run of `run` (optionally with a fixed seed), or the checkpoint `from`. */
export interface RunRequest {
  run?: RunSpec;
  seed?: number;
  from?: CheckpointRecord;
  /** Post the `model` event even when the architecture is unchanged (the compare view counts on one per run). */
  announceModel?: boolean;
}

export async function runTraining(
  session: Session,
  deps: HandlerDeps,
  post: Post,
  request: RunRequest,
): Promise<TrainOutcome | 'failed'> {
  const { dataset } = session;
  const { from } = request;
  // runSpecOf reads a checkpoint written before presets existed as the seed model.
  const run = from ? runSpecOf(from.run) : (request.run ?? session.settings.run);
  const { model } = run;
  const changed = JSON.stringify(model) !== JSON.stringify(session.model);
  // A comparison fixes the seed for every run: the initial weights come from it too.
  if (session.trained || from || changed || request.seed !== undefined) {
    replaceNetwork(session, buildModel(model, deps, request.seed ?? session.settings.seed ?? undefined), { model });
  }
  if (changed || request.announceModel) {
    post({ type: 'model', run, parameters: countParameters(session.net.model), summary: summarize(session.net.model) });
  }
  // Marked before the first await, so a second Train or a Stop that arrives meanwhile sees it.
  session.training = true;
  session.trained = true;
  // stopRequested and pausing were cleared when the run was asked for (whenPrepared): a Stop
  // or Pause sent while it waited for the preparation must still stop it.
  const plan = await startRun(session, post, from, request.run, request.seed);
  if (!plan) {
    session.training = false;
    return 'failed';
  }
  const { config } = plan;
  session.lastRun = config;
  post({ type: 'phase', phase: 'training', detail: from ? 'Resuming from the checkpoint…' : 'Training…' });
  const { epochs, batchSize, trainCount, testCount, seed } = config;
  post({
    type: 'train-started',
    epochs,
    batchesPerEpoch: Math.floor(trainCount / batchSize),
    batchSize,
    trainCount,
    testCount,
    seed,
    run: runSpecOf(config),
  });
  if (from)
    post({ type: 'restored', checkpoint: summarizeCheckpoint(from), history: from.history, backend: session.backend });

  const started = performance.now();
  // What the run's first step still compiles: nothing much, when preparation did its job.
  let programsBefore: number | null | undefined = compiledPrograms();
  let epochsDone = plan.epochsDone;
  let outcome: TrainOutcome = 'stopped';
  let failed = false;
  const context: RunContext = {
    net: session.net,
    run: config,
    get history() {
      return session.history;
    },
    backend: session.backend,
    elapsedMs: () => plan.elapsedBefore + performance.now() - started,
  };
  session.checkpoints.startInterval();
  try {
    outcome = await train(
      session.net,
      dataset,
      config,
      {
        onBatch: (report) => {
          if (programsBefore !== undefined) {
            const now = compiledPrograms();
            const compiledByFirstStep = now === null || programsBefore === null ? null : now - programsBefore;
            post({ type: 'preparation', backend: session.backend, stage: 'used', compiledByFirstStep });
            programsBefore = undefined;
          }
          const { numTensors, numBytes } = tf.memory();
          post({ type: 'batch', ...report, numTensors, numBytes });
          recordBatch(session, report);
        },
        onEpoch: (report, predictions) => {
          epochsDone = report.epoch;
          session.lastPredictions = predictions;
          recordEpoch(session, report);
          post({ type: 'epoch', ...report });
          const confusion = confusionMatrix(
            session.testLabels.subarray(0, predictions.predicted.length),
            predictions.predicted,
          );
          post({
            type: 'evaluation',
            epoch: report.epoch,
            testCount: predictions.predicted.length,
            confusion,
            perClass: perClassMetrics(confusion),
          });
        },
        yieldToEvents: deps.yieldToEvents,
        // After a device loss nothing on the device can be trusted: stop without a checkpoint.
        shouldStop: () => session.stopRequested || session.deviceLost !== null,
        checkpointDue: () => session.deviceLost === null && session.checkpoints.due(session.stopRequested),
        checkpoint: async (optimizer, position) => {
          if (session.deviceLost === null) await session.checkpoints.write(context, optimizer, position, post);
        },
      },
      plan.resume,
    );
  } catch (error) {
    // A lost device makes reads fail before its `lost` promise settles: give it a moment, so
    // the loss (not its symptom) is reported, while this run still counts as training.
    failed = true;
    if (!(await deviceLostSoon(session))) post(failureEvent(session, error));
  } finally {
    session.training = false;
    post({ type: 'train-finished', outcome, epochsDone, elapsedMs: context.elapsedMs() });
    post({ type: 'phase', phase: 'ready', detail: finishDetail(session, outcome) });
  }
  return failed ? 'failed' : outcome;
}
