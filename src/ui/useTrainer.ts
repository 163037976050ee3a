/**
 * The one hook that owns the worker: it starts it, turns its events into reducer actions and
 * gives components plain functions. Components never call postMessage.
 */
import { startTransition, useCallback, useEffect, useReducer, useRef } from 'react';
import type { GalleryFilter, WorkerEvent } from '../worker/protocol';
import type { TrainSettings } from '../settings/settings';
import { startTrainerWorker, type TrainerClient } from '../worker/client';
import { EVALUATION_MARK } from './ConfusionMatrix';
import { initialState, reducer, type TrainerState } from './state';

export interface Trainer {
  state: TrainerState;
  train(): void;
  stop(): void;
  /** Classify a 784-float drawing and compute its feature maps (null: the pad was cleared). */
  predict(pixels: Float32Array | null): void;
  /** Ask for a page of the last evaluation's test images (worst first). */
  showGallery(filter: GalleryFilter, offset?: number): void;
  closeGallery(): void;
  retry(): void;
  dismissError(index: number): void;
}

/** Images per gallery page: enough to scan, few enough to draw in one frame. */
export const GALLERY_PAGE_SIZE = 48;

const BACKGROUND_EVENTS = new Set<WorkerEvent['type']>(['data-progress', 'batch', 'epoch']);

/** Where the dataset manifest lives, resolved against the page (workers would resolve against their script). */
function manifestUrl(): string {
  return new URL('data/mnist-manifest.json', document.baseURI).href;
}

export function useTrainer(settings: TrainSettings, settingsProblems: string[]): Trainer {
  const [state, dispatch] = useReducer(reducer, settingsProblems, initialState);
  const client = useRef<TrainerClient | null>(null);
  const nextPredictionId = useRef(1);

  const startWorker = useCallback(() => {
    client.current?.terminate();
    const worker = startTrainerWorker();
    client.current = worker;
    worker.subscribe((event) => {
      const action = { type: 'worker', event, at: performance.now() } as const;
      if (event.type === 'evaluation') performance.mark(EVALUATION_MARK);
      // Progress and metrics redraw the charts: as transitions React renders them in slices
      // that yield to input, so drawing stays smooth and no task blocks the thread for long.
      if (BACKGROUND_EVENTS.has(event.type)) startTransition(() => dispatch(action));
      else dispatch(action);
    });
    worker.send({ type: 'init', settings, manifestUrl: manifestUrl() });
  }, [settings]);

  useEffect(() => {
    startWorker();
    return () => {
      client.current?.terminate();
      client.current = null;
    };
  }, [startWorker]);

  const train = useCallback(() => {
    dispatch({ type: 'train-requested', at: performance.now() });
    client.current?.send({ type: 'train' });
  }, []);

  const stop = useCallback(() => client.current?.send({ type: 'stop' }), []);

  const predict = useCallback((pixels: Float32Array | null) => {
    if (!pixels) {
      dispatch({ type: 'drawing-cleared', nextPredictionId: nextPredictionId.current });
      return;
    }
    // Copies are transferred, so the caller keeps its own array. Both answers share the id.
    const id = nextPredictionId.current++;
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

  const dismissError = useCallback((index: number) => dispatch({ type: 'dismiss-error', index }), []);

  return { state, train, stop, predict, showGallery, closeGallery, retry, dismissError };
}
