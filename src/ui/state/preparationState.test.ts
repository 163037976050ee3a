import { describe, expect, test } from 'vitest';
import type { WorkerEvent } from '../../worker/protocol';
import { measuringEvent } from './measuringState';
import { isPreparing, preparationEvent, type PreparationView } from './preparationState';

type Preparation = Extract<WorkerEvent, { type: 'preparation' }>;
const on = (view: PreparationView | null, ...events: Preparation[]) =>
  events.reduce<PreparationView | null>((current, event) => preparationEvent(current, event), view);

describe('the preparation slice', () => {
  test('follows compiling → warming → done, then the first step’s count', () => {
    const view = on(
      null,
      { type: 'preparation', backend: 'webgl', stage: 'compiling', done: 0, total: 90 },
      { type: 'preparation', backend: 'webgl', stage: 'compiling', done: 40, total: 90 },
    );
    expect(view).toMatchObject({ stage: 'compiling', done: 40, total: 90 });
    expect(isPreparing(view)).toBe(true);
    const done = on(
      view,
      { type: 'preparation', backend: 'webgl', stage: 'warming' },
      {
        type: 'preparation',
        backend: 'webgl',
        stage: 'done',
        mode: 'compile-only',
        programs: 90,
        compiledByRealStep: 1,
        ms: 9000,
        totalPrograms: 95,
      },
      { type: 'preparation', backend: 'webgl', stage: 'used', compiledByFirstStep: 2 },
    );
    expect(done).toMatchObject({ stage: 'done', done: 40, total: 90, programs: 90, ms: 9000, compiledByFirstStep: 2 });
    expect(isPreparing(done)).toBe(false);
  });

  test('a new preparation starts from nothing; a failure keeps its message', () => {
    const first = on(null, {
      type: 'preparation',
      backend: 'webgl',
      stage: 'done',
      mode: 'compile-only',
      programs: 90,
      compiledByRealStep: 0,
      ms: 1,
      totalPrograms: 90,
    });
    expect(on(first, { type: 'preparation', backend: 'webgl', stage: 'compiling', done: 0, total: 12 })).toMatchObject({
      stage: 'compiling',
      programs: null,
      total: 12,
    });
    expect(on(first, { type: 'preparation', backend: 'wasm', stage: 'warming' })).toMatchObject({
      backend: 'wasm',
      stage: 'warming',
      programs: null,
    });
    expect(on(first, { type: 'preparation', backend: 'webgl', stage: 'failed', message: 'lost' })).toMatchObject({
      stage: 'failed',
      message: 'lost',
    });
  });
});

describe('the measuring slice', () => {
  test('shows the candidate in progress and keeps one result per backend', () => {
    let view = measuringEvent(null, { type: 'measure-progress', backend: 'wasm', stage: 'timing', done: 1, total: 3 });
    expect(view.current?.backend).toBe('wasm');
    view = measuringEvent(view, {
      type: 'measure-result',
      result: { backend: 'wasm', status: 'measured', imagesPerSecond: 9 },
    });
    expect(view.current).toBeNull();
    view = measuringEvent(view, {
      type: 'measure-result',
      result: { backend: 'wasm', status: 'measured', imagesPerSecond: 10 },
    });
    expect(view.results).toEqual([{ backend: 'wasm', status: 'measured', imagesPerSecond: 10 }]);
  });
});
