import type { TrainerState } from '../state/state';

interface MessagesProps {
  state: TrainerState;
  onRetry(): void;
  onDismiss(index: number): void;
}

/** Errors (red, with Retry where starting over can help) and URL warnings (amber). */
export function Messages({ state, onRetry, onDismiss }: MessagesProps) {
  const requested = state.backend?.requestedFailure;
  return (
    <div className="messages" aria-live="polite">
      {state.errors.map((error, index) => (
        <div
          key={index}
          className="message message--error"
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
          <button type="button" className="message__dismiss" aria-label="Dismiss" onClick={() => onDismiss(index)}>
            ×
          </button>
        </div>
      ))}
      {requested && state.backend && (
        <div className="message message--warning" role="status" data-testid="backend-warning">
          The requested backend could not start: {requested} Using {state.backend.backend} instead.
        </div>
      )}
      {state.settingsProblems.map((problem) => (
        <div key={problem} className="message message--warning" role="status" data-testid="settings-warning">
          {problem}
        </div>
      ))}
    </div>
  );
}
