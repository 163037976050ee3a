/**
 * The compare view's state: a pure function of the worker's compare-* events plus the per-run
 * model / train-started / epoch events between them. One entry per configuration, filled in
 * as its run goes: parameters and multiply-adds from its `model` event, images/s and test
 * accuracy from its epochs.
 */
import { describeRun } from '../../shared/recipe';
import type { RunSpec, WorkerEvent } from '../../worker/protocol';

export type ComparedStatus = 'waiting' | 'training' | 'done' | 'stopped' | 'failed';

export interface ComparedRun {
  spec: RunSpec;
  label: string;
  status: ComparedStatus;
  /** Trainable parameters; null until the run's model is built. */
  parameters: number | null;
  /** Forward multiply-adds per image (convolutions and dense layers). */
  macsPerImage: number | null;
  /** Training images per epoch (full batches only), from train-started. */
  imagesPerEpoch: number | null;
  /** Test accuracy (0–1) after each epoch. */
  testAccuracies: number[];
  /** Σ training ms and Σ images over the finished epochs: images/s = images / seconds. */
  trainMs: number;
  trainImages: number;
}

export interface Comparison {
  seed: number;
  runs: ComparedRun[];
  /** The run the next per-run events belong to; null before the first and after the last. */
  current: number | null;
  outcome: 'running' | 'completed' | 'stopped' | 'failed';
}

/** Events that change a comparison; everything else leaves it as it is. */
export function comparisonEvent(comparison: Comparison | null, event: WorkerEvent): Comparison | null {
  if (event.type === 'compare-started') {
    return {
      seed: event.seed,
      current: null,
      outcome: 'running',
      runs: event.runs.map((spec) => ({
        spec,
        label: describeRun(spec),
        status: 'waiting',
        parameters: null,
        macsPerImage: null,
        imagesPerEpoch: null,
        testAccuracies: [],
        trainMs: 0,
        trainImages: 0,
      })),
    };
  }
  if (!comparison || comparison.outcome !== 'running') return comparison;
  const update = (change: (run: ComparedRun) => ComparedRun): Comparison =>
    comparison.current === null
      ? comparison
      : {
          ...comparison,
          runs: comparison.runs.map((run, index) => (index === comparison.current ? change(run) : run)),
        };
  switch (event.type) {
    case 'compare-run':
      // The worker moves on only after a run completes: the one before is done.
      return {
        ...comparison,
        current: event.index,
        runs: comparison.runs.map((run, index) =>
          index === event.index
            ? { ...run, status: 'training' }
            : index < event.index && run.status === 'training'
              ? { ...run, status: 'done' }
              : run,
        ),
      };
    case 'model':
      return update((run) => ({
        ...run,
        parameters: event.parameters.trainable,
        macsPerImage: event.summary.macsPerImage,
      }));
    case 'train-started':
      return update((run) => ({ ...run, imagesPerEpoch: event.batchesPerEpoch * event.batchSize }));
    case 'epoch':
      return update((run) => ({
        ...run,
        testAccuracies: [...run.testAccuracies, event.testAccuracy],
        trainMs: run.trainMs + event.trainMs,
        trainImages: run.trainImages + (run.imagesPerEpoch ?? 0),
      }));
    case 'compare-finished': {
      const finalStatus: ComparedStatus = event.outcome === 'completed' ? 'done' : event.outcome;
      return {
        ...comparison,
        current: null,
        outcome: event.outcome,
        runs: comparison.runs.map((run, index) =>
          index < event.runsDone
            ? { ...run, status: 'done' }
            : index === comparison.current
              ? { ...run, status: finalStatus }
              : run,
        ),
      };
    }
    default:
      return comparison;
  }
}

/** Training throughput over the run's finished epochs; null before the first. */
export function imagesPerSecond(run: ComparedRun): number | null {
  return run.trainMs > 0 ? run.trainImages / (run.trainMs / 1000) : null;
}

/** 1 − the last epoch's test accuracy; null before the first epoch. */
export function finalTestError(run: ComparedRun): number | null {
  const last = run.testAccuracies.at(-1);
  return last === undefined ? null : 1 - last;
}

/**
 * The tutorial's question answered from the measurements: which finished run reached the
 * higher final test accuracy, and with how many parameters. Null until two runs have finished.
 */
export function verdict(comparison: Comparison): string | null {
  const finished = comparison.runs.filter(
    (run) => run.status === 'done' && run.testAccuracies.length > 0 && run.parameters !== null,
  );
  if (finished.length < 2) return null;
  const byAccuracy = [...finished].sort((a, b) => b.testAccuracies.at(-1)! - a.testAccuracies.at(-1)!);
  const best = byAccuracy[0]!;
  const percent = (run: ComparedRun) => `${(run.testAccuracies.at(-1)! * 100).toFixed(2)} %`;
  const count = (run: ComparedRun) => run.parameters!.toLocaleString('en-US');
  const epochs = Math.max(...finished.map((run) => run.testAccuracies.length));
  const measured = `Measured over ${epochs} epoch${epochs === 1 ? '' : 's'} with seed ${comparison.seed}: `;
  const tied = byAccuracy.filter((run) => run.testAccuracies.at(-1) === best.testAccuracies.at(-1));
  if (tied.length > 1) {
    return `${measured}${tied.map((run) => `${run.label} (${count(run)} trainable parameters)`).join(' and ')} tied at ${percent(best)} test accuracy.`;
  }
  const others = byAccuracy
    .slice(1)
    .map((run) => `${run.label}: ${percent(run)} with ${count(run)}`)
    .join('; ');
  return `${measured}${best.label} reached the highest test accuracy, ${percent(best)} with ${count(best)} trainable parameters (${others}).`;
}
