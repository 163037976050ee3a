import { describe, expect, test } from 'vitest';
import { formatWasm } from './adapter';

describe('the wasm badge text', () => {
  test('threads when cross-origin isolated', () => {
    expect(formatWasm({ simd: true, multithread: true, threads: 2, crossOriginIsolated: true })).toBe(
      'SIMD · 2 threads',
    );
  });

  test('one thread, and why, when the page is not isolated', () => {
    expect(formatWasm({ simd: true, multithread: false, threads: 1, crossOriginIsolated: false })).toBe(
      'SIMD · 1 thread (page not cross-origin isolated)',
    );
  });

  test('an isolated page in a browser without wasm threads, and no SIMD', () => {
    expect(formatWasm({ simd: false, multithread: false, threads: 1, crossOriginIsolated: true })).toBe(
      'no SIMD · 1 thread (this browser has no WebAssembly threads)',
    );
  });
});
