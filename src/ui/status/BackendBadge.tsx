import { memo } from 'react';
import type { BackendName } from '../../worker/protocol';
import type { TrainerState } from '../state/state';
import { classNames } from '../common/classNames';
import styles from './BackendBadge.module.css';

/** Display names of the backends, shared with the speed panel. */
export const BACKEND_LABEL = { webgpu: 'WebGPU', webgl: 'WebGL 2', wasm: 'WASM', cpu: 'CPU' } as const;

/** Each backend's badge colour. */
const BADGE_COLOUR: Record<BackendName, string | undefined> = {
  webgpu: styles.webgpu,
  webgl: styles.webgl,
  wasm: styles.wasm,
  cpu: styles.cpu,
};

/** Which backend trains, on what adapter, and why any better one was passed over. */
export const BackendBadge = memo(function BackendBadge({ backend }: { backend: TrainerState['backend'] }) {
  if (!backend)
    return (
      <span className={styles.badge} data-testid="backend-badge">
        Choosing a backend…
      </span>
    );
  const passedOver = backend.attempts.filter((attempt) => attempt.failure);
  return (
    <div className={styles.backend}>
      <span
        className={classNames(styles.badge, BADGE_COLOUR[backend.backend])}
        data-testid="backend-badge"
        data-backend={backend.backend}
        title={backend.adapter}
      >
        {BACKEND_LABEL[backend.backend]} · {backend.adapter}
      </span>
      {passedOver.length > 0 && (
        <ul className={styles.fallbacks} data-testid="backend-fallbacks" aria-label="Backends passed over">
          {passedOver.map((attempt) => (
            <li key={attempt.backend}>
              Not {BACKEND_LABEL[attempt.backend]}: {attempt.failure}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
