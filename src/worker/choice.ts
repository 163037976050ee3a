/**
 * `backend=auto`: choose the backend by timing the real training step on each candidate
 * (src/backend/decision.ts has the rules). The training worker downloads the dataset
 * meanwhile; the measuring happens in a throwaway copy of this worker (measure.ts), one
 * candidate at a time in the fixed ranking's order, so a candidate that overruns its budget
 * is stopped by terminating that worker — a step in progress cannot be interrupted otherwise.
 * The decision is stored per device and reused on later visits without measuring; the fixed
 * ranking (choose.ts) decides when measuring cannot.
 */
import { probeGpus } from '../backend/adapter';
import { chooseBackend, describeBackend, startBackend, type BackendChoice } from '../backend/choose';
import {
  budgetMs as defaultBudget,
  describeCandidate,
  deviceKey,
  droppedReason,
  fastest,
  label,
  reuse,
  shouldMeasure,
  type BackendDecision,
  type CandidateResult,
} from '../backend/decision';
import type { DecisionStore } from '../backend/decisionStore';
import { planBackends, type BackendName, type GpuProbes } from '../backend/rank';
import type { ModelConfig } from '../shared/presets';
import type { Command, Post, WorkerEvent } from './protocol';

/** A throwaway worker that runs `measure-backend` commands. */
export interface Probe {
  send(command: Command): void;
  /** Events from it; a crash arrives as an `error` event. */
  listen(listener: (event: WorkerEvent) => void): void;
  terminate(): void;
}

export interface ChoiceDeps {
  /** Starts a measuring worker; null where this browser cannot start one from a worker. */
  spawnProbe: (() => Probe) | null;
  store: DecisionStore;
  /** What identifies the device besides its GPUs. */
  device: { cores: number; browser: string; appVersion: string };
  /** How long a candidate may take, given the fastest so far (decision.ts); tests shorten it. */
  budgetMs?: (fastest: CandidateResult | null) => number;
  /** The real GPU probes, backend start and fixed ranking unless a test fakes them. */
  backends?: BackendAccess;
}

/** What choosing needs from src/backend (choose.ts, adapter.ts). */
export interface BackendAccess {
  probe(): Promise<GpuProbes>;
  /** Starts a backend in this worker and checks it; null when it works. */
  start(backend: BackendName, probes: GpuProbes): Promise<string | null>;
  describe(backend: BackendName, probes: GpuProbes): Promise<string>;
  /** The fixed ranking's choice. */
  rank(exclude: readonly BackendName[]): Promise<BackendChoice>;
}

const REAL_BACKENDS: BackendAccess = {
  probe: probeGpus,
  start: (backend, probes) => startBackend(backend, probes),
  describe: describeBackend,
  rank: (exclude) => chooseBackend('auto', exclude),
};

export interface ChoiceRequest {
  exclude: readonly BackendName[];
  /** "Measure again": ignore a stored decision. */
  remeasure: boolean;
  /** What to time: the run Train would start. */
  model: ModelConfig;
  batchSize: number;
  /** Test hook: candidates whose smoke test is made to fail. */
  sabotageSmokeTest?: readonly BackendName[];
  /**
   * Settles when the dataset is downloaded. From then on, unless measuring again, a candidate
   * is not waited for once another has been measured: the first visit is ready when its data
   * is, not when the slowest candidate has compiled. "Measure again" times every candidate.
   */
  dataReady?: Promise<void>;
}

/** Steps timed per candidate after its warm-up; their median is its figure. */
const TIMED_STEPS = 3;
/** Loading the measuring worker and starting a backend (smoke test included) may take this long. */
const START_MS = 20_000;

export async function chooseByMeasurement(
  request: ChoiceRequest,
  deps: ChoiceDeps,
  post: Post,
): Promise<BackendChoice> {
  const backends = deps.backends ?? REAL_BACKENDS;
  const probes = await backends.probe();
  const key = deviceKey({
    webgpuAdapter: probes.webgpu.usable ? probes.webgpu.adapter : probes.webgpu.failure,
    webglRenderer: probes.webgl.usable ? probes.webgl.adapter : probes.webgl.failure,
    ...deps.device,
  });
  if (!request.remeasure) {
    const stored = await deps.store.load(key);
    const backend = stored && reuse(stored, request.exclude);
    if (stored && backend && !(await backends.start(backend, probes)))
      return choiceOf(backends, backend, probes, { ...stored, backend }, 'stored');
  }
  const byRanking = async (why: string): Promise<BackendChoice> => ({
    ...(await backends.rank(request.exclude)),
    measurementFailure: `Measuring did not decide (${why}); the fixed ranking did.`,
  });
  if (!deps.spawnProbe) return byRanking('this browser cannot start a worker from a worker');
  const order = planBackends('auto', probes).order.filter((backend) => !request.exclude.includes(backend));
  // The first candidate measured is usually the one chosen (on a first visit the data is
  // ready before another finishes): start it here meanwhile, so that once the data is ready
  // choosing does not wait for the backend to start. Never two starts at once (each selects
  // its backend), so every later start waits for this one.
  const early: { start: { backend: BackendName; failure: Promise<string | null> } | null } = { start: null };
  const candidates = await measureAll(order, probes, request, deps, post, (measured) => {
    early.start ??= { backend: measured.backend, failure: backends.start(measured.backend, probes) };
  });
  const earlyFailure = await early.start?.failure;
  const best = fastest(candidates);
  if (!best) return byRanking(candidates.map((c) => `${label(c.backend)}: ${c.reason}`).join(' '));
  const failure =
    early.start?.backend === best.backend ? (earlyFailure ?? null) : await backends.start(best.backend, probes);
  if (failure) return byRanking(`${label(best.backend)} measured fastest but then failed: ${failure}`);
  const decision: BackendDecision = { backend: best.backend, candidates, measuredAt: new Date().toISOString() };
  // Not storing only means measuring again next time.
  await deps.store.save(key, decision).catch(() => undefined);
  return choiceOf(backends, best.backend, probes, decision, 'measured');
}

async function choiceOf(
  backends: BackendAccess,
  backend: BackendName,
  probes: GpuProbes,
  decision: BackendDecision,
  how: 'measured' | 'stored',
): Promise<BackendChoice> {
  const others = decision.candidates
    .filter((candidate) => candidate.backend !== backend)
    .map((candidate) => ({ backend: candidate.backend, failure: describeCandidate(candidate, backend) }));
  return {
    backend,
    adapter: await backends.describe(backend, probes),
    attempts: [...others, { backend }],
    decision: { how, ...decision },
  };
}

/** Every candidate in order, each in the measuring worker with its budget; `onMeasured` hears of each one timed. */
async function measureAll(
  order: readonly BackendName[],
  probes: GpuProbes,
  request: ChoiceRequest,
  deps: ChoiceDeps,
  post: Post,
  onMeasured: (result: CandidateResult) => void,
): Promise<CandidateResult[]> {
  const results: CandidateResult[] = [];
  let probe: Probe | null = null;
  const dataReady = request.remeasure ? undefined : request.dataReady;
  let dataIsReady = false;
  void dataReady?.then(() => (dataIsReady = true));
  try {
    for (const backend of order) {
      const best = fastest(results);
      const skip = shouldMeasure(backend, results) ?? (dataIsReady && best ? notWaitedFor(best) : null);
      // A GPU without an adapter cannot start: no worker needed to learn that.
      const gpu = backend === 'webgpu' || backend === 'webgl' ? probes[backend] : null;
      let result: CandidateResult;
      if (skip) result = { backend, status: 'not-measured', reason: skip };
      else if (gpu && !gpu.usable) result = { backend, status: 'failed', reason: `Failed: ${gpu.failure}` };
      else {
        probe ??= deps.spawnProbe!();
        const budget = (deps.budgetMs ?? defaultBudget)(best);
        const outcome = await measureOne(probe, backend, budget, request, post, best ? dataReady : undefined);
        if (outcome.kind === 'result') result = outcome.result;
        else {
          // Overran, cut short or broke: stop it, whatever it was doing; the next candidate gets a fresh one.
          probe.terminate();
          probe = null;
          result = { backend, status: 'dropped', reason: overrunReason(outcome, best) };
        }
      }
      results.push(result);
      post({ type: 'measure-result', result });
      if (result.status === 'measured') onMeasured(result);
    }
  } finally {
    probe?.terminate();
  }
  return results;
}

type Outcome =
  | { kind: 'result'; result: CandidateResult }
  | { kind: 'overrun'; stage: string; elapsedMs: number }
  | { kind: 'data-ready'; stage: string }
  | { kind: 'broken'; message: string };

function notWaitedFor(best: CandidateResult): string {
  return `Not measured: the data was ready and ${label(best.backend)} had been measured; Measure again times every candidate.`;
}

function overrunReason(outcome: Exclude<Outcome, { kind: 'result' }>, best: CandidateResult | null): string {
  if (outcome.kind === 'broken') return `Dropped: the measuring worker failed (${outcome.message}).`;
  if (outcome.kind === 'data-ready')
    return `Dropped: still ${outcome.stage} when the data was ready, and ${label(best!.backend)} had been measured; Measure again times it fully.`;
  if (best) return droppedReason(outcome.stage, outcome.elapsedMs, best);
  return `Dropped: still ${outcome.stage} after ${(outcome.elapsedMs / 1000).toFixed(1)} s.`;
}

/** Sends one candidate to the probe and waits for its result, its budget, or a crash. */
function measureOne(
  probe: Probe,
  backend: BackendName,
  budget: number,
  request: ChoiceRequest,
  post: Post,
  cutWhen?: Promise<void>,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const clock = new CandidateClock(budget, (outcome) => resolve(outcome));
    void cutWhen?.then(() => {
      clock.stop();
      resolve({ kind: 'data-ready', stage: clock.currentStage() });
    });
    probe.listen((event) => {
      if (event.type === 'measure-result' && event.result.backend === backend) {
        clock.stop();
        resolve({ kind: 'result', result: event.result });
      } else if (event.type === 'measure-progress' && event.backend === backend) {
        clock.progress(event);
        post({ ...event, elapsedMs: clock.elapsedMs(), budgetMs: budget });
      } else if (event.type === 'error') {
        clock.stop();
        resolve({ kind: 'broken', message: event.message });
      }
    });
    probe.send({
      type: 'measure-backend',
      backend,
      batchSize: request.batchSize,
      model: request.model,
      steps: TIMED_STEPS,
      seed: 1,
      ...(request.sabotageSmokeTest?.includes(backend) ? { sabotageSmokeTest: true } : {}),
    });
  });
}

/**
 * One candidate's time limits. Loading the measuring worker and starting the backend (its
 * adapter, device and smoke test) may take up to START_MS: that is checking, not warming up,
 * and a backend that fails its smoke test must say so, not be dropped. The budget runs from
 * the first step of the warm-up (compiling) on.
 */
class CandidateClock {
  private timer: ReturnType<typeof setTimeout>;
  private warmingSince: number | null = null;
  private readonly startedAt = performance.now();
  private stage = 'starting the backend';

  constructor(
    private readonly budget: number,
    private readonly expire: (outcome: Outcome) => void,
  ) {
    this.timer = setTimeout(() => this.expire(this.overrun(this.startedAt)), START_MS);
  }

  progress(event: Extract<WorkerEvent, { type: 'measure-progress' }>): void {
    this.stage = stageWords(event);
    if (event.stage === 'starting' || this.warmingSince !== null) return;
    this.warmingSince = performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(this.overrun(this.warmingSince!)), this.budget);
  }

  /** What the candidate is doing, in words. */
  currentStage(): string {
    return this.stage;
  }

  /** Time the budget has run, ms (0 while starting). */
  elapsedMs(): number {
    return this.warmingSince === null ? 0 : performance.now() - this.warmingSince;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private overrun(since: number): Outcome {
    return { kind: 'overrun', stage: this.stage, elapsedMs: performance.now() - since };
  }
}

function stageWords(event: Extract<WorkerEvent, { type: 'measure-progress' }>): string {
  switch (event.stage) {
    case 'starting':
      return 'starting the backend';
    case 'compiling':
      return `compiling (${event.done ?? 0} of ${event.total ?? '?'} programs)`;
    case 'warming':
      return 'running its first step';
    case 'timing':
      return 'timing its steps';
    default:
      return event.stage satisfies never;
  }
}
