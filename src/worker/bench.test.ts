import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { REFERENCE_DENSENET, buildDenseNet } from '../model/densenet';
import { trainOnWasm } from '../test-support/backends';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { median } from './bench';
import { plainTrainingLogits } from './bench-steps';
import type { BenchRequest } from './bench-types';
import { createHandler } from './handler';
import type { WorkerEvent } from './protocol';

const REQUEST: BenchRequest = {
  backend: 'wasm',
  variant: 'ours',
  batchSize: 8,
  warmupSteps: 1,
  windows: 3,
  budgetMs: 300,
  seed: 5,
};

function benchHarness(startFailure: string | null = null) {
  const events: WorkerEvent[] = [];
  const handle = createHandler({
    loadDataset: () => Promise.reject(new Error('the benchmark loads no dataset')),
    chooseBackend: () => Promise.reject(new Error('the benchmark chooses no backend')),
    yieldToEvents: () => Promise.resolve(),
    spec: SMALL_DENSENET,
    bench: {
      startBackend: async (backend) => startFailure ?? ((await tf.setBackend(backend)) ? null : 'did not start'),
      describe: async () => ({ adapter: 'SIMD · 1 thread', wasm: null }),
    },
  });
  return {
    run: (request: BenchRequest) => handle({ type: 'bench', ...request }, (event) => events.push(event)),
    events,
  };
}

describe('the worker benchmark', () => {
  beforeAll(trainOnWasm);

  const figuresOf = async (request: BenchRequest) => {
    const { run, events } = benchHarness();
    await run(request);
    const results = events.filter(
      (e): e is Extract<WorkerEvent, { type: 'bench-result' }> => e.type === 'bench-result',
    );
    expect(results).toHaveLength(1);
    const result = results[0]!.result;
    if (result.skipped !== undefined) throw new Error(`skipped: ${result.skipped}`);
    expect(result.variant).toBe(request.variant);
    expect(result.tensorsAfter).toBe(result.tensorsBefore);
    return result.figures;
  };

  test('times our step and the baseline, counts kernels, and leaks no tensors', async () => {
    const tensorsAtStart = tf.memory().numTensors;
    const ours = await figuresOf(REQUEST);
    expect(ours.windowImagesPerSecond).toHaveLength(3);
    expect(ours.imagesPerSecond).toBe(median(ours.windowImagesPerSecond));
    expect(ours.msPerStep).toBeCloseTo(8000 / ours.imagesPerSecond, 6);
    expect(ours.kernelsPerStep).toBeGreaterThan(ours.distinctKernels);
    // wasm compiles no GPU programs; its preparation is one real step on scratch copies.
    expect(ours).toMatchObject({ programsCompiled: null, programsPerStep: null, readsPerStep: null });
    expect(ours.prepareMs).toBeGreaterThan(0);
    // Warm-up is the time lost to it: preparation and warm-up step beyond two steady steps.
    expect(ours.warmupStepMs).toEqual([ours.firstStepMs]);
    expect(ours.warmupMs).toBeCloseTo(Math.max(0, ours.prepareMs + ours.firstStepMs - 2 * ours.msPerStep), 6);
    const baseline = await figuresOf({ ...REQUEST, variant: 'baseline' });
    expect(baseline.kernelsPerStep).toBeGreaterThan(ours.kernelsPerStep);
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });

  test('a backend that cannot start is reported as skipped, with the reason', async () => {
    const { run, events } = benchHarness('no adapter');
    await run({ ...REQUEST, backend: 'webgpu' });
    expect(events).toEqual([
      { type: 'bench-result', result: { backend: 'webgpu', variant: 'ours', skipped: 'no adapter' } },
    ]);
  });

  test('a malformed request gets a specific message', async () => {
    const { run, events } = benchHarness();
    await run({ ...REQUEST, windows: 0 });
    expect(events).toEqual([
      { type: 'error', code: 'bench', message: 'bench windows must be a whole number from 1 to 1000, got 0.' },
    ]);
  });

  test('the baseline forward pass (tfjs-layers with training: true) gives the logits of our training pass', async () => {
    const net = buildDenseNet(REFERENCE_DENSENET, 1);
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const [plain, ours] = [plainTrainingLogits(net.model, images), net.logits(images, true)];
    expect(plain.shape).toEqual([4, 10]);
    const scale = (await tf.max(tf.abs(ours)).data())[0]!;
    const difference = (await tf.max(tf.abs(tf.sub(plain, ours))).data())[0]!;
    expect(difference / scale).toBeLessThan(1e-4);
    tf.dispose([plain, ours, images]);
    net.model.dispose();
  });

  test('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });
});
