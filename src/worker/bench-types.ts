/**
 * The benchmark's messages (part of the protocol, re-exported by protocol.ts): what to time,
 * and the figures that come back. Times in ms, throughput in images per second.
 */
import type { BackendName } from '../backend/rank';
import type { ModelConfig } from '../shared/presets';

/**
 * Which training step, under which settings:
 *   - `ours`: the app's step with the app's backend flags, prepared as the app prepares it
 *     (src/train/prepare.ts) before the first real step;
 *   - `defaults`: the same step with TF.js's default flags and no preparation: the first step
 *     compiles every program, as in any TF.js app;
 *   - `baseline`: the plain tfjs-layers port (layers with `training: true`, `tf.train.adam`,
 *     `tf.losses.softmaxCrossEntropy`), TF.js defaults, no preparation.
 */
export type BenchVariant = 'ours' | 'defaults' | 'baseline';
export const BENCH_VARIANTS: readonly BenchVariant[] = ['ours', 'defaults', 'baseline'];

export interface BenchRequest {
  backend: BackendName;
  variant: BenchVariant;
  /** Images per step. */
  batchSize: number;
  /** Untimed steps first (the first compiles; the rest settle caches). */
  warmupSteps: number;
  /** Timed windows; images/s is their median. At least 1. */
  windows: number;
  /** Wall time the timed windows may take together; steps per window follow from the warm-up's speed. */
  budgetMs: number;
  /** Weight initialisation and synthetic-data seed. */
  seed: number;
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

/** One training step's figures. */
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
  /**
   * Time lost to warming up (compiling): the preparation plus the warm-up steps, less the real
   * steps among them (scratch and warm-up) counted at the steady `msPerStep`.
   */
  warmupMs: number;
  /** The preparation alone (compile-only, maybe a scratch step); 0 when not prepared. */
  prepareMs: number;
  /** The first real step after preparation, to its loss read. */
  firstStepMs: number;
  /** Each warm-up step (the first one included), ms. */
  warmupStepMs: number[];
  /** Distinct GPU programs compiled by the end; null off WebGL/WebGPU. */
  programsCompiled: number | null;
  /** Of those, compiled after the first real step (0 when warm-up covers everything). */
  compiledAfterFirstStep: number | null;
  /** GPU programs one step dispatches, counted at the backend (one kernel may run several). */
  programsPerStep: number | null;
  /** GPU→CPU reads one step starts (the loop's own loss read, every few steps, is not part of a step). */
  readsPerStep: number | null;
  /** With `profile` on wasm: where the step's time goes. */
  profile?: StepProfile;
}

export interface WasmInfo {
  simd: boolean;
  threads: number;
  crossOriginIsolated: boolean;
}

export type BenchResult =
  | { backend: BackendName; variant: BenchVariant; skipped: string }
  | {
      backend: BackendName;
      variant: BenchVariant;
      skipped?: undefined;
      adapter: string;
      batchSize: number;
      figures: StepFigures;
      /** tf.memory().numTensors before the first and after the last timed step. */
      tensorsBefore: number;
      tensorsAfter: number;
      wasm: WasmInfo | null;
    };

/** A candidate backend timed by a throwaway copy of the worker (measure.ts, choice.ts). */
export interface MeasureRequest {
  backend: BackendName;
  batchSize: number;
  model: ModelConfig;
  /** Timed steps after the warm-up; their median is the figure. */
  steps: number;
  seed: number;
  /** Test hook: make this candidate's smoke test fail (see choose.ts `startBackend`). */
  sabotageSmokeTest?: boolean;
}
