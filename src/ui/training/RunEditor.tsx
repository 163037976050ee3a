import { useId } from 'react';
import { PRESET_NAMES, type PresetName } from '../../shared/presets';
import { SCHEDULE_NAMES, type ScheduleName } from '../../shared/schedule';
import { draftForPreset, type RunDraft } from '../state/runDraft';
import { classNames } from '../common/classNames';
import styles from './RunEditor.module.css';

const PRESET_LABELS: Record<PresetName, string> = {
  seed: 'Seed DenseNet (the tutorial’s model)',
  'densenet-bc': 'DenseNet-BC (bottlenecks + compression)',
  resnet: 'ResNet (pre-activation, same budget)',
};

interface RunEditorProps {
  draft: RunDraft;
  problems: string[];
  disabled: boolean;
  onChange(draft: RunDraft): void;
}

/**
 * The architecture and the training recipe of the next run. A preset brings its own defaults;
 * DenseNet-BC's knobs appear for DenseNet-BC only. Problems are listed under the form, one
 * sentence each, and Train stays disabled until there are none.
 */
export function RunEditor({ draft, problems, disabled, onChange }: RunEditorProps) {
  const problemsId = useId();
  const set = <K extends keyof RunDraft>(key: K, value: RunDraft[K]) => onChange({ ...draft, [key]: value });
  const describedBy = problems.length > 0 ? problemsId : undefined;
  const text = (
    key: 'growth' | 'units' | 'compression' | 'learningRate' | 'weightDecay' | 'labelSmoothing',
    label: string,
    hint: string,
  ) => (
    <label className={styles.field}>
      <span>{label}</span>
      <input
        type="text"
        inputMode="decimal"
        value={draft[key]}
        disabled={disabled}
        data-testid={`run-${key}`}
        aria-describedby={describedBy}
        title={hint}
        onChange={(event) => set(key, event.target.value)}
      />
    </label>
  );
  return (
    <fieldset className={styles.runEditor} disabled={disabled} data-testid="run-editor">
      <legend>Model and training recipe</legend>
      <div className={styles.row}>
        <label className={classNames(styles.field, styles.wide)}>
          <span>Preset</span>
          <select
            value={draft.preset}
            data-testid="run-preset"
            aria-describedby={describedBy}
            onChange={(event) => onChange(draftForPreset(event.target.value as PresetName))}
          >
            {PRESET_NAMES.map((name) => (
              <option key={name} value={name}>
                {PRESET_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        {draft.preset === 'densenet-bc' && (
          <>
            {text('growth', 'Growth rate k', 'Channels each dense unit adds (1–64)')}
            {text(
              'units',
              'Units per block',
              'Comma-separated, one number per dense block, e.g. 4,4,4 (at most 5 blocks)',
            )}
            {text('compression', 'Compression θ', 'Fraction of channels a transition keeps, (0, 1]')}
          </>
        )}
      </div>
      <div className={styles.row}>
        {text('learningRate', 'Learning rate', 'Adam’s base rate, or the schedule’s peak')}
        <label className={styles.field}>
          <span>Schedule</span>
          <select
            value={draft.schedule}
            data-testid="run-schedule"
            onChange={(event) => set('schedule', event.target.value as ScheduleName)}
          >
            {SCHEDULE_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {text('weightDecay', 'Weight decay', 'Decoupled (AdamW) decay on kernels; 0 = off')}
        {text('labelSmoothing', 'Label smoothing', 'ε in [0, 1); 0 = off')}
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={draft.augment}
            data-testid="run-augment"
            onChange={(event) => set('augment', event.target.checked)}
          />
          <span>Augment (shift ±2 px, rotate ±10°, scale ±10 %)</span>
        </label>
      </div>
      {problems.length > 0 && (
        <ul className={styles.problems} id={problemsId} role="alert" data-testid="run-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
