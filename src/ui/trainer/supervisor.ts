/**
 * Keeps a training worker alive. It starts the worker, and when the worker dies
 * (crash, out of memory) or its GPU device is lost, starts a new one — without the lost
 * backend — and, if a run was in progress, resumes it from the last checkpoint. What is lost
 * is at most the work since that checkpoint. No React here; useTrainer owns one of these.
 */
import type { BackendName, Command, WorkerEvent } from '../../worker/protocol';
import type { TrainSettings } from '../../shared/settings';
import { startTrainerWorker, type TrainerClient } from '../../worker/client';
import type { Notice } from '../state/recoveryState';

/** Automatic restarts allowed without a checkpoint written in between: a worker that dies at once must not loop forever. */
const MAX_RESTARTS = 3;

export interface SupervisorCallbacks {
  onEvent(event: WorkerEvent): void;
  /** `autoResume`: a run will continue by itself, so no Resume offer should be shown. */
  onNotice(notice: Notice, autoResume: boolean): void;
}

export class WorkerSupervisor {
  private client: TrainerClient | null = null;
  private readonly excluded: BackendName[] = [];
  private resumeWhenReady = false;
  private training = false;
  private restarts = 0;

  constructor(
    private readonly settings: TrainSettings,
    private readonly manifestUrl: () => string,
    private readonly callbacks: SupervisorCallbacks,
  ) {}

  /** Starts (or, for Retry, restarts) a worker with no run to resume. */
  start(): void {
    this.restarts = 0;
    this.resumeWhenReady = false;
    this.launch();
  }

  stop(): void {
    this.client?.terminate();
    this.client = null;
  }

  send(command: Command, transfer: Transferable[] = []): void {
    this.client?.send(command, transfer);
  }

  private launch(): void {
    this.client?.terminate();
    const client = startTrainerWorker(() => {
      if (client === this.client)
        this.restart('worker-restarted', 'The training worker stopped unexpectedly and was restarted.');
    });
    this.client = client;
    this.training = false;
    client.subscribe((event) => this.onEvent(event));
    client.send({
      type: 'init',
      settings: this.settings,
      manifestUrl: this.manifestUrl(),
      excludeBackends: [...this.excluded],
    });
  }

  private onEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'phase':
        this.training = event.phase === 'training';
        break;
      case 'checkpoint-found':
        // The last event of init: the new worker is ready to continue the run.
        if (this.resumeWhenReady) {
          this.resumeWhenReady = false;
          this.send({ type: 'resume', orStartOver: true });
        }
        break;
      case 'checkpoint-saved':
        this.restarts = 0;
        break;
      case 'device-lost':
        if (!this.excluded.includes(event.backend)) this.excluded.push(event.backend);
        this.training ||= event.training;
        this.restart(
          'device-lost',
          `${event.message} Restarted on the next backend; ${event.backend} is not used again in this tab.`,
        );
        break;
      default:
        break;
    }
    this.callbacks.onEvent(event);
  }

  private restart(kind: Notice['kind'], message: string): void {
    const resume = this.training;
    if (++this.restarts > MAX_RESTARTS) {
      this.stop();
      this.callbacks.onNotice(
        {
          kind: 'gave-up',
          message: `${message} It failed ${MAX_RESTARTS} times in a row without saving a checkpoint, so it was not restarted again; reload the page to try once more.`,
        },
        false,
      );
      return;
    }
    this.resumeWhenReady = resume;
    this.callbacks.onNotice(
      { kind, message: resume ? `${message} Training resumes from the last checkpoint.` : message },
      resume,
    );
    this.launch();
  }
}
