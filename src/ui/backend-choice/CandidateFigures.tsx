import { memo } from 'react';
import type { TrainerState } from '../state/state';
import { BACKEND_NAMES, candidateText } from './format';
import styles from './BackendDecision.module.css';

/** For the speed panel: what each candidate backend measured when `auto` chose, or why it has no figure. */
export const CandidateFigures = memo(function CandidateFigures({ backend }: { backend: TrainerState['backend'] }) {
  const decision = backend?.decision;
  if (!decision) return null;
  return (
    <dl className={styles.figures} data-testid="speed-candidates">
      {decision.candidates.map((candidate) => (
        <div key={candidate.backend}>
          <dt>
            {BACKEND_NAMES[candidate.backend]}
            {candidate.backend === decision.backend ? ' (chosen)' : ''} when choosing
          </dt>
          <dd data-testid="speed-candidate" data-backend={candidate.backend} data-status={candidate.status}>
            {candidateText(candidate)}
          </dd>
        </div>
      ))}
    </dl>
  );
});
