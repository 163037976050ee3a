/**
 * The UI's view of `backend=auto` timing each candidate backend before choosing one: the
 * candidate being measured (and how far it got) and the results so far, as a reducer slice.
 * Once the `backend` event arrives its decision carries the full list.
 */
import type { CandidateResult, WorkerEvent } from '../../worker/protocol';

export interface MeasuringView {
  /** The candidate being measured now; null between candidates and once the choice is made. */
  current: Extract<WorkerEvent, { type: 'measure-progress' }> | null;
  results: CandidateResult[];
}

export function measuringEvent(
  view: MeasuringView | null,
  event: Extract<WorkerEvent, { type: 'measure-progress' | 'measure-result' }>,
): MeasuringView {
  const results = view?.results ?? [];
  if (event.type === 'measure-progress') return { current: event, results };
  return { current: null, results: [...results.filter((r) => r.backend !== event.result.backend), event.result] };
}
