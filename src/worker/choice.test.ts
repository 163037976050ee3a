import { describe, expect, test } from 'vitest';
import type { BackendChoice } from '../backend/choose';
import type { CandidateResult } from '../backend/decision';
import { memoryDecisions } from '../backend/decisionStore';
import type { BackendName, GpuProbes } from '../backend/rank';
import { chooseByMeasurement, type BackendAccess, type ChoiceDeps, type Probe } from './choice';
import type { WorkerEvent } from './protocol';

/** A software WebGPU and WebGL, as on a machine without a GPU: measured after WASM. */
const SOFTWARE_GPUS: GpuProbes = {
  webgpu: { usable: true, adapter: 'SwiftShader (software)', software: 'fallback adapter' },
  webgl: { usable: true, adapter: 'ANGLE (SwiftShader) (software)', software: 'renderer names SwiftShader' },
};

type Script = { result: CandidateResult; afterMs: number } | 'hang' | 'fail';

/** A measuring worker that answers each candidate by `scripts`, recording what it was asked and whether it was stopped. */
function fakeProbes(scripts: Partial<Record<BackendName, Script>>) {
  const asked: BackendName[] = [];
  let terminated = 0;
  let spawned = 0;
  const spawn = (): Probe => {
    spawned++;
    const listeners: ((event: WorkerEvent) => void)[] = [];
    let alive = true;
    const emit = (event: WorkerEvent) => alive && listeners.forEach((listener) => listener(event));
    return {
      listen: (listener) => listeners.push(listener),
      terminate: () => {
        alive = false;
        terminated++;
      },
      send: (command) => {
        if (command.type !== 'measure-backend') return;
        const { backend } = command;
        asked.push(backend);
        const script = scripts[backend] ?? 'fail';
        setTimeout(() => {
          emit({ type: 'measure-progress', backend, stage: 'starting' });
          if (script === 'hang') emit({ type: 'measure-progress', backend, stage: 'compiling', done: 3, total: 90 });
          else if (script === 'fail')
            emit({ type: 'measure-result', result: { backend, status: 'failed', reason: 'Failed: smoke test' } });
          else setTimeout(() => emit({ type: 'measure-result', result: script.result }), script.afterMs);
        }, 1);
      },
    };
  };
  return { spawn, asked, counts: () => ({ spawned, terminated }) };
}

const measured = (backend: BackendName, imagesPerSecond: number): CandidateResult => ({
  backend,
  status: 'measured',
  adapter: backend,
  imagesPerSecond,
  msPerStep: 32_000 / imagesPerSecond,
  warmupMs: 100,
});

function fakeBackends(started: BackendName[], gpus: GpuProbes = SOFTWARE_GPUS): BackendAccess {
  return {
    probe: async () => gpus,
    start: async (backend) => (started.push(backend), null),
    describe: async (backend) => `${backend} adapter`,
    rank: async (): Promise<BackendChoice> => ({ backend: 'wasm', adapter: 'ranked', attempts: [{ backend: 'wasm' }] }),
  };
}

function setup(
  scripts: Partial<Record<BackendName, Script>>,
  store = memoryDecisions(),
  gpus?: GpuProbes,
  onEvent: (event: WorkerEvent) => void = () => {},
) {
  const probes = fakeProbes(scripts);
  const started: BackendName[] = [];
  const events: WorkerEvent[] = [];
  const deps: ChoiceDeps = {
    spawnProbe: probes.spawn,
    store,
    device: { cores: 2, browser: 'Test/1', appVersion: '1' },
    budgetMs: (fastest) => (fastest ? 150 : 5_000),
    backends: fakeBackends(started, gpus),
  };
  const choose = (remeasure = false, exclude: BackendName[] = [], dataReady?: Promise<void>) =>
    chooseByMeasurement(
      { exclude, remeasure, model: { preset: 'seed' }, batchSize: 32, ...(dataReady ? { dataReady } : {}) },
      deps,
      (e) => (events.push(e), onEvent(e)),
    );
  return { choose, probes, started, events, store };
}

describe('choosing the backend by measurement', () => {
  test('measures in ranking order, drops a candidate that overruns its budget, skips one that fails, and picks the fastest', async () => {
    const startedWhileWebGpuRan: BackendName[][] = [];
    const { choose, probes, started, events } = setup(
      { wasm: { result: measured('wasm', 400), afterMs: 5 }, webgpu: 'hang', webgl: 'fail' },
      undefined,
      undefined,
      (event) =>
        event.type === 'measure-progress' && event.backend === 'webgpu' && startedWhileWebGpuRan.push([...started]),
    );
    const choice = await choose();
    expect(probes.asked).toEqual(['wasm', 'webgpu', 'webgl']);
    expect(choice.backend).toBe('wasm');
    // Started once: as soon as it was measured, while the others were measured.
    expect(started).toEqual(['wasm']);
    expect(startedWhileWebGpuRan[0]).toEqual(['wasm']);
    const candidates = choice.decision!.candidates;
    expect(candidates.map((c) => [c.backend, c.status])).toEqual([
      ['wasm', 'measured'],
      ['webgpu', 'dropped'],
      ['webgl', 'failed'],
      ['cpu', 'not-measured'],
    ]);
    expect(candidates[1]!.reason).toMatch(
      /^Dropped: still compiling \(3 of 90 programs\) after 0\.\d s, when WASM could have trained \d+ steps\.$/,
    );
    expect(candidates[2]!.reason).toBe('Failed: smoke test');
    // The overrunning worker was stopped and a fresh one measured the next candidate.
    expect(probes.counts()).toEqual({ spawned: 2, terminated: 2 });
    expect(choice.decision!.how).toBe('measured');
    expect(events.filter((e) => e.type === 'measure-result')).toHaveLength(4);
  });

  test('once the data is ready and one candidate is measured, the rest are not waited for, unless measuring again', async () => {
    const scripts: Partial<Record<BackendName, Script>> = {
      wasm: { result: measured('wasm', 400), afterMs: 1 },
      webgpu: 'hang',
      webgl: { result: measured('webgl', 900), afterMs: 1 },
    };
    let markReady = () => {};
    const dataReady = new Promise<void>((resolve) => (markReady = resolve));
    // The data is ready while WebGPU compiles, well inside its budget.
    const { choose, probes } = setup(scripts, memoryDecisions(), undefined, (event) => {
      if (event.type === 'measure-progress' && event.backend === 'webgpu' && event.stage === 'compiling') markReady();
    });
    const choice = await choose(false, [], dataReady);
    expect(probes.asked).toEqual(['wasm', 'webgpu']);
    expect(choice.backend).toBe('wasm');
    const [, webgpu, webgl] = choice.decision!.candidates;
    expect(webgpu).toMatchObject({ status: 'dropped' });
    expect(webgpu!.reason).toBe(
      'Dropped: still compiling (3 of 90 programs) when the data was ready, and WASM had been measured; Measure again times it fully.',
    );
    expect(webgl).toMatchObject({
      status: 'not-measured',
      reason: 'Not measured: the data was ready and WASM had been measured; Measure again times every candidate.',
    });
    // Measure again waits for every candidate (each within its budget) and finds the faster WebGL.
    const again = setup(scripts);
    expect((await again.choose(true, [], Promise.resolve())).backend).toBe('webgl');
    expect(again.probes.asked).toEqual(['wasm', 'webgpu', 'webgl']);
  });

  test('a later GPU that is faster wins, and the decision is stored and reused without measuring', async () => {
    const store = memoryDecisions();
    const first = setup(
      { wasm: { result: measured('wasm', 400), afterMs: 1 }, webgpu: { result: measured('webgpu', 900), afterMs: 20 } },
      store,
    );
    expect((await first.choose()).backend).toBe('webgpu');
    // WASM, measured first, was started while WebGPU was measured; the winner was started after it.
    expect(first.started).toEqual(['wasm', 'webgpu']);
    const again = setup({}, store);
    const choice = await again.choose();
    expect(choice).toMatchObject({ backend: 'webgpu', decision: { how: 'stored', backend: 'webgpu' } });
    expect(again.probes.asked).toEqual([]);
    // "Measure again" ignores the stored decision.
    const remeasured = setup({ wasm: { result: measured('wasm', 400), afterMs: 1 } }, store);
    expect((await remeasured.choose(true)).decision!.how).toBe('measured');
    expect(remeasured.probes.asked).toContain('wasm');
  });

  test('after a lost device the stored decision yields its next fastest candidate, still without measuring', async () => {
    const store = memoryDecisions();
    await setup(
      { wasm: { result: measured('wasm', 400), afterMs: 1 }, webgpu: { result: measured('webgpu', 900), afterMs: 1 } },
      store,
    ).choose();
    const after = setup({}, store);
    expect((await after.choose(false, ['webgpu'])).backend).toBe('wasm');
    expect(after.probes.asked).toEqual([]);
  });

  test('a GPU without an adapter fails at once, without a measuring worker', async () => {
    const noWebGpu: GpuProbes = { ...SOFTWARE_GPUS, webgpu: { usable: false, failure: 'No adapter.' } };
    const { choose, probes } = setup(
      { wasm: { result: measured('wasm', 400), afterMs: 1 }, webgl: 'hang' },
      undefined,
      noWebGpu,
    );
    const choice = await choose();
    expect(probes.asked).toEqual(['wasm', 'webgl']);
    expect(choice.decision!.candidates.find((c) => c.backend === 'webgpu')).toEqual({
      backend: 'webgpu',
      status: 'failed',
      reason: 'Failed: No adapter.',
    });
  });

  test('when nothing can be measured the fixed ranking decides, and says why', async () => {
    const { choose } = setup({});
    const choice = await choose();
    expect(choice.adapter).toBe('ranked');
    expect(choice.measurementFailure).toMatch(
      /^Measuring did not decide \(WASM: Failed: smoke test .*\); the fixed ranking did\.$/,
    );
  });
});
