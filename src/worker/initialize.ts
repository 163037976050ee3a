/**
 * The `init` command: download the dataset and start a backend side by side, upload the
 * digits to the device once, build the first network and announce what is ready.
 */
import * as tf from '@tensorflow/tfjs';
import { errorMessage, type BackendName } from '../backend/choose';
import { watchDeviceLoss } from '../backend/deviceLoss';
import {
  PIXELS_PER_IMAGE,
  uploadDataset,
  verifyOnDevice,
  type BytesPerValue,
  type DeviceDataset,
} from '../data/device';
import { countParameters } from '../model/densenet';
import { summarize } from '../model/summary';
import type { TrainSettings } from '../shared/settings';
import { memoryStore } from '../train/checkpointStore';
import { emptyHistory } from '../train/history';
import { Checkpointer } from './checkpointing';
import type { Post } from './protocol';
import { buildModel, idlePreparation, type HandlerDeps, type Session } from './session';

export async function initialize(
  settings: TrainSettings,
  manifestUrl: string,
  deps: HandlerDeps,
  post: Post,
  exclude: readonly BackendName[],
  choice: { remeasure: boolean; sabotageSmokeTest: BackendName[] } = { remeasure: false, sabotageSmokeTest: [] },
): Promise<Session | null> {
  const started = performance.now();
  post({ type: 'phase', phase: 'loading-data', detail: 'Downloading the MNIST sprite and starting a backend…' });
  // The download and the backend start are independent; run them side by side.
  const download = deps.loadDataset(manifestUrl, (progress) => post({ type: 'data-progress', ...progress }));
  const [files, backend] = await Promise.allSettled([
    download,
    deps.chooseBackend(settings.backend, exclude, {
      ...choice,
      model: settings.run.model,
      batchSize: Math.min(settings.batchSize, settings.trainCount),
      post,
      dataReady: download.then(
        () => undefined,
        () => undefined,
      ),
    }),
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
    lastRun: null,
    checkpoints: new Checkpointer(deps.store ?? memoryStore(), settings.checkpointSeconds * 1000),
    preparation: idlePreparation(),
    runQueued: false,
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

function fail(post: Post, code: 'dataset' | 'backend', message: string): null {
  post({ type: 'error', code, message });
  post({ type: 'phase', phase: 'failed', detail: message });
  return null;
}
