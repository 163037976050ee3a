import { useMemo } from 'react';
import { parseSettings } from '../settings/settings';
import { BackendBadge } from './BackendBadge';
import { Charts } from './Charts';
import { CheckpointPanel } from './CheckpointPanel';
import { ModelFilesPanel } from './ModelFilesPanel';
import { EpochTable } from './EpochTable';
import { FeatureMaps } from './FeatureMaps';
import { Insights } from './Insights';
import { Messages } from './Messages';
import { Predictor } from './Predictor';
import { ProgressPanel } from './ProgressPanel';
import { TrainingControls } from './TrainingControls';
import { useTrainer } from './useTrainer';

export function App() {
  // Settings come from the URL once per page load; problems are shown, defaults used instead.
  const { settings, problems } = useMemo(() => parseSettings(window.location.search), []);
  const trainer = useTrainer(settings, problems);
  const { state } = trainer;
  const weightsVersion = state.batchPoints.length + state.epochs.length + state.recovery.modelVersion;

  return (
    <div className="app">
      <header className="app__header">
        <h1>DenseNet on MNIST, trained in your browser</h1>
        <BackendBadge backend={state.backend} />
      </header>
      <Messages state={state} onRetry={trainer.retry} onDismiss={trainer.dismissError} />
      <main className="app__main">
        <div className="app__training">
          <TrainingControls state={state} settings={settings} onTrain={trainer.train} onStop={trainer.stop} />
          <CheckpointPanel state={state} onPause={trainer.pause} onResume={trainer.resume} onStartOver={trainer.startOver} />
          <ProgressPanel state={state} />
          <Charts epochs={state.epochs} batchPoints={state.batchPoints} />
          <EpochTable epochs={state.epochs} />
        </div>
        <div className="app__side">
          <Predictor prediction={state.prediction} weightsVersion={weightsVersion} modelReady={state.ready !== null} predict={trainer.predict} />
          <FeatureMaps features={state.features} />
          <ModelFilesPanel state={state} onExport={trainer.exportModel} onImport={trainer.importModel} onEvaluate={trainer.evaluate} />
        </div>
        <Insights state={state} showGallery={trainer.showGallery} closeGallery={trainer.closeGallery} />
      </main>
      <footer className="app__footer">
        URL parameters shorten a run: <code>?epochs=2&amp;train=1024&amp;test=512&amp;batch=32&amp;backend=webgl&amp;seed=1</code>
      </footer>
    </div>
  );
}
