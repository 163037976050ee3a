/**
 * `npm run train -- --your-digits FILE`: after training, fine-tune the model on a digits file
 * exported from the app, as the page's Teach does (same steps, replay mix, augmentation and
 * held-out rule), and print the same before/after lines.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DeviceDataset } from '../data/device';
import { parseDigitsFile } from '../data/digitFile';
import { assignRoles } from '../data/digitStore';
import type { Network } from '../model/network';
import { beforeAfterLines, type TeachMeasure } from '../shared/teach';
import { classifyImages, fineTune, fineTuneSteps, TEACH_DEFAULTS, type FineTuneConfig } from '../train/fineTune';
import { evaluate } from '../train/loop';
import { uploadYourDigits, yoursPerBatch, type YourDigitsOnDevice } from '../train/replay';

/** A file's digits split by the app's rule: those to learn from and those held out to measure with. */
export interface DigitSets {
  name: string;
  taught: { label: number; pixels: Uint8Array }[];
  heldOut: { label: number; pixels: Uint8Array }[];
}

/** Reads and validates the file before any training, so a bad file costs no time. Throws DigitFileError. */
export function readDigitSets(path: string): DigitSets {
  const name = basename(path);
  const digits = assignRoles([], parseDigitsFile(name, readFileSync(path)));
  return { name, taught: digits.filter((d) => !d.heldOut), heldOut: digits.filter((d) => d.heldOut) };
}

interface TeachRun {
  trainCount: number;
  testCount: number;
  seed: number;
  shouldStop(): boolean;
}

/** Fine-tunes `net` on `sets` and prints what changed. */
export async function teachFromFile(net: Network, dataset: DeviceDataset, sets: DigitSets, run: TeachRun) {
  const yield_ = () => new Promise<void>((resolve) => setImmediate(resolve));
  const config: FineTuneConfig = {
    ...TEACH_DEFAULTS,
    mnistRows: run.trainCount,
    steps: fineTuneSteps(sets.taught.length),
    seed: run.seed,
  };
  console.log(
    `Your digits: ${sets.taught.length + sets.heldOut.length} in ${sets.name}, ${sets.taught.length} to learn from, ${sets.heldOut.length} held out (every fifth of each digit)`,
  );
  if (sets.taught.length === 0) return console.log('Teach: no digits to learn from; nothing to do.');
  const taught = uploadYourDigits(sets.taught);
  const heldOut = uploadYourDigits(sets.heldOut);
  const measure = async (): Promise<TeachMeasure> => {
    const result = await evaluate(net, dataset, run.testCount, { yieldToEvents: yield_, shouldStop: () => false });
    return {
      heldOut: await heldOutScore(net, heldOut, sets.heldOut),
      mnist: result === 'stopped' ? null : { accuracy: result.accuracy, testCount: run.testCount },
    };
  };
  try {
    const before = await measure();
    const started = performance.now();
    const { outcome, stepsDone } = await fineTune(net, dataset, taught, config, {
      onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\rTeach step ${p.step}/${p.steps}\x1b[K`),
      yieldToEvents: yield_,
      shouldStop: run.shouldStop,
    });
    const seconds = (performance.now() - started) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const mine = yoursPerBatch(config);
    console.log(
      `Teach: ${stepsDone}${outcome === 'stopped' ? ` of ${config.steps}` : ''} steps of ${config.batchSize} (${mine} of yours, augmented, + ${config.batchSize - mine} MNIST) in ${seconds.toFixed(1)} s, ${((seconds * 1000) / Math.max(1, stepsDone)).toFixed(0)} ms/step`,
    );
    for (const line of beforeAfterLines(before, await measure())) console.log(line);
  } finally {
    taught.dispose();
    heldOut.dispose();
  }
}

async function heldOutScore(net: Network, digits: YourDigitsOnDevice, samples: { label: number }[]) {
  const predicted = await classifyImages(net, digits.images);
  return { correct: predicted.filter((label, i) => label === samples[i]!.label).length, total: samples.length };
}
