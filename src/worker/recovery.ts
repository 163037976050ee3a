/**
 * The worker's side of "never lose the user's training": pause, resume from the
 * stored checkpoint, Start over, model files, evaluation of the current model, and the
 * test-only fault hooks (refused unless the page was opened with `?hooks=1`).
 */
import * as tf from '@tensorflow/tfjs';
import { destroyDevice } from '../backend/deviceLoss';
import { errorMessage } from '../backend/choose';
import { PIXELS_PER_IMAGE } from '../data/device';
import { importModel, modelJsonFor, ModelImportError } from '../model/modelFiles';
import { saveLayersArtifacts } from '../train/checkpoint';
import { confusionMatrix, perClassMetrics } from '../train/confusion';
import { evaluate } from '../train/loop';
import { replaceNetwork, type HandlerDeps, type Session } from './session';
import { runTraining } from './training';
import type { Post, RecoveryCommand } from './protocol';

export async function handleRecovery(
  session: Session | null,
  command: RecoveryCommand,
  deps: HandlerDeps,
  post: Post,
): Promise<void> {
  if (!session) return post({ type: 'error', code: 'protocol', message: 'The data and backend are not ready yet.' });
  switch (command.type) {
    case 'pause':
      if (session.training) {
        session.stopRequested = true;
        session.pausing = true;
      }
      return;
    case 'resume':
      return resume(session, deps, command.orStartOver === true, post);
    case 'discard-checkpoint':
      if (session.training)
        return post({ type: 'error', code: 'checkpoint', message: 'Stop training before deleting its checkpoint.' });
      await session.checkpoints.clear(post);
      return post({ type: 'checkpoint-found', checkpoint: null });
    case 'export-model':
      return exportModel(session, post);
    case 'import-model':
      return importInto(session, command.files, post);
    case 'evaluate':
      return evaluateCurrent(session, post);
    case 'test-fault':
      return injectFault(session, command.fault, deps, post);
    case 'test-predictions':
      if (!session.settings.testHooks) return refuseHook(post);
      return testPredictions(session, command.count, post);
    default:
      return assertNever(command);
  }
}

async function resume(session: Session, deps: HandlerDeps, orStartOver: boolean, post: Post): Promise<void> {
  if (session.training) return post({ type: 'error', code: 'protocol', message: 'Training is already running.' });
  const record = await session.checkpoints.load(post);
  if (record) return void (await runTraining(session, deps, post, { from: record }));
  if (orStartOver) return void (await runTraining(session, deps, post, {}));
  post({ type: 'error', code: 'checkpoint', message: 'There is no checkpoint to resume; press Train to start a run.' });
}

async function exportModel(session: Session, post: Post): Promise<void> {
  try {
    const artifacts = await saveLayersArtifacts(session.net.model);
    post({ type: 'model-export', modelJson: modelJsonFor(artifacts), weights: artifacts.weightData }, [
      artifacts.weightData,
    ]);
  } catch (error) {
    post({ type: 'error', code: 'export', message: `The model could not be exported: ${errorMessage(error)}` });
  }
}

async function importInto(session: Session, files: { name: string; bytes: ArrayBuffer }[], post: Post): Promise<void> {
  if (session.training)
    return post({
      type: 'error',
      code: 'import',
      message: 'Stop training before importing a model: it would replace the one being trained.',
    });
  let model: tf.LayersModel;
  try {
    model = await importModel(files);
  } catch (error) {
    const message =
      error instanceof ModelImportError ? error.message : `The model could not be imported: ${errorMessage(error)}`;
    return post({ type: 'error', code: 'import', message });
  }
  replaceNetwork(session, importedNet(model), 'imported');
  session.trained = true;
  const parameters = model.countParams();
  const name = files.find((file) => file.name.toLowerCase().endsWith('.json'))?.name ?? 'model.json';
  post({ type: 'model-imported', name, parameters });
}

/**
 * An imported model is used for inference only. Its output is taken as probabilities; the
 * loss needs logits, and log(p) serves: softmax(log p) = p, so the cross-entropy is −log p.
 */
function importedNet(model: tf.LayersModel): Session['net'] {
  return {
    model,
    logits: (images) => tf.tidy(() => tf.log(tf.clipByValue(model.predict(images) as tf.Tensor2D, 1e-7, 1))),
    trainableVariables: () => [],
  };
}

async function evaluateCurrent(session: Session, post: Post): Promise<void> {
  if (session.training)
    return post({ type: 'error', code: 'protocol', message: 'Training evaluates after every epoch already.' });
  const testCount = Math.min(session.settings.testCount, session.dataset.testRows);
  const result = await evaluate(session.net, session.dataset, testCount, {
    yieldToEvents: () => Promise.resolve(),
    shouldStop: () => false,
  });
  if (result === 'stopped') return;
  session.lastPredictions = result.predictions;
  post({
    type: 'model-evaluated',
    testCount,
    loss: result.loss,
    accuracy: result.accuracy,
    imported: session.imported,
  });
  const confusion = confusionMatrix(session.testLabels.subarray(0, testCount), result.predictions.predicted);
  post({
    type: 'evaluation',
    epoch: session.history.epochs.length,
    testCount,
    confusion,
    perClass: perClassMetrics(confusion),
  });
}

async function injectFault(
  session: Session,
  fault: 'kill-worker' | 'lose-device' | 'nan' | 'quota',
  deps: HandlerDeps,
  post: Post,
): Promise<void> {
  if (!session.settings.testHooks) return refuseHook(post);
  switch (fault) {
    case 'kill-worker':
      if (!deps.exit) return post({ type: 'error', code: 'protocol', message: 'This worker cannot exit.' });
      return deps.exit();
    case 'lose-device':
      if (!destroyDevice())
        post({
          type: 'error',
          code: 'protocol',
          message: `Test hook: there is no WebGPU device to lose on ${tf.getBackend()}.`,
        });
      return;
    case 'nan': {
      // A NaN output bias: the next forward pass, and so the next loss read, is NaN.
      const bias = session.net.model.getLayer('logits').weights[1];
      bias?.write(tf.fill(bias.shape as number[], NaN));
      return;
    }
    case 'quota':
      session.checkpoints.failNextSave = true;
      return;
    default:
      return assertNever(fault);
  }
}

/** The current model's predictions for the first `count` test images (from the CPU copy). */
async function testPredictions(session: Session, count: number, post: Post): Promise<void> {
  const n = Math.min(count, session.testLabels.length);
  const output = tf.tidy(() => {
    const images = tf
      .tensor4d(session.testPixels.subarray(0, n * PIXELS_PER_IMAGE), [n, 28, 28, 1], 'int32')
      .toFloat()
      .div(255);
    return session.net.model.predict(images) as tf.Tensor2D;
  });
  const classes = tf.argMax(output, 1);
  try {
    const [probabilities, predicted] = await Promise.all([output.data(), classes.data()]);
    const result = { predicted: Int32Array.from(predicted), probabilities: Float32Array.from(probabilities) };
    post({ type: 'test-predictions', ...result }, [result.predicted.buffer, result.probabilities.buffer]);
  } finally {
    tf.dispose([output, classes]);
  }
}

function refuseHook(post: Post): void {
  post({ type: 'error', code: 'protocol', message: 'Test hooks are off; open the page with ?hooks=1 to use them.' });
}

function assertNever(value: never): never {
  throw new Error(`Unknown command ${JSON.stringify(value)}`);
}
