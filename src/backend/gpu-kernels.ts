/**
 * Registers our training kernels (src/backend/kernel-names.ts) for 'webgl' and 'webgpu'.
 * Registration only records the kernels in TF.js's registry: it needs no backend, may run
 * before any backend initialises, and is idempotent. Where a backend has no kernel of ours,
 * the callers compose the same maths from standard ops.
 */
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { webglAdamUpdateConfig } from './webgl/adam';
import { webglBatchNormApplyConfig, webglBatchNormGradConfig, webglChannelMomentsConfig } from './webgl/batch-norm';
import { webgpuAdamUpdateConfig } from './webgpu/adam';
import { webgpuBatchNormApplyConfig, webgpuBatchNormGradConfig, webgpuChannelMomentsConfig } from './webgpu/batch-norm';

const KERNELS: readonly KernelConfig[] = [
  webglAdamUpdateConfig,
  webglChannelMomentsConfig,
  webglBatchNormApplyConfig,
  webglBatchNormGradConfig,
  webgpuAdamUpdateConfig,
  webgpuChannelMomentsConfig,
  webgpuBatchNormApplyConfig,
  webgpuBatchNormGradConfig,
];

/** `backend/kernel` for every kernel this module registers (for tests and reports). */
export const GPU_TRAINING_KERNELS: readonly string[] = KERNELS.map(
  (config) => `${config.backendName}/${config.kernelName}`,
);

export function registerGpuTrainingKernels(): void {
  for (const config of KERNELS) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
}
