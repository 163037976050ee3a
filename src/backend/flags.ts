/**
 * The TF.js flags the app sets on its GPU backends, and TF.js 4.22's defaults for them (from
 * tfjs-backend-webgl/src/flags_webgl.ts and tfjs-backend-webgpu/src/flags_webgpu.ts), so the
 * benchmark can compare the two in one run. Each was kept because `npm run bench` measured
 * it better (docs/benchmarks.md):
 *   - WEBGL_USE_SHAPES_UNIFORMS: shapes become uniforms instead of constants baked into each
 *     shader, so one program serves every shape of an op: fewer programs to compile.
 *   - WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: dispatches recorded per queue submit; a step's few
 *     hundred dispatches go in a few submits instead of one every 15.
 */
import * as tf from '@tensorflow/tfjs';

type FlagValues = Record<string, boolean | number>;

export const APP_FLAGS: FlagValues = {
  WEBGL_USE_SHAPES_UNIFORMS: true,
  WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 128,
};

export const TFJS_DEFAULT_FLAGS: FlagValues = {
  WEBGL_USE_SHAPES_UNIFORMS: false,
  WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 15,
};

/** Sets the app's flags (or, for the benchmark, TF.js's defaults). Call before a GPU backend compiles anything. */
export function useFlags(which: 'app' | 'tfjs-defaults'): void {
  for (const [name, value] of Object.entries(which === 'app' ? APP_FLAGS : TFJS_DEFAULT_FLAGS)) {
    // A flag is registered by its backend's package; without that backend there is nothing to set.
    if (isRegistered(name)) tf.env().set(name, value);
  }
}

function isRegistered(name: string): boolean {
  return name in (tf.env() as unknown as { flagRegistry: Record<string, unknown> }).flagRegistry;
}
