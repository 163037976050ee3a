/**
 * Message types for your digits and Teach: storing corrected drawings, the file round trip,
 * and fine-tuning with its before/after figures. protocol.ts unions them into Command and
 * WorkerEvent; they live here to keep that file readable.
 */
import type { FineTuneMeasure, FineTuneProgress } from '../train/fineTune';
import type { ImportedFile } from './recoveryProtocol';

export type { FineTuneMeasure, FineTuneProgress };

/** One of your digits as the UI shows it. */
export interface YourDigit {
  id: number;
  /** 0–9. */
  label: number;
  /** 784 bytes, row-major 28×28, 0–255 ink: the input the model saw, as MNIST stores digits. */
  pixels: Uint8Array;
  /** Kept out of fine-tuning, to measure it. */
  heldOut: boolean;
  /** ms since 1970. */
  addedAt: number;
}

export type DigitsCommand =
  /** Store the drawing the model classified (784 floats 0–1) under `label`. */
  | { type: 'add-digit'; label: number; pixels: Float32Array }
  | { type: 'delete-digit'; id: number }
  /** Serialise every stored digit as one file (`digits-export`). */
  | { type: 'export-digits' }
  /** Validate a digits file and store its digits (all or none). */
  | { type: 'import-digits'; file: ImportedFile }
  /** Fine-tune the current model on your digits with MNIST replay; Stop ends it. */
  | { type: 'teach' };

export type DigitsErrorCode = 'digits' | 'digits-import' | 'teach';

export type DigitsEvent =
  /** Every stored digit: after init and after an import. */
  | { type: 'your-digits'; digits: YourDigit[] }
  | { type: 'digit-added'; digit: YourDigit }
  | { type: 'digit-deleted'; id: number }
  | { type: 'digits-export'; text: string; count: number }
  | { type: 'digits-imported'; name: string; added: number; duplicates: number }
  /** A fine-tune begins (or resumes at `stepsDone`): `taught` digits train, `heldOut` measure. */
  | { type: 'teach-started'; steps: number; stepsDone: number; taught: number; heldOut: number }
  | ({ type: 'teach-progress' } & FineTuneProgress)
  /** Accuracy before the first step, and after the last. */
  | { type: 'teach-measured'; stage: 'before' | 'after'; measure: FineTuneMeasure }
  | {
      type: 'teach-finished';
      outcome: 'completed' | 'stopped' | 'failed';
      stepsDone: number;
      steps: number;
      /** Wall time of the fine-tuning steps alone, and of the whole Teach with both measurements, ms. */
      trainMs: number;
      totalMs: number;
    };
