/**
 * The page's side of the service worker (scripts/pwa.ts builds it): registration in built
 * apps only, and the update state the prompt shows.
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

let state: ServiceWorkerState = { updateReady: false, updatedElsewhere: false };
const listeners = new Set<() => void>();
let reloadRequested = false;
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;
let registered = false;

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

function register(): void {
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh: () => setState({ updateReady: true }),
    // The new version took control. If this page asked for it, reloadToUpdate reloads; if another
    // tab did, never reload in the middle of a run: say so instead.
    onNeedReload: () => {
      if (!reloadRequested) setState({ updateReady: false, updatedElsewhere: true });
    },
  });
}

/**
 * Registers the service worker (built apps only; not on the dev server or where there is no
 * service worker support). Idempotent. Nothing waits for it: on a first visit the training
 * worker stores the dataset in the service worker's cache itself (src/worker/storedDataset.ts).
 */
export function startServiceWorker(): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registered = true;
  register();
}
