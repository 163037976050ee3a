/**
 * The one hook that owns the worker: it starts it, turns its events into reducer actions and
 * gives components plain functions. Components never call postMessage.
 */
import { startTransition, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { BackendName, Command, GalleryFilter, RunSpec, WorkerEvent } from '../../worker/protocol';
import type { TrainSettings } from '../../shared/settings';
import { EVALUATION_MARK } from '../insights/ConfusionMatrix';
import { downloadFile, readFiles } from './download';
import { initialState, reducer, type TrainerState } from '../state/state';
import { WorkerSupervisor } from './supervisor';
import { manifestUrl } from './manifestUrl';
import { installTestHooks } from './testHooks';
import { startServiceWorker } from '../offline/serviceWorker';

export interface Trainer {
  state: TrainerState;
  /** Train `run` (architecture + recipe) from fresh weights. */
  train(run: RunSpec): void;
  /** Compile `run`'s programs now, so Train does not wait for them (the editor's configuration changed). */
  prepare(run: RunSpec): void;
  /** Train each configuration in turn with one seed, for the compare view. */
  compare(runs: RunSpec[]): void;
  stop(): void;
  /** Classify a 784-float drawing and compute its feature maps (null: the pad was cleared). */
  predict(pixels: Float32Array | null): void;
  /** Ask for a page of the last evaluation's test images (worst first). */
  showGallery(filter: GalleryFilter, offset?: number): void;
  closeGallery(): void;
  retry(): void;
  /** Start a new worker that times every candidate backend again, ignoring the stored decision. */
  remeasure(): void;
  dismissError(index: number): void;
  /** Stop at the next batch after writing a checkpoint there. */
  pause(): void;
  /** Continue the stored checkpoint's run (after Pause, Stop, a NaN, or a reload). */
  resume(): void;
  /** Decline the Resume offer and delete the stored checkpoint. */
  startOver(): void;
  /** Download the current model as model.json + weights.bin. */
  exportModel(): void;
  /** Validate and use a model.json + weights file pair chosen or dropped by the user. */
  importModel(files: Iterable<File>): void;
  /** Evaluate the current model (e.g. an imported one) on the test images. */
  evaluate(): void;
  /** Your digits: keep a drawing, delete one, the file round trip, and Teach (Stop is `stop`). */
  digits: YourDigitsCommands;
}

export interface YourDigitsCommands {
  /** Keep `pixels` (784 floats 0–1, the input the model saw) under `label`. */
  add(label: number, pixels: Float32Array): void;
  remove(id: number): void;
  exportFile(): void;
  importFile(file: File): void;
  teach(): void;
}

/** Images per gallery page: enough to scan, few enough to draw in one frame. */
export const GALLERY_PAGE_SIZE = 48;

const BACKGROUND_EVENTS = new Set<WorkerEvent['type']>(['data-progress', 'batch', 'epoch']);

export function useTrainer(settings: TrainSettings, settingsProblems: string[]): Trainer {
  const [state, dispatch] = useReducer(reducer, settingsProblems, initialState);
  // The supervisor owns the worker and restarts it after a crash or a lost GPU device.
  const client = useRef<WorkerSupervisor | null>(null);
  const nextPredictionId = useRef(1);
  const extraListeners = useRef(new Set<(event: WorkerEvent) => void>());
  // Test hook state: candidates whose smoke test the next worker makes fail (sent only with ?hooks=1).
  const sabotaged = useRef<BackendName[]>([]);

  const startWorker = useCallback(
    (options: { remeasure?: boolean } = {}) => {
      client.current?.stop();
      const supervisor = new WorkerSupervisor(settings, manifestUrl, {
        onEvent: (event) => {
          const action = { type: 'worker', event, at: performance.now() } as const;
          if (event.type === 'evaluation') performance.mark(EVALUATION_MARK);
          if (event.type === 'digits-export') downloadFile('your-digits.json', event.text, 'application/json');
          if (event.type === 'model-export') {
            downloadFile('model.json', event.modelJson, 'application/json');
            downloadFile('weights.bin', event.weights, 'application/octet-stream');
          }
          for (const listener of extraListeners.current) listener(event);
          // Progress and metrics redraw the charts: as transitions React renders them in slices
          // that yield to input, so drawing stays smooth and no task blocks the thread for long.
          if (BACKGROUND_EVENTS.has(event.type)) startTransition(() => dispatch(action));
          else dispatch(action);
        },
        onNotice: (notice, autoResume) =>
          dispatch({ type: 'recovery', action: { type: 'notice', notice, autoResume } }),
      });
      client.current = supervisor;
      supervisor.start({ ...options, sabotageSmokeTest: [...sabotaged.current] });
    },
    [settings],
  );

  useEffect(() => {
    // The worker starts at once: on a first visit it stores the dataset it downloads in the
    // service worker's cache itself, so waiting for the new service worker would only delay it.
    startServiceWorker();
    startWorker();
    const listeners = extraListeners.current;
    const removeHooks = settings.testHooks
      ? installTestHooks(
          (command) => client.current?.send(command),
          (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
          (backend) => sabotaged.current.push(backend),
        )
      : () => undefined;
    return () => {
      removeHooks();
      client.current?.stop();
      client.current = null;
    };
  }, [startWorker, settings.testHooks]);

  const train = useCallback((run: RunSpec) => {
    dispatch({ type: 'train-requested', at: performance.now() });
    client.current?.send({ type: 'train', run });
  }, []);

  const prepare = useCallback((run: RunSpec) => client.current?.send({ type: 'prepare', run }), []);

  const compare = useCallback((runs: RunSpec[]) => {
    dispatch({ type: 'train-requested', at: performance.now() });
    client.current?.send({ type: 'compare', runs });
  }, []);

  const stop = useCallback(() => client.current?.send({ type: 'stop' }), []);

  const predict = useCallback((pixels: Float32Array | null) => {
    if (!pixels) {
      dispatch({ type: 'drawing-cleared', nextPredictionId: nextPredictionId.current });
      return;
    }
    // Copies are transferred, so the caller keeps its own array. Both answers share the id.
    const id = nextPredictionId.current++;
    dispatch({ type: 'prediction-requested', id });
    const forPrediction = pixels.slice();
    const forFeatures = pixels.slice();
    client.current?.send({ type: 'predict', id, pixels: forPrediction }, [forPrediction.buffer]);
    client.current?.send({ type: 'features', id, pixels: forFeatures }, [forFeatures.buffer]);
  }, []);

  const showGallery = useCallback((filter: GalleryFilter, offset = 0) => {
    dispatch({ type: 'gallery-requested', filter });
    client.current?.send({ type: 'gallery', filter, offset, limit: GALLERY_PAGE_SIZE });
  }, []);

  const closeGallery = useCallback(() => dispatch({ type: 'gallery-closed' }), []);

  const retry = useCallback(() => {
    dispatch({ type: 'reset' });
    startWorker();
  }, [startWorker]);

  const remeasure = useCallback(() => {
    dispatch({ type: 'reset' });
    startWorker({ remeasure: true });
  }, [startWorker]);

  const dismissError = useCallback((index: number) => dispatch({ type: 'dismiss-error', index }), []);

  const pause = useCallback(() => client.current?.send({ type: 'pause' }), []);
  const resume = useCallback(() => {
    dispatch({ type: 'train-requested', at: performance.now() });
    client.current?.send({ type: 'resume' });
  }, []);
  const startOver = useCallback(() => {
    dispatch({ type: 'recovery', action: { type: 'offer-declined' } });
    client.current?.send({ type: 'discard-checkpoint' });
  }, []);
  const exportModel = useCallback(() => client.current?.send({ type: 'export-model' }), []);
  const importModel = useCallback((files: Iterable<File>) => {
    dispatch({ type: 'recovery', action: { type: 'import-requested' } });
    void readFiles(files).then((read) =>
      client.current?.send(
        { type: 'import-model', files: read },
        read.map((file) => file.bytes),
      ),
    );
  }, []);
  const evaluate = useCallback(() => client.current?.send({ type: 'evaluate' }), []);
  const digits = useMemo<YourDigitsCommands>(() => {
    const send = (command: Command, transfer: Transferable[] = []) => client.current?.send(command, transfer);
    return {
      add: (label, pixels) => {
        const copy = pixels.slice();
        send({ type: 'add-digit', label, pixels: copy }, [copy.buffer]);
      },
      remove: (id) => send({ type: 'delete-digit', id }),
      exportFile: () => send({ type: 'export-digits' }),
      importFile: (file) =>
        void readFiles([file]).then(([read]) => read && send({ type: 'import-digits', file: read }, [read.bytes])),
      teach: () => send({ type: 'teach' }),
    };
  }, []);

  return {
    state,
    train,
    prepare,
    compare,
    stop,
    predict,
    showGallery,
    closeGallery,
    retry,
    remeasure,
    dismissError,
    pause,
    resume,
    startOver,
    exportModel,
    importModel,
    evaluate,
    digits,
  };
}
