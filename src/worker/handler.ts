/**
 * The worker's logic as a plain `handle(command, post)` function, so tests can drive it
 * without a Worker. It only dispatches: each command goes to the module that does it, and
 * the session (session.ts) holds the dataset, the network and the run between commands.
 */
import { PIXELS_PER_IMAGE } from '../data/device';
import { runBench } from './bench';
import { runComparison } from './compare';
import { extractFeatures, postGalleryPage, predictOne } from './inference';
import { initialize } from './initialize';
import { createLatestQueue } from './latest';
import { measureBackend } from './measure';
import type { Command, Post } from './protocol';
import { handleRecovery } from './recovery';
import { prepare, resumeRequest, runRequest, whenPrepared } from './preparation';
import { announceCheckpoint, runSpecOf } from './resume';
import type { HandlerDeps, Session } from './session';
import { runTeach } from './teach';
import { runTraining } from './training';
import { announceDigits, handleDigits } from './yourDigits';
import { memoryDigitStore } from '../data/digitStore';

export type { HandlerDeps, Session } from './session';

export type Handle = (command: Command, post: Post) => Promise<void>;

interface DrawingJob {
  id: number;
  pixels: Float32Array;
  post: Post;
}

const notReady = (post: Post, what: string) =>
  post({ type: 'error', code: 'protocol', message: `${what} cannot start before the data and backend are ready.` });
const alreadyTraining = (post: Post) =>
  post({ type: 'error', code: 'protocol', message: 'Training is already running.' });

export function createHandler(handlerDeps: HandlerDeps): Handle {
  // Your digits outlive sessions (and are reachable before one exists): one store per worker.
  const deps = { ...handlerDeps, digits: handlerDeps.digits ?? memoryDigitStore() };
  let session: Session | null = null;
  let initializing = false;
  // Drawings arrive faster than the model answers: only the newest waiting one is worked on.
  const predictions = createLatestQueue((job: DrawingJob) => predictOne(session, job.id, job.pixels, job.post));
  const features = createLatestQueue((job: DrawingJob) => extractFeatures(session, job.id, job.pixels, job.post));

  return async (command, post) => {
    switch (command.type) {
      case 'init':
        if (session || initializing)
          return post({ type: 'error', code: 'protocol', message: 'The worker is already initialised.' });
        initializing = true;
        try {
          session = await initialize(command.settings, command.manifestUrl, deps, post, command.excludeBackends ?? [], {
            remeasure: command.remeasure === true,
            // A test hook: honoured only on a page opened with ?hooks=1.
            sabotageSmokeTest: command.settings.testHooks ? (command.testSabotageSmokeTest ?? []) : [],
          });
          if (session) {
            const checkpoint = await announceCheckpoint(session, post);
            // Compile what the next run needs: the run Resume would continue, else the configured one.
            void prepare(
              session,
              deps,
              post,
              checkpoint && checkpoint.position.epoch <= checkpoint.run.epochs
                ? resumeRequest(checkpoint.run, runSpecOf(checkpoint.run))
                : runRequest(session, session.settings.run),
            );
          }
          await announceDigits(deps.digits, post);
        } finally {
          initializing = false;
        }
        return;
      case 'train':
        if (!session) return notReady(post, 'Training');
        if (session.training || session.runQueued) return alreadyTraining(post);
        await whenPrepared(session, post, () =>
          runTraining(session!, deps, post, { run: command.run ?? session!.settings.run }),
        );
        return;
      case 'compare':
        if (!session) return notReady(post, 'A comparison');
        if (session.training || session.runQueued) return alreadyTraining(post);
        return whenPrepared(session, post, () => runComparison(session!, deps, command.runs, post));
      case 'prepare':
        if (session && !session.training) void prepare(session, deps, post, runRequest(session, command.run));
        return;
      case 'pause':
      case 'resume':
      case 'discard-checkpoint':
      case 'export-model':
      case 'import-model':
      case 'evaluate':
      case 'test-fault':
      case 'test-predictions':
        return handleRecovery(session, command, deps, post);
      case 'add-digit':
      case 'delete-digit':
      case 'export-digits':
      case 'import-digits':
        return handleDigits(deps.digits, command, post);
      case 'teach':
        if (!session) return notReady(post, 'Teach');
        if (session.training || session.runQueued)
          return post({ type: 'error', code: 'protocol', message: 'Training is already running.' });
        return whenPrepared(session, post, () => runTeach(session!, deps, post));
      case 'stop':
        // Also a run still waiting for the preparation: it then stops at its first step.
        if (session?.training || session?.runQueued) session.stopRequested = true;
        return;
      case 'predict':
      case 'features': {
        if (command.pixels.length !== PIXELS_PER_IMAGE) {
          return post({
            type: 'error',
            code: 'predict',
            message: `A drawing must be ${PIXELS_PER_IMAGE} pixels, got ${command.pixels.length}.`,
          });
        }
        // Programs half-made by a preparation cannot run yet.
        await session?.preparation.runnable;
        const queue = command.type === 'predict' ? predictions : features;
        return queue.push({ id: command.id, pixels: command.pixels, post });
      }
      case 'gallery':
        if (!session?.lastPredictions)
          return post({ type: 'error', code: 'gallery', message: 'The gallery needs a finished epoch: train first.' });
        return postGalleryPage(session, command, post);
      case 'bench': {
        if (!deps.bench)
          return post({ type: 'error', code: 'bench', message: 'This worker was started without benchmark support.' });
        if (session || initializing)
          return post({
            type: 'error',
            code: 'bench',
            message: 'Benchmark in a fresh worker: this one already holds a training session.',
          });
        const { type: _type, ...request } = command;
        return runBench(request, { ...deps.bench, ...(deps.spec ? { spec: deps.spec } : {}) }, post);
      }
      case 'measure-backend': {
        if (!deps.measure || session || initializing)
          return post({
            type: 'error',
            code: 'bench',
            message: 'Measuring needs a fresh worker started for it.',
          });
        const { type: _type, ...request } = command;
        return measureBackend(request, { ...deps.measure, ...(deps.spec ? { spec: deps.spec } : {}) }, post);
      }
      case 'prefetch-dataset':
        // The worker's entry starts the download (trainer.worker.ts); `init` takes it over.
        return;
      default:
        return assertNever(command);
    }
  };
}

function assertNever(command: never): never {
  throw new Error(`Unknown command ${JSON.stringify(command)}`);
}
