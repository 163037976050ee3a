import * as tf from '@tensorflow/tfjs';
import { describe, expect, test, vi } from 'vitest';
import { columnPlan } from './column-plan';
import { GPU_TRAINING_KERNELS, registerGpuTrainingKernels } from './gpu-kernels';
import { ADAM_UPDATE, BATCH_NORM_APPLY, BATCH_NORM_GRAD, CHANNEL_MOMENTS } from './kernel-names';

// The kernels themselves run only in a browser: e2e/gpu-kernels.spec.ts compares them with the cpu backend.
describe('registerGpuTrainingKernels', () => {
  test('registers our four kernels for webgl and webgpu, before either backend exists, once', () => {
    const warn = vi.spyOn(console, 'warn');
    registerGpuTrainingKernels();
    registerGpuTrainingKernels();
    for (const backend of ['webgl', 'webgpu']) {
      for (const name of [ADAM_UPDATE, CHANNEL_MOMENTS, BATCH_NORM_APPLY, BATCH_NORM_GRAD])
        expect(tf.getKernel(name, backend), `${backend}/${name}`).toBeDefined();
    }
    expect(GPU_TRAINING_KERNELS).toHaveLength(8);
    // TF.js warns about a kernel registered twice; a second call must not re-register.
    expect(warn).not.toHaveBeenCalled();
    // Node has only cpu and wasm: nothing of ours is registered there.
    expect(tf.getKernel(ADAM_UPDATE, 'cpu')).toBeUndefined();
  });
});

describe('columnPlan', () => {
  test('views [..., C] as rows × C in about √rows groups that cover every row once', () => {
    for (const shape of [[32, 28, 28, 8], [32, 7, 7, 48], [3, 5, 7, 13], [37, 5], [4]]) {
      const plan = columnPlan(shape);
      expect(plan.channels).toBe(shape[shape.length - 1]);
      expect(plan.rows * plan.channels).toBe(shape.reduce((a, b) => a * b, 1));
      expect(plan.groups * plan.groupRows).toBeGreaterThanOrEqual(plan.rows);
      expect((plan.groups - 1) * plan.groupRows).toBeLessThan(plan.rows);
    }
    expect(columnPlan([32, 28, 28, 8])).toEqual({ rows: 25_088, channels: 8, groupRows: 159, groups: 158 });
  });

  test('rejects a tensor without channels or rows', () => {
    expect(() => columnPlan([])).toThrow(/C ≥ 1/);
    expect(() => columnPlan([0, 4])).toThrow(/at least one row/);
  });
});
