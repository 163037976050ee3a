/**
 * The worker's logic as a plain `handle(command, post)` function, so tests can drive it
 * without a Worker. It owns the dataset, the model and the training state; the UI only
 * sends commands and renders the events that come back.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../backend/choose';
import { errorMessage } from '../backend/choose';
import { watchDeviceLoss } from '../backend/deviceLoss';
import {
  PIXELS_PER_IMAGE,
  uploadDataset,
  verifyOnDevice,
  type BytesPerValue,
  type DeviceDataset,
} from '../data/device';
import type { DatasetFiles, LoadProgress } from '../data/load';
import { buildDenseNet, countParameters, type DenseNetSpec } from '../model/densenet';
import type { ModelConfig } from '../shared/presets';
import type { Network } from '../model/network';
import { buildNetwork } from '../model/build-network';
import type { RunSpec } from '../shared/recipe';
import { createFeatureExtractor, type FeatureExtractor } from '../model/features';
import { summarize } from '../model/summary';
import type { BackendRequest, TrainSettings } from '../shared/settings';
import { confusionMatrix, perClassMetrics } from '../train/confusion';
import { NonFiniteLossError, train, type TestPredictions, type TrainOutcome } from '../train/loop';
import { randomSeed } from '../train/random';
import { runBench, type BenchDeps } from './bench';
import { memoryStore, type CheckpointStore } from '../train/checkpointStore';
import { emptyHistory, type RunHistory } from '../train/history';
import type { CheckpointRecord } from '../train/checkpoint';
import { Checkpointer, summarize as summarizeCheckpoint, type RunContext } from './checkpointing';
import { galleryPage } from './gallery';
import { handleRecovery } from './recovery';
import { runComparison } from './compare';
import {
  announceCheckpoint,
  deviceLostSoon,
  failureEvent,
  finishDetail,
  recordBatch,
  recordEpoch,
  runSpecOf,
  startRun,
} from './resume';
import { createLatestQueue } from './latest';
import type { Command, Post } from './protocol';

export interface HandlerDeps {
  loadDataset(manifestUrl: string, onProgress: (progress: LoadProgress) => void): Promise<DatasetFiles>;
  chooseBackend(request: BackendRequest, exclude?: readonly BackendName[]): Promise<BackendChoice>;
  /** Resolves once queued messages have been handled (a macrotask in the worker). */
  yieldToEvents(): Promise<void>;
  /** The seed preset's network: the reference DenseNet unless a test asks for a smaller one. */
  spec?: DenseNetSpec;
  /** What the `bench` command needs; without it the command is refused. */
  bench?: BenchDeps;
  /** Where checkpoints live: IndexedDB in the worker; in memory when absent (tests). */
  store?: CheckpointStore;
  /** Ends this worker (the kill-worker test hook). */
  exit?(): void;
}

export interface Session {
  settings: TrainSettings;
  dataset: DeviceDataset;
  net: Network;
  /** The architecture `net` was built from. */
  model: ModelConfig;
  /** Built on the first feature request, rebuilt with the network. */
  features: FeatureExtractor | null;
  /** CPU copies of the test set for the gallery (7.8 MB of pixels at most) and the confusion matrix. */
  testPixels: Uint8Array;
  testLabels: Uint8Array;
  /** The newest evaluation's per-image predictions; null before the first epoch ends. */
  lastPredictions: TestPredictions | null;
  /** False until a training run has touched the weights. */
  trained: boolean;
  training: boolean;
  stopRequested: boolean;
  /** A stop asked for by Pause (the same checkpoint is written; only the words differ). */
  pausing: boolean;
  backend: BackendName;
  /** Set once the GPU device is lost: training stops at once and the UI restarts the worker. */
  deviceLost: string | null;
  /** The model came from imported files: inference only, Train builds a fresh one. */
  imported: boolean;
  /** The current run's metrics, stored with each checkpoint. */
  history: RunHistory;
  checkpoints: Checkpointer;
}

export type Handle = (command: Command, post: Post) => Promise<void>;

export function createHandler(deps: HandlerDeps): Handle {
  let session: Session | null = null;
  let initializing = false;
  const predictions = createLatestQueue((job: { id: number; pixels: Float32Array; post: Post }) =>
    predictOne(session, job.id, job.pixels, job.post),
  );
  const features = createLatestQueue((job: { id: number; pixels: Float32Array; post: Post }) =>
    extractFeatures(session, job.id, job.pixels, job.post),
  );

  return async (command, post) => {
    switch (command.type) {
      case 'init':
        if (session || initializing)
          return post({ type: 'error', code: 'protocol', message: 'The worker is already initialised.' });
        initializing = true;
        try {
          session = await initialize(command.settings, command.manifestUrl, deps, post, command.excludeBackends ?? []);
          if (session) await announceCheckpoint(session, post);
        } finally {
          initializing = false;
        }
        return;
      case 'train':
        if (!session)
          return post({
            type: 'error',
            code: 'protocol',
            message: 'Training cannot start before the data and backend are ready.',
          });
        if (session.training) return post({ type: 'error', code: 'protocol', message: 'Training is already running.' });
        await runTraining(session, deps, post, { run: command.run ?? session.settings.run });
        return;
      case 'compare':
        if (!session)
          return post({
            type: 'error',
            code: 'protocol',
            message: 'A comparison cannot start before the data and backend are ready.',
          });
        if (session.training) return post({ type: 'error', code: 'protocol', message: 'Training is already running.' });
        return runComparison(session, command.runs, post, (run, seed) =>
          runTraining(session!, deps, post, { run, seed, announceModel: true }),
        );
      case 'pause':
      case 'resume':
      case 'discard-checkpoint':
      case 'export-model':
      case 'import-model':
      case 'evaluate':
      case 'test-fault':
      case 'test-predictions':
        return handleRecovery(
          session,
          command,
          deps,
          post,
          async (s, p, from) => void (await runTraining(s, deps, p, { from })),
        );
      case 'stop':
        if (session?.training) session.stopRequested = true;
        return;
      case 'predict':
      case 'features': {
        if (command.pixels.length !== PIXELS_PER_IMAGE) {
          return post({
            type: 'error',
            code: 'predict',
            message: `A drawing must be ${PIXELS_PER_IMAGE} pixels, got ${command.pixels.length}.`,
          });
        }
        const queue = command.type === 'predict' ? predictions : features;
        return queue.push({ id: command.id, pixels: command.pixels, post });
      }
      case 'gallery':
        if (!session?.lastPredictions)
          return post({ type: 'error', code: 'gallery', message: 'The gallery needs a finished epoch: train first.' });
        return postGalleryPage(session, command, post);
      case 'bench': {
        if (!deps.bench)
          return post({ type: 'error', code: 'bench', message: 'This worker was started without benchmark support.' });
        if (session || initializing)
          return post({
            type: 'error',
            code: 'bench',
            message: 'Benchmark in a fresh worker: this one already holds a training session.',
          });
        const { type: _type, ...request } = command;
        return runBench(request, { ...deps.bench, ...(deps.spec ? { spec: deps.spec } : {}) }, post);
      }
      default:
        return assertNever(command);
    }
  };
}

async function initialize(
  settings: TrainSettings,
  manifestUrl: string,
  deps: HandlerDeps,
  post: Post,
  exclude: readonly BackendName[],
): Promise<Session | null> {
  const started = performance.now();
  post({ type: 'phase', phase: 'loading-data', detail: 'Downloading the MNIST sprite and starting a backend…' });
  // The download and the backend start are independent; run them side by side.
  const [files, backend] = await Promise.allSettled([
    deps.loadDataset(manifestUrl, (progress) => post({ type: 'data-progress', ...progress })),
    deps.chooseBackend(settings.backend, exclude),
  ]);
  if (backend.status === 'fulfilled') post({ type: 'backend', ...backend.value });
  else return fail(post, 'backend', errorMessage(backend.reason));
  if (files.status === 'rejected') return fail(post, 'dataset', errorMessage(files.reason));

  post({ type: 'phase', phase: 'starting-backend', detail: `Uploading 70,000 digits to ${backend.value.backend}…` });
  const { manifest, pixels, labels } = files.value;
  let dataset: DeviceDataset;
  try {
    dataset = await uploadVerified(pixels, labels, manifest.trainCount, manifest.testCount);
  } catch (error) {
    return fail(post, 'dataset', errorMessage(error));
  }
  const net = buildModel(settings.run.model, deps, settings.seed ?? undefined);
  const testRows = manifest.testCount;
  const testPixels = pixels.slice(
    manifest.trainCount * PIXELS_PER_IMAGE,
    (manifest.trainCount + testRows) * PIXELS_PER_IMAGE,
  );
  const testLabels = labels.slice(manifest.trainCount, manifest.trainCount + testRows);
  post({
    type: 'ready',
    trainCount: Math.min(settings.trainCount, dataset.trainRows),
    testCount: Math.min(settings.testCount, dataset.testRows),
    parameters: countParameters(net.model),
    datasetDeviceBytes: dataset.deviceBytes,
    bytesPerValue: dataset.bytesPerValue,
    tensorBytes: tf.memory().numBytes,
    gpuBytes: (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU ?? null,
    loadMs: performance.now() - started,
    summary: summarize(net.model),
  });
  post({ type: 'phase', phase: 'ready', detail: 'Ready to train.' });
  const session: Session = {
    settings,
    dataset,
    net,
    model: settings.run.model,
    features: null,
    testPixels,
    testLabels,
    lastPredictions: null,
    trained: false,
    training: false,
    stopRequested: false,
    pausing: false,
    backend: backend.value.backend,
    deviceLost: null,
    imported: false,
    history: emptyHistory(),
    checkpoints: new Checkpointer(deps.store ?? memoryStore(), settings.checkpointSeconds * 1000),
  };
  watchDeviceLoss(session.backend, (message) => {
    session.deviceLost = message;
    post({ type: 'device-lost', backend: session.backend, message, training: session.training });
  });
  return session;
}

/**
 * Uploads three bytes per value and checks rows at both ends of the sprite on the device;
 * where the device rounds large floats (16-bit float textures), falls back to one byte per value.
 */
async function uploadVerified(
  pixels: Uint8Array,
  labels: Uint8Array,
  trainRows: number,
  testRows: number,
): Promise<DeviceDataset> {
  const rowsToCheck = [0, trainRows - 1, trainRows + testRows - 1];
  let mismatch = '';
  for (const bytesPerValue of [3, 1] as BytesPerValue[]) {
    const dataset = uploadDataset(pixels, labels, trainRows, testRows, bytesPerValue);
    const problem = await verifyOnDevice(dataset, pixels, rowsToCheck);
    if (problem === null) return dataset;
    mismatch = problem;
    dataset.dispose();
  }
  throw new Error(`The device does not hold the dataset exactly (${mismatch}).`);
}

/** The network for `model`: the seed preset uses `deps.spec` where a test gives a smaller DenseNet. */
function buildModel(model: ModelConfig, deps: HandlerDeps, seed: number | undefined): Network {
  return model.preset === 'seed' && deps.spec ? buildDenseNet(deps.spec, seed) : buildNetwork(model, seed);
}

/** What to train: a fresh run of `run` (optionally with a fixed seed), or the checkpoint `from`. */
interface RunRequest {
  run?: RunSpec;
  seed?: number;
  from?: CheckpointRecord;
  /** Post the `model` event even when the architecture is unchanged (the compare view counts on one per run). */
  announceModel?: boolean;
}

async function runTraining(
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
    session.net.model.dispose();
    session.net = buildModel(model, deps, request.seed ?? session.settings.seed ?? undefined);
    session.model = model;
    session.features = null;
    session.lastPredictions = null;
    session.imported = false;
  }
  if (changed || request.announceModel) {
    post({ type: 'model', run, parameters: countParameters(session.net.model), summary: summarize(session.net.model) });
  }
  // Marked before the first await, so a second Train or a Stop that arrives meanwhile sees it.
  session.training = true;
  session.trained = true;
  session.stopRequested = false;
  session.pausing = false;
  const plan = await startRun(session, post, from, request.run, request.seed);
  if (!plan) {
    session.training = false;
    return 'failed';
  }
  const { config } = plan;
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

async function predictOne(session: Session | null, id: number, pixels: Float32Array, post: Post): Promise<void> {
  if (!session) return post({ type: 'error', code: 'predict', message: 'The model is not ready yet.' });
  const output = tf.tidy(() => session.net.model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor2D);
  try {
    const probabilities = (await output.data()) as Float32Array;
    post({ type: 'prediction', id, probabilities, trained: session.trained }, [probabilities.buffer]);
  } finally {
    output.dispose();
  }
}

/** Activations of the drawing at the stem, the dense blocks and the transitions. */
async function extractFeatures(session: Session | null, id: number, pixels: Float32Array, post: Post): Promise<void> {
  if (!session) return post({ type: 'error', code: 'predict', message: 'The model is not ready yet.' });
  session.features ??= createFeatureExtractor(session.net.model);
  const layers = await session.features.extract(pixels);
  post(
    { type: 'features', id, layers },
    layers.map((layer) => layer.values.buffer as ArrayBuffer),
  );
}

function postGalleryPage(session: Session, command: Extract<Command, { type: 'gallery' }>, post: Post): void {
  const page = galleryPage(
    session.testPixels,
    session.testLabels,
    session.lastPredictions!,
    command.filter,
    command.offset,
    command.limit,
  );
  post({ type: 'gallery-page', ...page }, [page.pixels.buffer as ArrayBuffer]);
}

function fail(post: Post, code: 'dataset' | 'backend', message: string): null {
  post({ type: 'error', code, message });
  post({ type: 'phase', phase: 'failed', detail: message });
  return null;
}

function assertNever(command: never): never {
  throw new Error(`Unknown command ${JSON.stringify(command)}`);
}
