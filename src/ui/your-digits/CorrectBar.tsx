import type { JSX } from 'react';
import styles from './YourDigits.module.css';

export interface CorrectBarProps {
  /** The digit the model picked; -1 while nothing is classified. */
  best: number;
  /** False while there is no drawing to keep. */
  enabled: boolean;
  /** Keep the drawing, as the model saw it, under `label`. */
  onCorrect(label: number): void;
}

/**
 * "Right" and "It's a …": keeps the drawing the model just classified, with the right label,
 * in Your digits. Keys 0–9 do the same while the pad has focus (Predictor passes them on).
 */
export function CorrectBar({ best, enabled, onCorrect }: CorrectBarProps): JSX.Element {
  return (
    <div className={styles.correct} role="group" aria-label="Correct the guess">
      <button
        type="button"

        data-testid="correct-right"
        disabled={!enabled || best < 0}
        onClick={() => onCorrect(best)}
      >
        Right
      </button>
      <span className={styles.correctLabel}>It’s a</span>
      {Array.from({ length: 10 }, (_, digit) => (
        <button
          key={digit}
          type="button"
          className={styles.digitButton}
          data-testid={`correct-${digit}`}
          aria-label={`It’s a ${digit}`}
          disabled={!enabled}
          onClick={() => onCorrect(digit)}
        >
          {digit}
        </button>
      ))}
    </div>
  );
}

/** The digit a key press names (0–9 on the main row or the number pad), or null. */
export function digitKey(key: string): number | null {
  return /^[0-9]$/.test(key) ? Number(key) : null;
}
