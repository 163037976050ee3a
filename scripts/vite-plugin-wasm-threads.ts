/**
 * Two build-time fixes to tfjs-backend-wasm 4.22's threaded-SIMD glue (the Emscripten JS that
 * loads tfjs-backend-wasm-threaded-simd.wasm). The build fails if the glue ever changes shape.
 *
 * 1. Survive minification.
 * The backend starts each pthread worker from a Blob holding
 * `var WasmBackendModuleThreadedSimd = ` + factory.toString(), so the factory's source runs
 * again in a scope without its closure. Emscripten guards its one closure variable with
 * `typeof _scriptDir !== "undefined"`, but a minifier that can see the declaration rewrites
 * the guard to `e !== void 0` — and every pthread worker dies with "ReferenceError: e is not
 * defined". In a Web Worker `_scriptDir` is always undefined (it comes from
 * document.currentScript or Node's __filename), so the guarded statement is dead code there:
 * we drop it before the minifier sees it.
 *
 * 2. Use every core. The backend's C++ sets XNNPACK's thread cap to
 * `emscripten_num_logical_cores() / 2` ("many x86-64 processors have 2 threads per core"), and
 * even `setThreadsCount` cannot go above that cap, so a 2-core machine always got one thread.
 * The browser's `navigator.hardwareConcurrency` already is the number of threads it will run
 * in parallel, so we report twice that to the glue: the cap becomes the logical core count
 * (XNNPACK still stops at 8).
 */
import type { Plugin } from 'vite';

const GLUE = /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
/** [exact text in the glue, replacement] — each must occur exactly once. */
const PATCHES: readonly (readonly [string, string])[] = [
  ['if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', ''],
  ['return navigator["hardwareConcurrency"]}', 'return 2*navigator["hardwareConcurrency"]}'],
];

/** Applies both patches; throws when the glue no longer contains exactly what they replace. */
export function patchThreadedGlue(code: string): string {
  let patched = code;
  for (const [find, replace] of PATCHES) {
    const count = patched.split(find).length - 1;
    if (count !== 1) {
      throw new Error(
        `tfjs-backend-wasm threaded glue changed: expected ${JSON.stringify(find)} once, found it ${count} times; check scripts/vite-plugin-wasm-threads.ts.`,
      );
    }
    patched = patched.replace(find, () => replace);
  }
  return patched;
}

export function wasmThreadsPlugin(): Plugin {
  return {
    name: 'tfjs-wasm-threads-glue',
    enforce: 'pre',
    transform(code, id) {
      if (!GLUE.test(id.split('?')[0] ?? id)) return null;
      return { code: patchThreadedGlue(code), map: null };
    },
  };
}
