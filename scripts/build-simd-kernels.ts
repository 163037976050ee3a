/**
 * Compiles src/backend/wasm/simd/kernels.wat (our memory-bound training passes as WebAssembly
 * SIMD) with WABT into src/backend/wasm/simd/generated/: `kernels.wasm`, whose memory import
 * fits the wasm backend's single-threaded builds, and `kernels-shared.wasm`, whose import is
 * `shared` for its threaded build (an import must say whether the memory is shared).
 * Generated files are not committed; `npm run generate` runs this (`npm run kernels`) before
 * dev, build, preview, test and train. It skips the work when the outputs are newer than the
 * source.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtModule from 'wabt';

const SOURCE = fileURLToPath(new URL('../src/backend/wasm/simd/kernels.wat', import.meta.url));
const OUT_DIR = join(dirname(SOURCE), 'generated');
/** The memory import as written in the source, and its threaded-build form. */
const PLAIN_IMPORT = '(import "env" "memory" (memory 1))';
// A shared memory must declare its maximum; the backend's is 4 GiB (65,536 pages).
const SHARED_IMPORT = '(import "env" "memory" (memory 1 65536 shared))';

export const OUTPUTS = { plain: 'kernels.wasm', shared: 'kernels-shared.wasm' } as const;

async function modifiedMs(path: string): Promise<number | null> {
  return stat(path).then(
    (info) => info.mtimeMs,
    () => null,
  );
}

/** The two binaries for `text`. Throws with WABT's message (line and column) on a mistake. */
export async function compileKernels(text: string): Promise<Record<keyof typeof OUTPUTS, Uint8Array>> {
  if (!text.includes(PLAIN_IMPORT)) throw new Error(`kernels.wat must import its memory as ${PLAIN_IMPORT}`);
  const wabt = await wabtModule();
  const features = { simd: true, threads: true };
  const compile = (source: string) => {
    const module = wabt.parseWat('kernels.wat', source, features);
    try {
      // Its typings omit the argument; without it validation rejects the shared memory.
      (module.validate as (options: typeof features) => void).call(module, features);
      return module.toBinary({}).buffer;
    } finally {
      module.destroy();
    }
  };
  return { plain: compile(text), shared: compile(text.replace(PLAIN_IMPORT, SHARED_IMPORT)) };
}

async function main(): Promise<void> {
  const sourceMs = await modifiedMs(SOURCE);
  const outputsMs = await Promise.all(Object.values(OUTPUTS).map((file) => modifiedMs(join(OUT_DIR, file))));
  if (
    sourceMs !== null &&
    !process.argv.includes('--force') &&
    outputsMs.every((ms) => ms !== null && ms >= sourceMs)
  ) {
    return;
  }
  const binaries = await compileKernels(await readFile(SOURCE, 'utf8'));
  await mkdir(OUT_DIR, { recursive: true });
  for (const [variant, file] of Object.entries(OUTPUTS) as [keyof typeof OUTPUTS, string][]) {
    // Written beside and renamed, so an interrupted run never leaves half a binary.
    await writeFile(join(OUT_DIR, `${file}.partial`), binaries[variant]);
    await rename(join(OUT_DIR, `${file}.partial`), join(OUT_DIR, file));
  }
  console.log(`simd kernels: ${Object.values(OUTPUTS).join(', ')} written to ${OUT_DIR}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
