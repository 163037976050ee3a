import { useId } from 'react';
import type { RunParam } from '../../shared/params';
import type { PresetName } from '../../shared/presets';
import { draftForPreset, EDITOR_PARAMS, isTextParam, type RunDraft } from '../state/runDraft';
import { classNames } from '../common/classNames';
import styles from './RunEditor.module.css';

interface RunEditorProps {
  draft: RunDraft;
  problems: string[];
  disabled: boolean;
  onChange(draft: RunDraft): void;
}

/** The architecture fields (first row) and the recipe fields (second row), from the parameter table. */
const ARCHITECTURE = new Set(['preset', 'growth', 'units', 'compression']);

/**
 * The architecture and the training recipe of the next run, one field per editable run
 * parameter (src/shared/params.ts). A preset brings its own defaults; DenseNet-BC's knobs
 * appear for DenseNet-BC only. Problems are listed under the form, one sentence each, and
 * Train stays disabled until there are none.
 */
export function RunEditor({ draft, problems, disabled, onChange }: RunEditorProps) {
  const problemsId = useId();
  const describedBy = problems.length > 0 ? problemsId : undefined;
  const field = (param: RunParam) => {
    if (param.onlyFor && param.onlyFor !== draft.preset) return null;
    const testId = `run-${param.id}`;
    if (param.kind.type === 'switch') {
      return (
        <label key={param.id} className={styles.check} title={param.help}>
          <input
            type="checkbox"
            checked={draft.augment}
            data-testid={testId}
            onChange={(event) => onChange({ ...draft, augment: event.target.checked })}
          />
          <span>
            {param.label} ({param.help.replace(/\.$/, '').replace(/^Random /, '')})
          </span>
        </label>
      );
    }
    if (param.kind.type === 'choice') {
      const value = param.id === 'preset' ? draft.preset : draft.schedule;
      const choose = (choice: string) =>
        param.id === 'preset'
          ? onChange(draftForPreset(choice as PresetName))
          : onChange({ ...draft, schedule: choice as RunDraft['schedule'] });
      return (
        <label key={param.id} className={classNames(styles.field, param.id === 'preset' && styles.wide)}>
          <span>{param.label}</span>
          <select
            value={value}
            title={param.help}
            data-testid={testId}
            aria-describedby={describedBy}
            onChange={(event) => choose(event.target.value)}
          >
            {param.kind.values.map((choice) => (
              <option key={choice} value={choice}>
                {param.choiceLabels?.[choice] ?? choice}
              </option>
            ))}
          </select>
        </label>
      );
    }
    if (!isTextParam(param)) return null;
    return (
      <label key={param.id} className={styles.field}>
        <span>{param.label}</span>
        <input
          type="text"
          inputMode="decimal"
          value={draft[param.id]}
          disabled={disabled}
          data-testid={testId}
          aria-describedby={describedBy}
          title={param.help}
          onChange={(event) => onChange({ ...draft, [param.id]: event.target.value })}
        />
      </label>
    );
  };
  return (
    <fieldset id="recipe" className={styles.runEditor} disabled={disabled} data-testid="run-editor">
      <legend>
        <h2>Model and training recipe</h2>
      </legend>
      <div className={styles.row}>{EDITOR_PARAMS.filter((param) => ARCHITECTURE.has(param.id)).map(field)}</div>
      <div className={styles.row}>{EDITOR_PARAMS.filter((param) => !ARCHITECTURE.has(param.id)).map(field)}</div>
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
