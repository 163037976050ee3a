/**
 * Where a wasm training step spends its time, for `npm run bench -- --profile`.
 *
 * The wasm backend runs every kernel synchronously on the calling thread (XNNPACK's pool
 * threads finish before the call returns), so wall time around a kernel call is its cost.
 * While installed, the timer wraps every kernel registered for 'wasm' (the backend's own and
 * ours) and the backend's `disposeData`, and books each call's exclusive time (its own time
 * less the kernels it calls) under a path: the outermost kernel, and for nested calls the
 * callee, e.g. `Conv2DBackpropFilter › Conv2D`. Everything else in the step (the engine's
 * bookkeeping and tape, tfjs-layers, gradient functions) is the step's wall time less the sum.
 */
import {
  getKernelsForBackend,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Exclusive time booked under one path. */
export interface TimedPath {
  /** `Kernel`, or `Outer › Inner` for a call made from inside another kernel. */
  path: string;
  ms: number;
  calls: number;
}

/** The name the timer books `disposeData` under (freeing memory and XNNPACK operators). */
export const DISPOSE_PATH = 'disposeData';

interface Frame {
  path: string;
  start: number;
  childMs: number;
}

/** Exclusive-time accounting over nested calls. Use {@link installKernelTimer} to time kernels. */
export class KernelTimer {
  private readonly stack: Frame[] = [];
  private readonly totals = new Map<string, { ms: number; calls: number }>();

  /** @param now The clock, ms (tests pass a fake one so the accounting is exact). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `body`, booking its exclusive time under `label` (prefixed by the outermost frame when nested). */
  time<T>(label: string, body: () => T): T {
    const outer = this.stack[0];
    const frame: Frame = { path: outer ? `${outer.path} › ${label}` : label, start: this.now(), childMs: 0 };
    this.stack.push(frame);
    try {
      return body();
    } finally {
      this.stack.pop();
      const elapsed = this.now() - frame.start;
      const parent = this.stack.at(-1);
      if (parent) parent.childMs += elapsed;
      const total = this.totals.get(frame.path) ?? { ms: 0, calls: 0 };
      total.ms += elapsed - frame.childMs;
      total.calls += 1;
      this.totals.set(frame.path, total);
    }
  }

  /** Every path booked so far, most time first. */
  paths(): TimedPath[] {
    return [...this.totals].map(([path, { ms, calls }]) => ({ path, ms, calls })).sort((a, b) => b.ms - a.ms);
  }
}

let active: KernelTimer | null = null;

/**
 * Books `body` as a part of the kernel running it, while a timer is installed (else just runs
 * it): for work inside our kernels that goes to no registered kernel, e.g. the backend's own
 * kernel function that one of ours replaced and calls.
 */
export function timedPart<T>(label: string, body: () => T): T {
  return active ? active.time(label, body) : body();
}

/**
 * Wraps every 'wasm' kernel and `backend.disposeData` with `timer` until the returned function
 * is called, which restores them. The kernels' setup already ran when the backend started, so
 * re-registering them needs none.
 */
export function installKernelTimer(backend: BackendWasm, timer: KernelTimer): () => void {
  const configs: KernelConfig[] = getKernelsForBackend('wasm');
  for (const config of configs) {
    unregisterKernel(config.kernelName, 'wasm');
    const kernelFunc: KernelFunc = (args) => timer.time(config.kernelName, () => config.kernelFunc(args));
    registerKernel({ ...config, kernelFunc, setupFunc: undefined });
  }
  active = timer;
  const disposeData = backend.disposeData;
  backend.disposeData = (...args: Parameters<BackendWasm['disposeData']>) =>
    timer.time(DISPOSE_PATH, () => disposeData.apply(backend, args));
  return () => {
    // The wrapper is an own property over the prototype's method: removing it restores that.
    Reflect.deleteProperty(backend, 'disposeData');
    active = null;
    for (const config of configs) {
      unregisterKernel(config.kernelName, 'wasm');
      registerKernel(config);
    }
  };
}
