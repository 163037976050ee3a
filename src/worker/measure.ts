/**
 * The `measure-backend` command, run by a throwaway copy of this worker that the training
 * worker starts while it downloads the dataset (choice.ts): start exactly one backend (its
 * smoke test included), prepare the run's step as the app does, time a few real steps on
 * synthetic batches and report the median. The parent stops the worker when a candidate
 * takes too long, which is why this runs in a worker of its own: a step in progress cannot be
 * interrupted any other way.
 */
import { errorMessage } from '../backend/choose';
import type { CandidateResult } from '../backend/decision';
import type { BackendName } from '../backend/rank';
import { buildNetwork } from '../model/build-network';
import { buildDenseNet, type DenseNetSpec } from '../model/densenet';
import { prepareRun, stepOnlyTarget } from '../train/prepare';
import { median } from './bench';
import { ourStep, syntheticDataset } from './bench-steps';
import type { MeasureRequest } from './bench-types';
import type { Post } from './protocol';

export interface MeasureDeps {
  /** Starts exactly this backend with the app's flags and checks it; null when it works, else why not. */
  startBackend(backend: BackendName, sabotageSmokeTest: boolean): Promise<string | null>;
  describe(backend: BackendName): Promise<{ adapter: string }>;
  /** The seed preset's network in tests. */
  spec?: DenseNetSpec;
}

export async function measureBackend(request: MeasureRequest, deps: MeasureDeps, post: Post): Promise<void> {
  try {
    await measure(request, deps, post);
  } catch (error) {
    const reason = `Failed: the training step did not run (${errorMessage(error)}).`;
    post({ type: 'measure-result', result: { backend: request.backend, status: 'failed', reason } });
  }
}

async function measure(request: MeasureRequest, deps: MeasureDeps, post: Post): Promise<void> {
  const { backend } = request;
  const started = performance.now();
  post({ type: 'measure-progress', backend, stage: 'starting' });
  const failure = await deps.startBackend(backend, request.sabotageSmokeTest === true);
  if (failure)
    return post({ type: 'measure-result', result: { backend, status: 'failed', reason: `Failed: ${failure}` } });
  const { adapter } = await deps.describe(backend);
  const build = (seed: number) =>
    request.model.preset === 'seed' && deps.spec ? buildDenseNet(deps.spec, seed) : buildNetwork(request.model, seed);
  const dataset = syntheticDataset(request.batchSize, request.seed);
  const net = build(request.seed);
  const runner = ourStep(net, dataset, request.batchSize);
  try {
    await prepareRun(
      stepOnlyTarget(() => build(request.seed + 1), net, dataset, request.batchSize, request.seed),
      (progress) => post({ type: 'measure-progress', backend, ...progress }),
    );
    // The first real step of this network settles what preparation could not (its own uploads).
    runner.step();
    await runner.sync();
    const warmupMs = performance.now() - started;
    const stepMs: number[] = [];
    for (let step = 0; step < request.steps; step++) {
      post({ type: 'measure-progress', backend, stage: 'timing', done: step, total: request.steps });
      const stepStart = performance.now();
      runner.step();
      await runner.sync();
      stepMs.push(performance.now() - stepStart);
    }
    const msPerStep = median(stepMs);
    const result: CandidateResult = {
      backend,
      status: 'measured',
      adapter,
      imagesPerSecond: (request.batchSize * 1000) / msPerStep,
      msPerStep,
      warmupMs,
    };
    post({ type: 'measure-result', result });
  } finally {
    runner.dispose();
    net.model.dispose();
    dataset.dispose();
  }
}
