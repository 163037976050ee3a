/**
 * What the worker holds between commands: the dataset on the device, the network, and the
 * state of the current run. Every module that acts on it imports this one; it imports none
 * of them, so the worker's modules form a one-way graph with handler.ts at the top.
 */
import type { BackendChoice, BackendName } from '../backend/choose';
import type { DeviceDataset } from '../data/device';
import type { DigitStore } from '../data/digitStore';
import type { DatasetFiles, LoadProgress } from '../data/load';
import { buildNetwork } from '../model/build-network';
import { buildDenseNet, type DenseNetSpec } from '../model/densenet';
import type { FeatureExtractor } from '../model/features';
import type { Network } from '../model/network';
import type { ModelConfig } from '../shared/presets';
import type { BackendRequest } from '../shared/params';
import type { TrainSettings } from '../shared/settings';
import type { CheckpointStore } from '../train/checkpointStore';
import type { RunHistory } from '../train/history';
import type { TestPredictions, TrainConfig } from '../train/loop';
import type { BenchDeps } from './bench';
import type { MeasureDeps } from './measure';
import type { Post } from './protocol';
import type { Checkpointer } from './checkpointing';

/** What choosing a backend by measurement needs from init. */
export interface ChoiceContext {
  /** "Measure again": ignore a decision stored for this device. */
  remeasure: boolean;
  model: ModelConfig;
  batchSize: number;
  post: Post;
  /** Test hook (`?hooks=1` only): candidates whose smoke test is made to fail. */
  sabotageSmokeTest: BackendName[];
  /** Settles when the dataset download does: measuring then stops waiting for slow candidates. */
  dataReady?: Promise<void>;
}

/** What the worker needs from its environment; tests pass fakes and small models. */
export interface HandlerDeps {
  loadDataset(manifestUrl: string, onProgress: (progress: LoadProgress) => void): Promise<DatasetFiles>;
  /** `context` carries what `auto` measures with (choice.ts) and where it reports progress. */
  chooseBackend(
    request: BackendRequest,
    exclude: readonly BackendName[],
    context: ChoiceContext,
  ): Promise<BackendChoice>;
  /** Resolves once queued messages have been handled (a macrotask in the worker). */
  yieldToEvents(): Promise<void>;
  /** The seed preset's network: the reference DenseNet unless a test asks for a smaller one. */
  spec?: DenseNetSpec;
  /** What the `bench` command needs; without it the command is refused. */
  bench?: BenchDeps;
  /** What the `measure-backend` command needs (a copy of the worker started to time one backend). */
  measure?: MeasureDeps;
  /** Where checkpoints live: IndexedDB in the worker; in memory when absent (tests). */
  store?: CheckpointStore;
  /** Where your digits live: IndexedDB in the worker; in memory when absent (tests). */
  digits?: DigitStore;
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
  /** The config of the newest run (fresh or resumed) in this session; null before one. */
  lastRun: TrainConfig | null;
  checkpoints: Checkpointer;
  /** Compiling the next run's programs ahead of Train (preparation.ts). */
  preparation: PreparationState;
  /** Train (or Resume, or a comparison) was asked for and waits for the preparation to end. */
  runQueued: boolean;
}

/** The session's preparation bookkeeping (preparation.ts). */
export interface PreparationState {
  /** Settles when every requested preparation so far has ended (never rejects). */
  done: Promise<void>;
  /** Settles when no program is half-made; inference waits for it. */
  runnable: Promise<void>;
  /** The last request served or queued, as a key, so a repeat is skipped. */
  lastKey: string | null;
  /** A preparation is in progress or queued. */
  busy: boolean;
}

export function idlePreparation(): PreparationState {
  return { done: Promise.resolve(), runnable: Promise.resolve(), lastKey: null, busy: false };
}

/** The network for `model`: the seed preset uses `deps.spec` where a test gives a smaller DenseNet. */
export function buildModel(model: ModelConfig, deps: HandlerDeps, seed: number | undefined): Network {
  return model.preset === 'seed' && deps.spec ? buildDenseNet(deps.spec, seed) : buildNetwork(model, seed);
}

/**
 * Puts `net` in the session in place of the current network, which is disposed, and forgets
 * what was computed from the old one (feature taps, the last evaluation). `model` is the
 * architecture `net` was built from; an imported network keeps the last one built.
 */
export function replaceNetwork(session: Session, net: Network, from: { model: ModelConfig } | 'imported'): void {
  session.net.model.dispose();
  session.net = net;
  session.features = null;
  session.lastPredictions = null;
  session.imported = from === 'imported';
  if (from !== 'imported') session.model = from.model;
}
