import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { DrawPad } from './DrawPad';
import { InputPreview } from './InputPreview';
import type { TrainerState } from '../state/state';
import { classNames } from '../common/classNames';
import { CorrectBar, digitKey } from '../your-digits/CorrectBar';
import styles from './Predictor.module.css';

interface PredictorProps {
  prediction: TrainerState['prediction'];
  /** The prediction answers the newest drawing (not an earlier stroke of it). */
  current: boolean;
  /** Changes whenever the weights have moved (a new batch or epoch report). */
  weightsVersion: number;
  modelReady: boolean;
  predict(pixels: Float32Array | null): void;
  /** Keep the drawing the model saw under `label` in Your digits. */
  onCorrect(label: number, pixels: Float32Array): void;
}

/** Side of "what the model sees", in CSS px: 3 px per input pixel. */
const PREVIEW_SIZE = 84;

/** While training, re-classify the drawing with the latest weights at most this often. */
const REPREDICT_INTERVAL_MS = 500;

/** The drawing pad, the 28×28 image the model sees, and ten probability bars. */
export function Predictor({ prediction, current, weightsVersion, modelReady, predict, onCorrect }: PredictorProps) {
  const [input, setInput] = useState<Float32Array | null>(null);
  const lastRepredict = useRef(0);

  const onInput = useCallback(
    (pixels: Float32Array | null) => {
      setInput(pixels);
      // Before the model exists there is nothing to ask; the effect below asks once it does.
      if (pixels === null || modelReady) predict(pixels);
    },
    [predict, modelReady],
  );

  // Re-classify with the latest weights while training: at most every 500 ms, and always
  // once more after the last change (a trailing call), so the final weights are shown.
  const latest = useRef({ input, predict });
  useLayoutEffect(() => {
    latest.current = { input, predict };
  });
  useEffect(() => {
    const wait = Math.max(0, lastRepredict.current + REPREDICT_INTERVAL_MS - performance.now());
    const timer = setTimeout(() => {
      if (!latest.current.input) return;
      lastRepredict.current = performance.now();
      latest.current.predict(latest.current.input);
    }, wait);
    return () => clearTimeout(timer);
  }, [weightsVersion]);

  useEffect(() => {
    if (modelReady && input) predict(input);
    // Classify what was drawn before the model existed, once it does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modelReady]);

  const shown = input ? prediction : null;
  const best = shown ? shown.probabilities.indexOf(Math.max(...shown.probabilities)) : -1;
  return (
    <section id="draw" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw a digit</h2>
      <div className={styles.body}>
        {/* Keys 0–9 pressed on the pad say which digit it is (the pad itself only clears). */}
        <div
          onKeyDown={(event) => {
            const digit = digitKey(event.key);
            if (digit === null || !input || event.target !== event.currentTarget.querySelector('canvas')) return;
            event.preventDefault();
            onCorrect(digit, input);
          }}
        >
          <DrawPad onInput={onInput} />
        </div>
        <div className={styles.result}>
          <InputPreview input={input} size={PREVIEW_SIZE} />
          <div className={styles.verdict}>
            <p className={styles.guess} data-testid="prediction-guess" data-current={shown !== null && current}>
              {shown
                ? `It looks like a ${best} (${(shown.probabilities[best]! * 100).toFixed(1)} %)`
                : input
                  ? 'Classifying…'
                  : 'Draw with the mouse, a pen or a finger.'}
            </p>
            {shown && !shown.trained && (
              <p className={styles.note} data-testid="untrained-note">
                The model is untrained: these guesses are random until you train it.
              </p>
            )}
          </div>
        </div>
        <ol className={styles.bars} data-testid="probabilities" aria-label="Class probabilities">
          {Array.from({ length: 10 }, (_, digit) => {
            const p = shown?.probabilities[digit] ?? 0;
            return (
              <li key={digit} className={classNames(styles.bar, digit === best && styles.best)}>
                <span>{digit}</span>
                <span className={styles.track}>
                  <span className={styles.fill} style={{ width: `${p * 100}%` }} />
                </span>
                <span className={styles.value} data-testid={`probability-${digit}`} data-value={p}>
                  {(p * 100).toFixed(1)} %
                </span>
              </li>
            );
          })}
        </ol>
        <CorrectBar
          best={shown ? best : -1}
          enabled={input !== null}
          onCorrect={(label) => input && onCorrect(label, input)}
        />
      </div>
    </section>
  );
}
