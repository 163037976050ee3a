import { memo } from 'react';
import type { TrainerState } from './state';

const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL 2', cpu: 'CPU' } as const;

/** Which backend trains, on what adapter, and why any better one was passed over. */
export const BackendBadge = memo(function BackendBadge({ backend }: { backend: TrainerState['backend'] }) {
  if (!backend) return <span className="badge badge--pending" data-testid="backend-badge">Choosing a backend…</span>;
  const passedOver = backend.attempts.filter((attempt) => attempt.failure);
  return (
    <div className="backend">
      <span className={`badge badge--${backend.backend}`} data-testid="backend-badge" data-backend={backend.backend} title={backend.adapter}>
        {LABEL[backend.backend]} · {backend.adapter}
      </span>
      {passedOver.length > 0 && (
        <ul className="backend__fallbacks" data-testid="backend-fallbacks" aria-label="Backends passed over">
          {passedOver.map((attempt) => (
            <li key={attempt.backend}>
              Not {LABEL[attempt.backend]}: {attempt.failure}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
