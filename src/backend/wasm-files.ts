/**
 * Where the wasm backend finds its binaries: the three .wasm files of the installed
 * @tensorflow/tfjs-backend-wasm, emitted by Vite as hashed assets of this build, never a CDN.
 * Browser-only (the `?url` imports need Vite); the worker entry calls it once at start.
 *
 * The threaded binary needs no extra script: tfjs-backend-wasm 4.22 embeds its pthread worker
 * as a string and starts it from a Blob URL, so nothing else has to be served.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Must run before the first `tf.setBackend('wasm')`. */
export function useBundledWasmFiles(): void {
  // A per-file map, because hashed asset names share no common prefix.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainWasm,
    'tfjs-backend-wasm-simd.wasm': simdWasm,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
  });
}
