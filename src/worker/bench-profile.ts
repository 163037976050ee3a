/**
 * The benchmark's `profile` option: a few more steps with every wasm kernel timed
 * (src/backend/wasm/kernel-timer.ts), reported per step.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { installKernelTimer, KernelTimer } from '../backend/wasm/kernel-timer';
import { WASM_TRAINING_KERNELS } from '../backend/wasm/register';
import type { StepProfile } from './bench-types';
import type { StepRunner } from './bench-steps';

/** Runs `steps` steps with the kernel timer installed; the runner must be warmed up. */
export async function profileSteps(runner: StepRunner, steps: number): Promise<StepProfile> {
  if (tf.getBackend() !== 'wasm') throw new Error(`the step profile needs the wasm backend, not ${tf.getBackend()}`);
  const timer = new KernelTimer();
  const uninstall = installKernelTimer(tf.backend() as BackendWasm, timer);
  let wallMs: number;
  try {
    const start = performance.now();
    for (let i = 0; i < steps; i++) runner.step();
    await runner.sync();
    wallMs = performance.now() - start;
  } finally {
    uninstall();
  }
  return {
    steps,
    msPerStep: wallMs / steps,
    rows: timer.paths().map(({ path, ms, calls }) => ({
      path,
      ours: WASM_TRAINING_KERNELS.includes(path.split(' › ').at(-1)!),
      msPerStep: ms / steps,
      callsPerStep: calls / steps,
    })),
  };
}
