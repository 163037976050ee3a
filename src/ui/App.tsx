import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseSettings, settingsToQuery, type TrainSettings } from '../shared/settings';
import { presetRunSpec, type RunSpec } from '../shared/recipe';
import { BackendBadge } from './status/BackendBadge';
import { BackendDecisionPanel } from './backend-choice/BackendDecisionPanel';
import { BatchChart, EpochCharts } from './training/Charts';
import { ComparePanel } from './compare/ComparePanel';
import { RunEditor } from './training/RunEditor';
import { draftFromSpec, specFromDraft } from './state/runDraft';
import { CheckpointPanel, PauseResumeButtons } from './training/CheckpointPanel';
import { ModelFilesPanel } from './model-files/ModelFilesPanel';
import { EpochTable } from './training/EpochTable';
import { FeatureMaps } from './insights/FeatureMaps';
import { Insights } from './insights/Insights';
import { ModelSummary } from './insights/ModelSummary';
import { SpeedPanel } from './insights/SpeedPanel';
import { Announcer } from './status/Announcer';
import { Messages } from './status/Messages';
import { Predictor } from './drawing/Predictor';
import { ProgressPanel } from './training/ProgressPanel';
import { TrainingControls } from './training/TrainingControls';
import { useTrainer } from './trainer/useTrainer';
import { YourDigitsPanel } from './your-digits/YourDigitsPanel';
import { PreparationStatus } from './preparation/PreparationStatus';
import { usePrepareOnChange } from './preparation/usePrepareOnChange';
import { StoragePanel } from './offline/StoragePanel';
import { UpdatePrompt } from './offline/UpdatePrompt';
import { checkpointView, messagesView, modelFilesView, progressView, trainingControlsView } from './state/panels';
import { announcement } from './state/announce';
import text from './common/text.module.css';
import styles from './App.module.css';

export function App() {
  // Settings come from the URL once per page load; problems are shown, defaults used instead.
  const { settings, problems } = useMemo(() => parseSettings(window.location.search), []);
  const trainer = useTrainer(settings, problems);
  const { state } = trainer;
  const [draft, setDraft] = useState(() => draftFromSpec(settings.run));
  const { spec, problems: runProblems } = useMemo(() => specFromDraft(draft), [draft]);
  const [compareQueue, setCompareQueue] = useState<RunSpec[]>(() => settings.compare.map(presetRunSpec));
  useShareableUrl(settings, spec, compareQueue);
  usePrepareOnChange(spec, state.ready !== null && state.phase !== 'training', trainer.prepare);
  const training = state.phase === 'training';
  const canTrain = state.ready !== null && !training;
  const weightsVersion =
    state.batchPoints.length + state.epochs.length + state.recovery.modelVersion + state.yourDigits.weightsVersion;
  const checkpoint = checkpointView(state);

  return (
    <div className={styles.app}>
      <header className={styles.header}>
        <h1>DenseNet on MNIST, trained in your browser</h1>
        <SectionNav />
        <BackendBadge backend={state.backend} />
        <BackendDecisionPanel
          backend={state.backend}
          measuring={state.measuring}
          canRemeasure={canTrain && !state.runPending}
          onRemeasure={trainer.remeasure}
        />
      </header>
      <UpdatePrompt training={training} />
      <Messages {...messagesView(state)} onRetry={trainer.retry} onDismiss={trainer.dismissError} />
      <Announcer message={announcement(state)} />
      <main className={styles.main}>
        {/* Above the fold on a laptop: the controls, the progress and the epoch charts, with the pad beside them. */}
        <section className={styles.loop} aria-labelledby="training-title" data-testid="training-panel">
          <h2 id="training-title" className={text.visuallyHidden}>
            Training
          </h2>
          <TrainingControls
            {...trainingControlsView(state, settings, spec)}
            onTrain={() => spec && trainer.train(spec)}
            onStop={trainer.stop}
          >
            <PauseResumeButtons {...checkpoint} onPause={trainer.pause} onResume={trainer.resume} />
          </TrainingControls>
          <PreparationStatus preparation={state.preparation} runPending={state.runPending} />
          <ProgressPanel {...progressView(state)} />
          <CheckpointPanel {...checkpoint} onResume={trainer.resume} onStartOver={trainer.startOver} />
        </section>
        <div className={styles.charts}>
          <EpochCharts epochs={state.epochs} />
        </div>
        <div className={styles.side}>
          <Predictor
            prediction={state.prediction}
            current={state.prediction?.id === state.predictionRequested}
            weightsVersion={weightsVersion}
            modelReady={state.ready !== null}
            predict={trainer.predict}
            onCorrect={trainer.digits.add}
          />
          <YourDigitsPanel
            state={state.yourDigits}
            idle={canTrain}
            training={training}
            onDelete={trainer.digits.remove}
            onExport={trainer.digits.exportFile}
            onImport={trainer.digits.importFile}
            onTeach={trainer.digits.teach}
            onStop={trainer.stop}
          />
          <FeatureMaps features={state.features} />
          <ModelFilesPanel
            {...modelFilesView(state)}
            onExport={trainer.exportModel}
            onImport={trainer.importModel}
            onEvaluate={trainer.evaluate}
          />
          <StoragePanel ready={state.ready !== null} checkpointSavedAt={state.recovery.latest?.savedAt ?? null} />
        </div>
        {/* Below the fold: each part a labelled section the header's links jump to. */}
        <div className={styles.details}>
          <div className={styles.history}>
            <BatchChart points={state.batchPoints} />
            <EpochTable epochs={state.epochs} planned={state.run?.epochs ?? settings.epochs} />
          </div>
          <RunEditor draft={draft} problems={runProblems} disabled={training} onChange={setDraft} />
          <ComparePanel
            queue={compareQueue}
            comparison={state.comparison}
            canRun={canTrain}
            canAdd={!training && spec !== null}
            canEdit={!training}
            onAdd={() => spec && setCompareQueue((queue) => [...queue, spec])}
            onRemove={(index) => setCompareQueue((queue) => queue.filter((_, i) => i !== index))}
            onRun={() => trainer.compare(compareQueue)}
          />
          <Insights
            evaluation={state.evaluation}
            gallery={state.gallery}
            showGallery={trainer.showGallery}
            closeGallery={trainer.closeGallery}
          />
          <ModelSummary summary={state.ready?.summary ?? null} />
          <SpeedPanel
            backend={state.backend}
            latestBatch={state.latestBatch}
            batchPoints={state.batchPoints}
            finished={state.finished !== null}
          />
        </div>
      </main>
      <footer className={styles.footer}>
        URL parameters shorten a run:{' '}
        <code>?epochs=2&amp;train=1024&amp;test=512&amp;batch=32&amp;backend=webgl&amp;seed=1</code>; the editor keeps{' '}
        <code>preset</code>, the recipe and <code>compare</code> in the address, so the link reproduces the
        configuration.
      </footer>
    </div>
  );
}

/** The sections below the fold, by name. */
const SECTIONS = [
  { id: 'recipe', label: 'Recipe' },
  { id: 'compare', label: 'Compare' },
  { id: 'insights', label: 'What it learned' },
  { id: 'model', label: 'Model' },
  { id: 'speed', label: 'Speed' },
  { id: 'model-files', label: 'Files' },
] as const;

function SectionNav() {
  return (
    <nav className={styles.nav} aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{section.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Keeps the address bar a link to what is on screen: the editor's configuration and the
 * compare list (when every entry is a preset with its defaults, the only lists a URL can name).
 */
function useShareableUrl(settings: TrainSettings, run: RunSpec | null, queue: RunSpec[]): void {
  const write = useCallback(() => {
    if (!run) return;
    const presets = queue.map((entry) => entry.model.preset);
    const plain = queue.every((entry) => JSON.stringify(entry) === JSON.stringify(presetRunSpec(entry.model.preset)));
    const compare = plain && presets.length >= 2 ? presets : settings.compare;
    const query = settingsToQuery({ ...settings, run, compare });
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`)
      window.history.replaceState(null, '', url);
  }, [settings, run, queue]);
  useEffect(write, [write]);
}
