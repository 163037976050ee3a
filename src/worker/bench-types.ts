/**
 * The benchmark's messages (part of the protocol, re-exported by protocol.ts): what to time,
 * and the figures that come back. Times in ms, throughput in images per second.
 */
import type { BackendName } from '../backend/rank';

export interface BenchRequest {
  backend: BackendName;
  /** Images per step. */
  batchSize: number;
  /** Untimed steps first: shader compilation, Adam's slot variables, XNNPACK operator caches. */
  warmupSteps: number;
  /** Timed windows; images/s is their median. At least 1. */
  windows: number;
  /** Wall time the timed windows may take together; steps per window follow from the warm-up's speed. */
  budgetMs: number;
  /** Weight initialisation and synthetic-data seed. */
  seed: number;
  /** Also count (and time once) the plain tfjs-layers baseline step. */
  baseline: boolean;
  /** wasm only: after the windows, time a few more steps kernel by kernel (see {@link StepProfile}). */
  profile?: boolean;
}

/** Exclusive time of one kernel, or of one kernel called from inside another (`Outer › Inner`). */
export interface ProfileRow {
  path: string;
  /** The innermost kernel is one of this app's (src/backend/wasm/), not the backend's own. */
  ours: boolean;
  msPerStep: number;
  callsPerStep: number;
}

/**
 * Where a wasm step's time goes (src/backend/wasm/kernel-timer.ts), measured over `steps`
 * steps with every kernel timed. `msPerStep` is the wall time per step while timed; the part
 * no row accounts for is the engine, the tape and tfjs-layers in JavaScript.
 */
export interface StepProfile {
  steps: number;
  msPerStep: number;
  /** Every path, most time first. */
  rows: ProfileRow[];
}

/** One training step's figures: our step (src/train/step.ts) or the baseline. */
export interface StepFigures {
  /** Median over the windows. */
  imagesPerSecond: number;
  msPerStep: number;
  /** images/s of each window, in order. */
  windowImagesPerSecond: number[];
  stepsPerWindow: number;
  /** Engine-level kernels one step dispatches (tf.profile: `kernels.length`). */
  kernelsPerStep: number;
  /** Distinct kernel names in that step (tf.profile: `kernelNames.length`, a de-duplicated list in tfjs 4.22). */
  distinctKernels: number;
  /** With `profile` on wasm: where the step's time goes. */
  profile?: StepProfile;
}

export interface WasmInfo {
  simd: boolean;
  threads: number;
  crossOriginIsolated: boolean;
}

export type BenchResult =
  | { backend: BackendName; skipped: string }
  | {
      backend: BackendName;
      skipped?: undefined;
      adapter: string;
      batchSize: number;
      ours: StepFigures;
      /** tf.memory().numTensors before the first and after the last timed step. */
      tensorsBefore: number;
      tensorsAfter: number;
      /** The plain tfjs-layers step (model layers + tf.train.adam + softmaxCrossEntropy on logits); null when not asked, or why it failed. */
      baseline: StepFigures | { failure: string } | null;
      wasm: WasmInfo | null;
      warmupMs: number;
    };
