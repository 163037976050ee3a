/**
 * Choosing the backend by timing the real training step on each candidate (the pure parts;
 * src/worker/choice.ts runs the measurements). Candidates are measured in the fixed ranking's
 * order (rank.ts), each on a bounded budget: one still warming up when the fastest so far
 * could have trained STEPS_AHEAD steps is dropped, with the reason. The CPU backend is not
 * measured while WASM is: it runs on the same cores, much slower, and is the last fallback.
 */
import type { BackendName } from './rank';

/** One candidate's outcome, as the badge and the speed panel show it. */
export interface CandidateResult {
  backend: BackendName;
  status: 'measured' | 'failed' | 'dropped' | 'not-measured';
  /** The adapter, renderer or wasm build, when the backend started. */
  adapter?: string;
  /** Median images/s over the timed steps (measured). */
  imagesPerSecond?: number;
  msPerStep?: number;
  /** From asking for the backend to the first timed step, ms (measured). */
  warmupMs?: number;
  /** Why it was not measured, or did not finish (failed, dropped, not-measured). */
  reason?: string;
}

/** A decision as stored per device and shown in the UI. */
export interface BackendDecision {
  backend: BackendName;
  candidates: CandidateResult[];
  /** ISO time of the measurement. */
  measuredAt: string;
}

/** A candidate with nothing faster to bound it (the first one measured) gets this long. */
export const FIRST_BUDGET_MS = 60_000;
/** Every later one gets at least this long to warm up, so a tiny step time does not cut a compile short. */
export const MIN_BUDGET_MS = 1_500;
/**
 * ... or the time the fastest so far needs for this many steps, whichever is longer: a
 * candidate that has not even finished warming up by then has lost more than it could win
 * back in the measured steps, and the first visit must not keep the user waiting.
 */
export const STEPS_AHEAD = 10;

/** How long candidate number n may take to start, compile and time its steps, given the fastest so far. */
export function budgetMs(fastest: CandidateResult | null): number {
  if (!fastest?.msPerStep) return FIRST_BUDGET_MS;
  return Math.max(MIN_BUDGET_MS, STEPS_AHEAD * fastest.msPerStep);
}

/** The measured candidate with the most images/s, or null when none was measured. */
export function fastest(candidates: readonly CandidateResult[]): CandidateResult | null {
  let best: CandidateResult | null = null;
  for (const candidate of candidates) {
    if (candidate.status !== 'measured' || candidate.imagesPerSecond === undefined) continue;
    if (!best || candidate.imagesPerSecond > best.imagesPerSecond!) best = candidate;
  }
  return best;
}

/** Whether `backend` is measured at all, given what was measured before it. */
export function shouldMeasure(backend: BackendName, before: readonly CandidateResult[]): string | null {
  if (backend === 'cpu' && before.some((c) => c.backend === 'wasm' && c.status === 'measured'))
    return 'Not measured: it runs on the same cores as WASM, several times slower; it is the last fallback.';
  return null;
}

/** The reason a candidate was dropped when its budget ran out while it was still at `stage`. */
export function droppedReason(stage: string, elapsedMs: number, fastestSoFar: CandidateResult): string {
  const steps = Math.floor(elapsedMs / fastestSoFar.msPerStep!);
  return `Dropped: still ${stage} after ${(elapsedMs / 1000).toFixed(1)} s, when ${label(fastestSoFar.backend)} could have trained ${steps} steps.`;
}

/**
 * The key a decision is stored under: what decides which backend is fastest here — the GPU
 * adapter and renderer, the core count, the browser and this app's version. A new driver,
 * browser update or release measures again.
 */
export function deviceKey(parts: {
  webgpuAdapter: string;
  webglRenderer: string;
  cores: number;
  browser: string;
  appVersion: string;
}): string {
  return JSON.stringify([parts.webgpuAdapter, parts.webglRenderer, parts.cores, parts.browser, parts.appVersion]);
}

/**
 * A stored decision that can be used now: its backend, or (when that one is excluded after a
 * lost device) the fastest other candidate it measured; null when none is left.
 */
export function reuse(decision: BackendDecision, exclude: readonly BackendName[]): BackendName | null {
  const usable = decision.candidates.filter((c) => !exclude.includes(c.backend));
  if (!exclude.includes(decision.backend)) return decision.backend;
  return fastest(usable)?.backend ?? null;
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL 2', wasm: 'WASM', cpu: 'CPU' };

export function label(backend: BackendName): string {
  return LABELS[backend];
}

/** One line per candidate for the badge's list: figures for measured ones, reasons for the rest. */
export function describeCandidate(candidate: CandidateResult, chosen: BackendName): string {
  if (candidate.status === 'measured') {
    const figure = `${candidate.imagesPerSecond!.toFixed(1)} images/s (${candidate.msPerStep!.toFixed(0)} ms/step)`;
    return candidate.backend === chosen ? `${figure}: the fastest, chosen.` : `${figure}: slower.`;
  }
  return candidate.reason ?? candidate.status;
}
