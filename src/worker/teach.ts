/**
 * Teach: fine-tune the current model — freshly trained, resumed or imported — on your digits
 * mixed with MNIST replay, and measure it before and after on your held-out digits and on
 * MNIST's test images. Checkpointed like a run: at the start, every `checkpoint` seconds, on
 * Stop and at the end, so a crash mid-way resumes the fine-tune where it was (the supervisor's
 * resume lands here through recovery.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../backend/choose';
import type { DigitStore, StoredDigit } from '../data/digitStore';
import { importedNetwork } from '../model/imported';
import { restoreOptimizer, restoreWeights, type CheckpointRecord } from '../train/checkpoint';
import {
  classifyImages,
  fineTune,
  fineTuneSteps,
  TEACH_DEFAULTS,
  type FineTuneMeasure,
  type FineTuneResume,
  type FineTuneState,
} from '../train/fineTune';
import { evaluate, type TrainConfig } from '../train/loop';
import { randomSeed } from '../train/random';
import { uploadYourDigits, type YourDigitsOnDevice } from '../train/replay';
import { summarize, type RunContext } from './checkpointing';
import type { Post } from './protocol';
import { failureEvent, freshConfig } from './resume';
import { buildModel, replaceNetwork, type HandlerDeps, type Session } from './session';

export type TeachDeps = HandlerDeps & { digits: DigitStore };

/** Your digits on the device for one Teach: those it trains on and those it measures with. */
interface TeachSets {
  taught: YourDigitsOnDevice;
  heldOut: YourDigitsOnDevice;
  heldOutLabels: number[];
}

/** Runs Teach, or continues the fine-tune checkpointed in `from`. */
export async function runTeach(session: Session, deps: TeachDeps, post: Post, from?: CheckpointRecord): Promise<void> {
  if (session.training) return post({ type: 'error', code: 'protocol', message: 'Training is already running.' });
  let digits: StoredDigit[];
  try {
    digits = await deps.digits.list();
  } catch (error) {
    return post({ type: 'error', code: 'teach', message: `Your digits could not be read: ${errorMessage(error)}` });
  }
  const taughtIds = from?.fineTune?.digitIds ?? digits.filter((digit) => !digit.heldOut).map((digit) => digit.id);
  const taught = digits.filter((digit) => taughtIds.includes(digit.id) && !digit.heldOut);
  const heldOut = digits.filter((digit) => digit.heldOut);
  if (taught.length === 0)
    return post({
      type: 'error',
      code: 'teach',
      message:
        'Teach needs digits to learn from: correct a few drawings with Right or It’s a … first (every fifth of each digit is held out to measure with).',
    });
  session.training = true;
  session.stopRequested = false;
  session.pausing = false;
  const sets: TeachSets = {
    taught: uploadYourDigits(taught),
    heldOut: uploadYourDigits(heldOut),
    heldOutLabels: heldOut.map((digit) => digit.label),
  };
  const started = performance.now();
  let result = { outcome: 'failed' as 'completed' | 'stopped' | 'failed', stepsDone: 0, steps: 0, trainMs: 0 };
  try {
    result = await teach(session, deps, post, sets, taught, from);
  } catch (error) {
    post(failureEvent(session, error));
  } finally {
    sets.taught.dispose();
    sets.heldOut.dispose();
    session.training = false;
    session.trained = true;
    post({ type: 'teach-finished', ...result, totalMs: performance.now() - started });
    post({
      type: 'phase',
      phase: 'ready',
      detail: result.outcome === 'completed' ? 'Teach finished.' : 'Teach stopped.',
    });
  }
}

async function teach(
  session: Session,
  deps: TeachDeps,
  post: Post,
  sets: TeachSets,
  taught: StoredDigit[],
  from?: CheckpointRecord,
): Promise<{ outcome: 'completed' | 'stopped'; stepsDone: number; steps: number; trainMs: number }> {
  const resume = from?.fineTune ? await restoreFineTune(session, deps, from) : undefined;
  if (from) post({ type: 'restored', checkpoint: summarize(from), history: from.history, backend: session.backend });
  const state: FineTuneState = from?.fineTune
    ? { ...from.fineTune }
    : {
        config: {
          ...TEACH_DEFAULTS,
          mnistRows: Math.min(session.settings.trainCount, session.dataset.trainRows),
          steps: fineTuneSteps(taught.length),
          seed: session.settings.seed ?? randomSeed(),
        },
        stepsDone: 0,
        digitIds: taught.map((digit) => digit.id),
        before: { heldOut: { correct: 0, total: 0 }, mnist: null },
        imported: session.imported,
      };
  const { steps } = state.config;
  post({ type: 'phase', phase: 'training', detail: 'Teaching: measuring the model before…' });
  post({
    type: 'teach-started',
    steps,
    stepsDone: state.stepsDone,
    taught: taught.length,
    heldOut: sets.heldOut.count,
  });
  if (!from) state.before = await measure(session, deps, sets, true);
  post({ type: 'teach-measured', stage: 'before', measure: state.before });
  post({ type: 'phase', phase: 'training', detail: 'Teaching: fine-tuning on your digits…' });

  const context = checkpointContext(session, state);
  session.checkpoints.startInterval();
  const trainStarted = performance.now();
  const tuned = await fineTune(
    session.net,
    session.dataset,
    sets.taught,
    state.config,
    {
      onProgress: (progress) => post({ type: 'teach-progress', ...progress }),
      yieldToEvents: deps.yieldToEvents,
      shouldStop: () => session.stopRequested || session.deviceLost !== null,
      checkpointDue: () => session.checkpoints.due(false),
      checkpoint: async (optimizer, stepsDone) => {
        state.stepsDone = stepsDone;
        if (session.deviceLost === null) await session.checkpoints.write(context, optimizer, context.position, post);
      },
    },
    resume,
  );
  const trainMs = performance.now() - trainStarted;
  if (session.deviceLost !== null) return { ...tuned, steps, trainMs };
  post({ type: 'phase', phase: 'training', detail: 'Teaching: measuring the model after…' });
  // After Stop the MNIST test set is not evaluated again: Stop means stop; your digits are quick.
  const after = await measure(session, deps, sets, tuned.outcome === 'completed');
  post({ type: 'teach-measured', stage: 'after', measure: after });
  return { ...tuned, steps, trainMs };
}

/** Held-out accuracy, and MNIST test accuracy when `withMnist` (null if Stop cut it short). */
async function measure(
  session: Session,
  deps: TeachDeps,
  sets: TeachSets,
  withMnist: boolean,
): Promise<FineTuneMeasure> {
  const predicted = await classifyImages(session.net, sets.heldOut.images);
  const correct = predicted.filter((label, i) => label === sets.heldOutLabels[i]).length;
  const heldOut = { correct, total: predicted.length };
  if (!withMnist) return { heldOut, mnist: null };
  const testCount = Math.min(session.settings.testCount, session.dataset.testRows);
  const result = await evaluate(session.net, session.dataset, testCount, {
    yieldToEvents: deps.yieldToEvents,
    shouldStop: () => session.stopRequested,
  });
  if (result === 'stopped') return { heldOut, mnist: null };
  // The gallery and confusion matrix should describe this model, not the one before Teach.
  session.lastPredictions = result.predictions;
  return { heldOut, mnist: { accuracy: result.accuracy, testCount } };
}

/** What a fine-tune checkpoint stores besides the weights: the run it started from, marked finished, and `state`. */
function checkpointContext(
  session: Session,
  state: FineTuneState,
): RunContext & { position: CheckpointRecord['position'] } {
  const run: TrainConfig = session.lastRun ?? freshConfig(session, session.settings.run);
  const started = performance.now();
  return {
    net: session.net,
    run,
    // Teach ends the run it started from: a reload continues the fine-tune, not the MNIST epochs.
    position: { epoch: run.epochs + 1, batchesDone: 0, rngState: 0, lossSum: 0, correct: 0 },
    history: session.history,
    backend: session.backend,
    elapsedMs: () => performance.now() - started,
    fineTune: state,
  };
}

/** Puts the checkpoint's network, history and Adam state in place for a fine-tune to continue. */
async function restoreFineTune(session: Session, deps: TeachDeps, from: CheckpointRecord): Promise<FineTuneResume> {
  const state = from.fineTune!;
  if (state.imported) {
    const model = await tf.loadLayersModel(tf.io.fromMemory(from.model));
    replaceNetwork(session, importedNetwork(model), 'imported');
  } else {
    const model = from.run.model ?? { preset: 'seed' as const };
    replaceNetwork(session, buildModel(model, deps, undefined), { model });
    restoreWeights(session.net, from.model);
  }
  session.history = from.history;
  session.lastRun = from.run;
  return { optimizer: await restoreOptimizer(from.optimizer), stepsDone: state.stepsDone };
}
