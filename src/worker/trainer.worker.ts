/// <reference lib="webworker" />
/**
 * The dedicated module worker's entry, small on purpose. On a first visit the dataset
 * download is the longest wait, and it cannot start before `init` says where the data is;
 * evaluating TF.js with its backends (a 2.4 MB chunk) takes about half a second on a slow
 * machine. So this entry starts the download the moment the page says where the data is
 * (`prefetch-dataset`, sent as the worker starts, or else `init`) and loads the worker proper
 * (trainer-main.ts) beside it, holding the commands that arrive meanwhile.
 */
import { EarlyDownload } from './earlyDownload';
import type { Command, WorkerEvent } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent) => self.postMessage(event);

let early: EarlyDownload | null = null;
let dispatch: ((command: Command) => void) | null = null;
const waiting: Command[] = [];

self.addEventListener('message', (event: MessageEvent<Command>) => {
  const command = event.data;
  if (command.type === 'prefetch-dataset' || command.type === 'init') {
    early ??= new EarlyDownload(command.manifestUrl);
    // Evaluating the rest blocks this thread for a while: first let the download send its
    // requests (the manifest's answer is handled on this thread), but never wait long for it.
    void Promise.race([early.requested, sleep(MAX_WAIT_FOR_REQUESTS_MS)]).then(loadTheRest);
  } else loadTheRest(); // e.g. a measuring worker's first command
  if (command.type === 'prefetch-dataset') return;
  if (dispatch) dispatch(command);
  else waiting.push(command);
});

/** How long loading the rest may wait for the data files to be requested (a slow manifest). */
const MAX_WAIT_FOR_REQUESTS_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let loading = false;

/** Loads the worker proper once, then hands it the commands that arrived meanwhile. */
function loadTheRest(): void {
  if (loading) return;
  loading = true;
  import('./trainer-main').then(
    ({ createDispatch }) => {
      const ready = createDispatch((manifestUrl, onProgress) => early?.take(manifestUrl, onProgress) ?? null);
      dispatch = ready;
      for (const command of waiting.splice(0)) ready(command);
    },
    (error: unknown) =>
      post({
        type: 'error',
        code: 'protocol',
        message: `The training worker could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the page.`,
      }),
  );
}

// Hold a Web Lock named after this worker for as long as it lives: the browser releases it
// when the worker ends for any reason (crash, close, terminate), which is how the page
// notices a dead worker without polling (client.ts).
if (self.name && 'locks' in navigator) {
  void navigator.locks.request(self.name, () => {
    post({ type: 'worker-alive' });
    return new Promise<never>(() => undefined);
  });
}
