/**
 * Our WebAssembly SIMD passes (kernels.wat), instantiated on the wasm backend's own memory so
 * they read and write tensors where they live. Loaded once the backend has started
 * (`loadSimdKernels`); until then, where WebAssembly SIMD is missing, or where a shape does
 * not fit them, the kernels run their JavaScript loops instead — same results (the kernel
 * tests run both).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The binaries scripts/build-simd-kernels.ts writes (`npm run kernels`, part of `npm run generate`). */
const BINARIES = {
  plain: new URL('./generated/kernels.wasm', import.meta.url),
  shared: new URL('./generated/kernels-shared.wasm', import.meta.url),
};

/** What kernels.wat exports; pointers are byte offsets into the backend's heap. */
interface Exports {
  adam(
    theta: number,
    g: number,
    m: number,
    v: number,
    theta1: number,
    m1: number,
    v1: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    biasCorrection1: number,
    biasCorrection2: number,
  ): void;
  copyRows(
    target: number,
    targetStride: number,
    source: number,
    sourceStride: number,
    rows: number,
    width: number,
  ): void;
  maxPoolGrad2x2(
    x: number,
    dy: number,
    dx: number,
    windowRows: number,
    outWidth: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    inHeight: number,
  ): void;
  transposeBatchLast(source: number, target: number, n: number, pixels: number, c: number): void;
  channelSums(
    a: number,
    b: number,
    rows: number,
    channels: number,
    sums: number,
    products: number,
    withProducts: number,
  ): void;
}

/** Channel sums up to this many channels use the scratch space (two float64 per channel). */
export const MAX_SUM_CHANNELS = 2048;

export interface SimdKernels extends Exports {
  /** Byte offset of 2 × MAX_SUM_CHANNELS float64 on the heap, reserved for channel sums. */
  scratch: number;
}

let loaded: { memory: WebAssembly.Memory; kernels: SimdKernels } | null = null;
let enabled = true;

/**
 * The SIMD kernels when `buffer` is the memory they run on (a heap view's buffer: a view of
 * other memory, or of the heap before it grew, gets null, and the caller its JavaScript loop).
 */
export function simdKernels(buffer: ArrayBufferLike): SimdKernels | null {
  return enabled && loaded !== null && loaded.memory.buffer === buffer ? loaded.kernels : null;
}

/** Tests: run the JavaScript loops even where the SIMD kernels are loaded. */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}

/** The backend's WebAssembly.Memory: created by its threaded build's glue, exported by the others. */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const module = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; asm?: { memory?: unknown } };
  if (module.wasmMemory instanceof WebAssembly.Memory) return module.wasmMemory;
  return module.asm?.memory instanceof WebAssembly.Memory ? module.asm.memory : null;
}

/** Reads a binary: fetch in a browser; Node passes a file reader. */
export type ReadBinary = (url: URL) => Promise<ArrayBuffer | Uint8Array<ArrayBuffer>>;

const fetchBinary: ReadBinary = async (url) => {
  // Vite inlines a binary this small as a data: URL, which the CSP does not let fetch read.
  if (url.protocol === 'data:')
    return Uint8Array.from(atob(url.pathname.slice(url.pathname.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.arrayBuffer();
};

/**
 * Instantiates the SIMD kernels on `backend`'s memory. Returns null when they are in use, else
 * why not (no SIMD in this browser, a missing binary): the JavaScript loops then run.
 */
export async function loadSimdKernels(backend: BackendWasm, read: ReadBinary = fetchBinary): Promise<string | null> {
  const memory = backendMemory(backend);
  if (!memory) return 'the wasm backend does not expose its memory';
  if (loaded?.memory === memory) return null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = await read(shared ? BINARIES.shared : BINARIES.plain);
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    // Emscripten's allocator, so the backend never hands these bytes to a tensor.
    const { _malloc: malloc } = backend.wasm as unknown as { _malloc(bytes: number): number };
    const scratch = malloc(2 * MAX_SUM_CHANNELS * Float64Array.BYTES_PER_ELEMENT);
    loaded = { memory, kernels: { ...(instance.exports as unknown as Exports), scratch } };
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
