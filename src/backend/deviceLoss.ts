/**
 * WebGPU device loss. The webgpu backend never handles `device.lost`, so the
 * app watches it: the browser can take the device away at any time (driver reset, GPU
 * process crash, too much memory), after which every tensor on it is gone.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './choose';

/** The part of GPUDevice used here (the DOM's WebGPU types are not in this project's libs). */
interface LosableDevice {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

function currentDevice(): LosableDevice | null {
  const device = (tf.backend() as unknown as { device?: LosableDevice }).device;
  return device && typeof device.destroy === 'function' && device.lost instanceof Promise ? device : null;
}

/**
 * Calls `onLost` with a sentence once the current backend's GPU device is lost. Only WebGPU
 * exposes its device; other backends are not watched.
 */
export function watchDeviceLoss(backend: BackendName, onLost: (message: string) => void): void {
  if (backend !== 'webgpu') return;
  const device = currentDevice();
  if (!device) return;
  device.lost.then(
    (info) =>
      onLost(`The WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}).`),
    () => undefined,
  );
}

/** Test hook: destroys the current WebGPU device, which resolves its `lost` promise. Returns false off WebGPU. */
export function destroyDevice(): boolean {
  const device = tf.getBackend() === 'webgpu' ? currentDevice() : null;
  device?.destroy();
  return device !== null;
}
