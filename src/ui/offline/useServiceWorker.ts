import { useSyncExternalStore } from 'react';
import { serviceWorkerState, subscribeServiceWorker, type ServiceWorkerState } from './serviceWorker';

/** The page's service worker state (update waiting, updated in another tab), re-rendering on change. */
export function useServiceWorker(): ServiceWorkerState {
  return useSyncExternalStore(subscribeServiceWorker, serviceWorkerState);
}
