/**
 * The page's side of the service worker (scripts/pwa.ts builds it): registration in built
 * apps only, when the training worker may start, and the update state the prompt shows.
 * No React here; useServiceWorker() reads the state.
 */
import { registerSW } from 'virtual:pwa-register';

/** What the page knows about its service worker. */
export interface ServiceWorkerState {
  /** A new version is installed and waiting: the page offers a reload. */
  updateReady: boolean;
  /** Another tab switched to the new version: this page runs the old one until it reloads. */
  updatedElsewhere: boolean;
}

/**
 * How long a first visit waits for the new service worker to control the page before the
 * training worker starts without it (its downloads then are not cached; the next visit's are).
 * The install precaches about 1 MB of app files.
 */
const CONTROL_TIMEOUT_MS = 10_000;

let state: ServiceWorkerState = { updateReady: false, updatedElsewhere: false };
const listeners = new Set<() => void>();
let reloadRequested = false;
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;
let settled: Promise<void> | null = null;

function setState(change: Partial<ServiceWorkerState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

/** The current state (a new object after every change, for useSyncExternalStore). */
export function serviceWorkerState(): ServiceWorkerState {
  return state;
}

/** Calls `listener` after every change; returns the unsubscribe function. */
export function subscribeServiceWorker(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Switches to the waiting version and reloads this page: only ever called from the user's
 * click. The reload comes when the new service worker has taken control.
 */
export function reloadToUpdate(): void {
  reloadRequested = true;
  // Not workbox-window's "controlling" event: it reports an update only to a page that was
  // controlled when it registered, so a page open since the first visit would never reload.
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void applyUpdate?.(true);
}

/** Resolves once `registration` has nothing installing that could take control of this page. */
function whenInstallSettles(registration: ServiceWorkerRegistration | undefined, done: () => void): void {
  const installing = registration?.installing;
  // No registration (blocked), or one already installed: this page load stays as it is.
  if (!installing) return done();
  installing.addEventListener('statechange', () => {
    if (installing.state === 'redundant') done(); // the install failed (e.g. a precache fetch)
  });
}

function register(done: () => void): void {
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh: () => setState({ updateReady: true }),
    // The new version took control. If this page asked for it, reloadToUpdate reloads; if another
    // tab did, never reload in the middle of a run: say so instead.
    onNeedReload: () => {
      if (!reloadRequested) setState({ updateReady: false, updatedElsewhere: true });
    },
    onRegisteredSW: (_url, registration) => whenInstallSettles(registration, done),
    onRegisterError: () => done(),
  });
}

/**
 * Registers the service worker (built apps only) and resolves when the training worker may
 * start: at once when the page is already controlled or cannot be (dev server, no service
 * worker support, registration blocked or failed); on a first visit, once the newly installed
 * service worker controls the page, so the worker's dataset download goes through its cache.
 * Idempotent.
 */
export function startServiceWorker(): Promise<void> {
  settled ??= new Promise<void>((resolve) => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return resolve();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, CONTROL_TIMEOUT_MS);
    if (navigator.serviceWorker.controller) done();
    else navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
    register(done);
  });
  return settled;
}
