import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseSettings, settingsToQuery, type TrainSettings } from '../shared/settings';
import { presetRunSpec, type RunSpec } from '../shared/recipe';
import { BackendBadge } from './status/BackendBadge';
import { BackendDecisionPanel } from './backend-choice/BackendDecisionPanel';
import { Charts } from './training/Charts';
import { ComparePanel } from './compare/ComparePanel';
import { RunEditor } from './training/RunEditor';
import { draftFromSpec, specFromDraft } from './state/runDraft';
import { CheckpointPanel } from './training/CheckpointPanel';
import { ModelFilesPanel } from './model-files/ModelFilesPanel';
import { EpochTable } from './training/EpochTable';
import { FeatureMaps } from './insights/FeatureMaps';
import { Insights } from './insights/Insights';
import { ModelSummary } from './insights/ModelSummary';
import { SpeedPanel } from './insights/SpeedPanel';
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

  return (
    <div className={styles.app}>
      <header className={styles.header}>
        <h1>DenseNet on MNIST, trained in your browser</h1>
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
      <main className={styles.main}>
        <div className={styles.training}>
          <RunEditor draft={draft} problems={runProblems} disabled={training} onChange={setDraft} />
          <TrainingControls
            {...trainingControlsView(state, settings, spec)}
            onTrain={() => spec && trainer.train(spec)}
            onStop={trainer.stop}
          />
          <PreparationStatus preparation={state.preparation} runPending={state.runPending} />
          <CheckpointPanel
            {...checkpointView(state)}
            onPause={trainer.pause}
            onResume={trainer.resume}
            onStartOver={trainer.startOver}
          />
          <ProgressPanel {...progressView(state)} />
          <Charts epochs={state.epochs} batchPoints={state.batchPoints} />
          <EpochTable epochs={state.epochs} />
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
        <div className={styles.insights}>
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
