/**
 * The compare view's runs: each configuration trained in turn on the same data with the same
 * seed, so differences come from the architecture and recipe alone. The UI gets the usual
 * per-run events, bracketed by compare-started / compare-run / compare-finished.
 */
import type { RunSpec } from '../shared/recipe';
import { randomSeed } from '../train/random';
import type { Post } from './protocol';
import type { HandlerDeps, Session } from './session';
import { runTraining } from './training';

export async function runComparison(session: Session, deps: HandlerDeps, runs: RunSpec[], post: Post): Promise<void> {
  if (runs.length < 2)
    return post({ type: 'error', code: 'protocol', message: 'A comparison needs at least two configurations.' });
  const seed = session.settings.seed ?? randomSeed();
  post({ type: 'compare-started', runs, seed });
  let runsDone = 0;
  for (const [index, run] of runs.entries()) {
    post({ type: 'compare-run', index });
    // announceModel: the compare view counts on one `model` event per run, changed or not.
    const outcome = await runTraining(session, deps, post, { run, seed, announceModel: true });
    if (outcome !== 'completed') return post({ type: 'compare-finished', outcome, runsDone });
    runsDone++;
  }
  post({ type: 'compare-finished', outcome: 'completed', runsDone });
}
