/**
 * `npm run train`: trains the reference DenseNet (or another preset, or several to compare) headless in Node with the app's own data
 * loader, model, training loop and wasm kernels (no copy of any of them), and prints one line
 * per epoch in the tutorial's format plus a summary. Options: src/cli/args.ts (`--help`).
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../backend/wasm/register';
import { loadSimdKernels } from '../backend/wasm/simd/kernels';
import { uploadDataset } from '../data/device';
import { loadDatasetFiles } from '../data/load';
import { buildNetwork } from '../model/build-network';
import { presetConfig } from '../shared/presets';
import { summarize } from '../model/summary';
import {
  NonFiniteLossError,
  train,
  type BatchReport,
  type EpochReport,
  type TrainConfig,
  type TrainOutcome,
} from '../train/loop';
import { defaultTrainingOptions, describeRun, type RunSpec } from '../shared/recipe';
import { CliArgumentError, parseCliArgs, USAGE, type CliOptions } from './args';
import { comparisonTable, formatEpochLine } from './report';
import { fileFetch } from './file-fetch';
import { readDigitSets, teachFromFile } from './teach';
import { DigitFileError } from '../data/digitFile';

const MANIFEST_URL = new URL('../../public/data/mnist-manifest.json', import.meta.url);
const PROGRESS_INTERVAL_MS = 10_000;

async function startBackend(backend: CliOptions['backend']): Promise<string> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend could not start.`);
  if (backend !== 'wasm') return backend;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const passes = await loadSimdKernels(tf.backend() as BackendWasm, (url) => readFile(url));
  const ours = passes === null ? 'our SIMD passes' : `our passes in JavaScript: ${passes}`;
  return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : '1 thread'}, ${ours})`;
}

/** Progress on one rewritten line in a terminal, a line every 10 s in a log. */
function progressPrinter(): (report: BatchReport) => void {
  let lastPrinted = 0;
  return (report) => {
    const text = `epoch ${report.epoch} batch ${report.batch}/${report.batchesPerEpoch}  loss ${report.loss.toFixed(4)}  ${report.imagesPerSecond.toFixed(0)} img/s  ETA ${Math.round(report.etaSeconds)} s`;
    if (process.stderr.isTTY) return void process.stderr.write(`\r${text}\x1b[K`);
    if (performance.now() - lastPrinted < PROGRESS_INTERVAL_MS) return;
    lastPrinted = performance.now();
    process.stderr.write(`${text}\n`);
  };
}

/** The runs to make: one, or each --compare preset with its default recipe under the explicit options. */
function runSpecs(options: CliOptions): RunSpec[] {
  if (!options.compare) return [{ model: options.model, training: options.training }];
  return options.compare.map((name) => ({
    model: name === 'densenet-bc' && options.model.preset === 'densenet-bc' ? options.model : presetConfig(name),
    training: { ...defaultTrainingOptions(name), ...options.recipeOverrides },
  }));
}

interface RunResult {
  spec: RunSpec;
  parameters: number;
  macsPerImage: number;
  epochs: EpochReport[];
  imagesPerSecond: number;
  elapsedMs: number;
  outcome: TrainOutcome;
}

async function run(options: CliOptions): Promise<void> {
  const digits = options.yourDigits ? readDigitSets(options.yourDigits) : null;
  const backend = await startBackend(options.backend);
  const { manifest, pixels, labels } = await loadDatasetFiles(MANIFEST_URL, () => {}, fileFetch as typeof fetch);
  const dataset = uploadDataset(pixels, labels, manifest.trainCount, manifest.testCount, 3);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  console.log(
    `${backend}: ${options.trainCount} training / ${options.testCount} test images, batch ${options.batchSize}, ${options.epochs} epoch(s), seed ${seed}`,
  );

  let stopRequested = false;
  process.once('SIGINT', () => {
    stopRequested = true;
    process.stderr.write('\nStopping after the current step…\n');
  });
  const results: RunResult[] = [];
  for (const spec of runSpecs(options)) {
    if (stopRequested) break;
    const net = buildNetwork(spec.model, seed);
    const summary = summarize(net.model);
    console.log(
      `${describeRun(spec)}: ${summary.trainableParams.toLocaleString('en-US')} trainable parameters, ${(summary.macsPerImage / 1e6).toFixed(2)} M multiply-adds per image`,
    );
    const epochs: EpochReport[] = [];
    const started = performance.now();
    const config: TrainConfig = {
      epochs: options.epochs,
      batchSize: options.batchSize,
      trainCount: options.trainCount,
      testCount: options.testCount,
      seed,
      ...spec.training,
      model: spec.model,
    };
    const outcome = await train(net, dataset, config, {
      onBatch: progressPrinter(),
      onEpoch: (report) => {
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        epochs.push(report);
        console.log(formatEpochLine(report));
      },
      yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
      shouldStop: () => stopRequested,
    });
    const result: RunResult = {
      spec,
      parameters: summary.trainableParams,
      macsPerImage: summary.macsPerImage,
      epochs,
      outcome,
      imagesPerSecond: trainingImagesPerSecond(options, epochs),
      elapsedMs: performance.now() - started,
    };
    results.push(result);
    printSummary(result);
    if (digits && !stopRequested)
      await teachFromFile(net, dataset, digits, { ...options, seed, shouldStop: () => stopRequested });
    net.model.dispose();
  }
  if (options.compare) printComparison(results);
  dataset.dispose();
}

function trainingImagesPerSecond(options: CliOptions, epochs: EpochReport[]): number {
  const images = epochs.length * Math.floor(options.trainCount / options.batchSize) * options.batchSize;
  const seconds = epochs.reduce((sum, epoch) => sum + epoch.trainMs, 0) / 1000;
  return seconds > 0 ? images / seconds : NaN;
}

function printSummary({ epochs, elapsedMs, outcome, imagesPerSecond }: RunResult): void {
  const last = epochs.at(-1);
  const accuracy = last ? `, final test accuracy ${(last.testAccuracy * 100).toFixed(2)} %` : '';
  console.log(
    `${outcome === 'completed' ? 'Done' : 'Stopped'}: ${epochs.length} epoch(s) in ${(elapsedMs / 1000).toFixed(1)} s, ${epochs.length ? imagesPerSecond.toFixed(1) : '–'} training images/s${accuracy}`,
  );
}

/** The tutorial's DenseNet-vs-ResNet table, measured: one row per compared run. */
function printComparison(results: RunResult[]): void {
  console.log('\nComparison (same data, same seed):');
  console.log(
    comparisonTable(
      results.map((result) => ({
        name: describeRun(result.spec),
        parameters: result.parameters,
        macsPerImage: result.macsPerImage,
        imagesPerSecond: result.imagesPerSecond,
        testAccuracies: result.epochs.map((epoch) => epoch.testAccuracy),
      })),
    ),
  );
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliArgumentError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    await run(options);
    return 0;
  } catch (error) {
    // Data, backend and NaN problems are the user's to fix or retry: a sentence, not a stack.
    const known =
      error instanceof NonFiniteLossError ||
      error instanceof DigitFileError ||
      (error instanceof Error && (error.name === 'DatasetError' || 'code' in error));
    console.error(known ? `\n${(error as Error).message}` : error);
    return 1;
  }
}

process.exitCode = await main();
