import { useEffect } from 'react';
import type { RunSpec } from '../../worker/protocol';

/** Quiet time after the last edit before the worker is asked to prepare: typing a number is several edits. */
const SETTLE_MS = 600;

/**
 * Asks the worker to prepare for the editor's configuration once it has settled and the
 * worker is ready and idle, so a preset or recipe change compiles its programs before Train.
 * The worker ignores a configuration it has already prepared.
 */
export function usePrepareOnChange(run: RunSpec | null, idle: boolean, prepare: (run: RunSpec) => void): void {
  useEffect(() => {
    if (!run || !idle) return;
    const timer = setTimeout(() => prepare(run), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [run, idle, prepare]);
}
