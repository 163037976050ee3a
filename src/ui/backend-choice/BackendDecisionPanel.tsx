import { memo } from 'react';
import type { TrainerState } from '../state/state';
import { BACKEND_NAMES, candidateText, decisionText, measuringText } from './format';
import styles from './BackendDecision.module.css';

export interface BackendDecisionPanelProps {
  backend: TrainerState['backend'];
  measuring: TrainerState['measuring'];
  /** "Measure again" is offered when nothing is training. */
  canRemeasure: boolean;
  onRemeasure(): void;
}

/**
 * Under the badge, for `backend=auto`: while choosing, which candidate is being timed; once
 * chosen, every candidate's measured images/s or why it has none, and "Measure again".
 */
export const BackendDecisionPanel = memo(function BackendDecisionPanel({
  backend,
  measuring,
  canRemeasure,
  onRemeasure,
}: BackendDecisionPanelProps) {
  if (!backend) {
    if (!measuring?.current) return null;
    return (
      <p className={styles.panel} data-testid="backend-measuring" data-backend={measuring.current.backend}>
        {measuringText(measuring.current)}
      </p>
    );
  }
  const decision = backend.decision;
  if (!decision && !backend.measurementFailure) return null;
  return (
    <div className={styles.panel} data-testid="backend-decision" data-how={decision?.how ?? 'ranking'}>
      {decision ? decisionText(decision.how, decision.measuredAt) : backend.measurementFailure}
      {decision && (
        <ul className={styles.candidates} aria-label="Backends measured">
          {decision.candidates.map((candidate) => (
            <li
              key={candidate.backend}
              className={candidate.backend === decision.backend ? styles.chosen : undefined}
              data-testid="backend-candidate"
              data-backend={candidate.backend}
              data-status={candidate.status}
              data-images-per-second={candidate.imagesPerSecond ?? ''}
            >
              {BACKEND_NAMES[candidate.backend]}: {candidateText(candidate)}
              {candidate.backend === decision.backend && ' Chosen: the fastest.'}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className={styles.remeasure}
        data-testid="measure-again"
        disabled={!canRemeasure}
        onClick={onRemeasure}
      >
        Measure again
      </button>
    </div>
  );
});
