import type { MessagesView } from '../state/panels';
import { classNames } from '../common/classNames';
import message from '../common/message.module.css';
import styles from './Messages.module.css';

interface MessagesProps extends MessagesView {
  onRetry(): void;
  onDismiss(index: number): void;
}

/** Errors (red, with Retry where starting over can help) and URL warnings (amber). */
export function Messages({ errors, backendFallback, settingsProblems, onRetry, onDismiss }: MessagesProps) {
  return (
    <div className={styles.messages} aria-live="polite">
      {errors.map((error, index) => (
        <div
          key={index}
          className={classNames(message.message, message.error)}
          role="alert"
          data-testid="error-message"
          data-code={error.code}
        >
          <span>{error.message}</span>
          {(error.code === 'dataset' || error.code === 'backend' || error.code === 'protocol') && (
            <button type="button" onClick={onRetry} data-testid="retry">
              Retry
            </button>
          )}
          <button type="button" className={styles.dismiss} aria-label="Dismiss" onClick={() => onDismiss(index)}>
            ×
          </button>
        </div>
      ))}
      {backendFallback && (
        <div className={classNames(message.message, message.warning)} role="status" data-testid="backend-warning">
          The requested backend could not start: {backendFallback.reason} Using {backendFallback.backend} instead.
        </div>
      )}
      {settingsProblems.map((problem) => (
        <div
          key={problem}
          className={classNames(message.message, message.warning)}
          role="status"
          data-testid="settings-warning"
        >
          {problem}
        </div>
      ))}
    </div>
  );
}
