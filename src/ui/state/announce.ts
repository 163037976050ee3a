/**
 * What the page's polite live region says: where loading and training stand, in steps a
 * listener can follow. It changes at milestones only (a phase, each quarter of the run, each
 * finished epoch), never with a batch report, so a screen reader is not flooded.
 */
import { fractionDone } from './panels';
import type { TrainerState } from './state';

/** The live region's sentence for this state. */
export function announcement(state: TrainerState): string {
  const { run, epochs } = state;
  const last = epochs.at(-1);
  if (state.phase !== 'training') {
    const final = state.finished?.outcome === 'completed' && last ? ` ${epochResult(last)}` : '';
    return `${state.phaseDetail}${final}`;
  }
  if (!run) return state.phaseDetail;
  const quarter = Math.floor(4 * fractionDone(state));
  // The newer milestone wins: the last finished epoch, or the last quarter of the run passed.
  if (last && epochs.length / run.epochs >= quarter / 4)
    return `Epoch ${last.epoch} of ${run.epochs} finished. ${epochResult(last)}`;
  if (quarter === 0) return state.phaseDetail;
  return `Training ${quarter * 25} % done, in epoch ${Math.min(epochs.length + 1, run.epochs)} of ${run.epochs}.`;
}

function epochResult(epoch: TrainerState['epochs'][number]): string {
  return `Test accuracy ${(epoch.testAccuracy * 100).toFixed(2)} %, test loss ${epoch.testLoss.toFixed(4)}.`;
}
