import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { patchThreadedGlue } from './vite-plugin-wasm-threads';

const require = createRequire(import.meta.url);
const glue = readFileSync(
  require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
  'utf8',
);

describe('the threaded-SIMD glue patch', () => {
  test('drops the closure-dependent _scriptDir statement from the installed glue and reports all logical cores', () => {
    const patched = patchThreadedGlue(glue);
    // The declaration in the outer closure stays; only the statement inside the factory goes.
    expect(patched).not.toContain('scriptDirectory=_scriptDir');
    expect(patched).toContain('return 2*navigator["hardwareConcurrency"]}');
    expect(patched.length).toBe(
      glue.length - 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}'.length + 2,
    );
  });

  test('fails loudly when the glue has changed', () => {
    expect(() => patchThreadedGlue('var x = 1;')).toThrow(/threaded glue changed/);
    expect(() => patchThreadedGlue(patchThreadedGlue(glue))).toThrow(/found it 0 times/);
  });
});
