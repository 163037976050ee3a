/**
 * Builders for our WebGPU programs (the backend's `WebGPUProgram` objects, run with
 * `backend.runWebGPUProgram`). The backend prepends the bindings (`result`, one
 * `array<f32>` per input, `uniforms`) and helpers such as `setOutputAtIndex`, and calls
 * `main(index)` with the flat global thread index when the dispatch is one-dimensional.
 * The pipeline cache key is `shaderKey` plus ranks and dtypes, not the shapes' values: every
 * size our programs need comes in as a uniform, so one pipeline serves every layer's shape
 * and each program is compiled once.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** Threads per workgroup of the per-channel reductions: one workgroup reduces one channel. */
export const REDUCE_THREADS = 256;

const ELEMENTWISE_THREADS = 64;

/** A uniform value as `runWebGPUProgram` takes it. */
export type Uniform = { type: 'int32' | 'float32'; data: number[] };

export const int = (value: number): Uniform => ({ type: 'int32', data: [value] });
export const float = (value: number): Uniform => ({ type: 'float32', data: [value] });

/**
 * One thread per output element, `main(index)` with `index` the flat element index.
 * `uniforms` declares the program's own uniforms (`name : type,` each), in the order of the
 * values passed to `runWebGPUProgram`.
 */
export function elementwiseProgram(
  shaderKey: string,
  variableNames: string[],
  outputShape: number[],
  uniforms: string,
  body: string,
): WebGPUProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey,
    variableNames,
    outputShape,
    uniforms,
    size: true,
    workgroupSize: [ELEMENTWISE_THREADS, 1, 1],
    dispatchLayout: { x: outputShape.map((_, axis) => axis) },
    dispatch: [Math.ceil(size / ELEMENTWISE_THREADS), 1, 1],
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

/**
 * One workgroup of {@link REDUCE_THREADS} threads per channel of a `[C]` output, over an input
 * viewed as `rows × channels` (both uniforms, first in `uniforms`). `body` runs in every
 * thread with `c` (the channel) and `lane` (0…255) and may call `workgroupSum(v)`, which
 * every thread of the workgroup must reach (it synchronises them); thread 0 writes the
 * result with `write(c, …)`.
 */
export function channelReduceProgram(
  shaderKey: string,
  variableNames: string[],
  channels: number,
  uniforms: string,
  body: string,
): WebGPUProgram {
  return {
    shaderKey,
    variableNames,
    outputShape: [channels],
    uniforms: `rows : i32, channels : i32, ${uniforms}`,
    size: true,
    workgroupSize: [REDUCE_THREADS, 1, 1],
    dispatchLayout: { x: [0] },
    dispatch: [channels, 1, 1],
    getUserCode: () => `
      var<workgroup> partialSums : array<f32, ${REDUCE_THREADS}>;

      fn workgroupSum(value : f32) -> f32 {
        partialSums[localId.x] = value;
        workgroupBarrier();
        for (var width = ${REDUCE_THREADS / 2}u; width > 0u; width = width / 2u) {
          if (localId.x < width) {
            partialSums[localId.x] = partialSums[localId.x] + partialSums[localId.x + width];
          }
          workgroupBarrier();
        }
        let total = partialSums[0];
        workgroupBarrier();
        return total;
      }

      // Reads uniforms.size, besides guarding: a shader that reads no uniform loses the
      // uniform binding from its layout, and the backend always binds one.
      fn write(c : i32, value : f32) {
        if (localId.x == 0u && c < uniforms.size) { setOutputAtIndex(c, value); }
      }

      fn main(index : i32) {
        let c = index / ${REDUCE_THREADS};
        let lane = i32(localId.x);
        ${body}
      }`,
  };
}

/** `for` over this thread's rows of the `rows × channels` view (rows lane, lane + 256, …). */
export function forEachRow(body: string): string {
  return `for (var row = lane; row < uniforms.rows; row = row + ${REDUCE_THREADS}) { let at = row * uniforms.channels + c; ${body} }`;
}
