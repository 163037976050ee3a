/**
 * The compare view's runs (issue 7): each configuration trained in turn on the same data with
 * the same seed, so differences come from the architecture and recipe alone. The UI gets the
 * usual per-run events, bracketed by compare-started / compare-run / compare-finished.
 */
import type { TrainOutcome } from '../train/loop';
import type { RunSpec } from '../shared/recipe';
import { randomSeed } from '../train/random';
import type { Session } from './handler';
import type { Post } from './protocol';

export async function runComparison(
  session: Session,
  runs: RunSpec[],
  post: Post,
  trainOne: (run: RunSpec, seed: number) => Promise<TrainOutcome | 'failed'>,
): Promise<void> {
  if (runs.length < 2)
    return post({ type: 'error', code: 'protocol', message: 'A comparison needs at least two configurations.' });
  const seed = session.settings.seed ?? randomSeed();
  post({ type: 'compare-started', runs, seed });
  let runsDone = 0;
  for (const [index, run] of runs.entries()) {
    post({ type: 'compare-run', index });
    const outcome = await trainOne(run, seed);
    if (outcome !== 'completed') return post({ type: 'compare-finished', outcome, runsDone });
    runsDone++;
  }
  post({ type: 'compare-finished', outcome: 'completed', runsDone });
}
