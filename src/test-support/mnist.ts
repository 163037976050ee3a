/**
 * Test support (Node only): the real MNIST digits from the generated sprite, cut down to a
 * small subset shaped like what the worker's loader returns. `npm test` generates the
 * sprite first (the pretest script).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { DatasetFiles } from '../data/load';
import { parseManifest } from '../data/manifest';
import { decodePgm } from '../data/sprite';

const DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));
const ROW = 784;

/** The first `trainCount` training and first `testCount` test digits, as one smaller dataset. */
export function mnistSubset(trainCount: number, testCount: number): DatasetFiles {
  const manifest = parseManifest(JSON.parse(readFileSync(`${DATA_DIR}mnist-manifest.json`, 'utf8')));
  const { pixels } = decodePgm(new Uint8Array(gunzipSync(readFileSync(`${DATA_DIR}${manifest.sprite.file}`))));
  const labels = new Uint8Array(gunzipSync(readFileSync(`${DATA_DIR}${manifest.labels.file}`)));
  const testStart = manifest.trainCount;
  const subsetPixels = new Uint8Array((trainCount + testCount) * ROW);
  subsetPixels.set(pixels.subarray(0, trainCount * ROW));
  subsetPixels.set(pixels.subarray(testStart * ROW, (testStart + testCount) * ROW), trainCount * ROW);
  const subsetLabels = new Uint8Array(trainCount + testCount);
  subsetLabels.set(labels.subarray(0, trainCount));
  subsetLabels.set(labels.subarray(testStart, testStart + testCount), trainCount);
  return { manifest: { ...manifest, trainCount, testCount }, pixels: subsetPixels, labels: subsetLabels };
}
