import { classNames } from '../common/classNames';
import message from '../common/message.module.css';
import { reloadToUpdate } from './serviceWorker';
import { useServiceWorker } from './useServiceWorker';
import styles from './UpdatePrompt.module.css';

interface UpdatePromptProps {
  /** A run is in progress: reloading now would interrupt it, so the button waits. */
  training: boolean;
}

/**
 * "A new version is ready — reload" once a new build's service worker is installed. It never
 * reloads by itself; the button waits while training, since a reload ends the run (Pause
 * first keeps a checkpoint that the reloaded page offers to resume).
 */
export function UpdatePrompt({ training }: UpdatePromptProps) {
  const { updateReady, updatedElsewhere } = useServiceWorker();
  if (!updateReady && !updatedElsewhere) return null;
  return (
    <div className={classNames(message.message, styles.prompt)} role="status" data-testid="update-prompt">
      <span>
        {updateReady
          ? 'A new version is ready — reload to use it.'
          : 'A new version was opened in another tab — reload this one when convenient.'}
        {training && ' (Reload after this run, or Pause first: the checkpoint is resumed after the reload.)'}
      </span>
      <button
        type="button"
        data-testid="update-reload"
        disabled={training}
        onClick={updateReady ? reloadToUpdate : () => window.location.reload()}
      >
        Reload
      </button>
    </div>
  );
}
