/**
 * Entry of the test-only kernel check page (e2e/gpu-kernels.spec.ts builds and serves it; the
 * app never loads it). It registers our GPU kernels as the app's worker does and exposes the
 * checks on `window.kernelCheck` for the spec to call.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { registerGpuTrainingKernels } from '../../src/backend/gpu-kernels';
import { compareKernels } from './equivalence';
import { countStep, trainLosses } from './training';

registerGpuTrainingKernels();

const kernelCheck = {
  compareKernels,
  countStep,
  trainLosses,
  backends: () => Object.keys(tf.engine().registryFactory),
};

export type KernelCheck = typeof kernelCheck;

declare global {
  interface Window {
    kernelCheck?: KernelCheck;
  }
}

window.kernelCheck = kernelCheck;
