/**
 * Registers our training kernels for the 'wasm' backend. Call once, after importing
 * '@tensorflow/tfjs-backend-wasm' and before `tf.setBackend('wasm')` (the engine runs kernel
 * setup when the backend initialises). Idempotent.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { adamUpdateConfig } from './adam';
import {
  batchNormGradConfig,
  captureOriginalFusedBatchNorm,
  channelMomentsConfig,
  fusedBatchNormConfig,
} from './batch-norm';
import { captureOriginalConcatSplit, concatConfig, packConfig, splitVConfig } from './concat-split';
import { captureOriginalBackpropInput, conv2DBackpropFilterConfig, conv2DBackpropInputConfig } from './conv-grad';
import { captureOriginalIdentity, identityConfig } from './identity';
import { batchMatMulConfig, captureOriginalMatMul, fusedMatMulConfig } from './matmul';
import { maxPoolGradConfig } from './pool-grad';
import { captureOriginal, sumConfig, tileConfig } from './reduce-tile';

let registered = false;

/** Replaces (or adds) a wasm kernel, handing back the one it replaces. */
function replaceKernel(config: KernelConfig): KernelFunc | undefined {
  const existing = getKernel(config.kernelName, 'wasm');
  if (existing !== undefined) unregisterKernel(config.kernelName, 'wasm');
  // The replaced kernel still needs its setup (it binds the wasm function we may fall back to).
  const setupFunc = existing?.setupFunc;
  registerKernel(setupFunc ? { ...config, setupFunc } : config);
  return existing?.kernelFunc;
}

const KERNELS = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  concatConfig,
  splitVConfig,
  packConfig,
  sumConfig,
  tileConfig,
  adamUpdateConfig,
  channelMomentsConfig,
  batchNormGradConfig,
  fusedBatchNormConfig,
  identityConfig,
];

/** The kernel names this module provides for wasm (for tests and the benchmark's report). */
export const WASM_TRAINING_KERNELS: readonly string[] = KERNELS.map((config) => config.kernelName);

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const replaced = new Map(KERNELS.map((config) => [config.kernelName, replaceKernel(config)]));
  const backpropInput = replaced.get(conv2DBackpropInputConfig.kernelName);
  if (backpropInput) captureOriginalBackpropInput(backpropInput);
  captureOriginalConcatSplit(
    replaced.get(concatConfig.kernelName),
    replaced.get(splitVConfig.kernelName),
    replaced.get(packConfig.kernelName),
  );
  captureOriginalIdentity(replaced.get(identityConfig.kernelName));
  captureOriginalFusedBatchNorm(replaced.get(fusedBatchNormConfig.kernelName));
  for (const config of [batchMatMulConfig, fusedMatMulConfig])
    captureOriginalMatMul(config.kernelName, replaced.get(config.kernelName));
  for (const name of ['Sum', 'Tile'] as const) {
    const original = replaced.get(name);
    if (original) captureOriginal(name, original);
  }
}
