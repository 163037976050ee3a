/**
 * The benchmarks' web server, started so that it always stops: `vite preview` is spawned as
 * the real binary (node + vite's own script, never through npx, whose child outlives a kill
 * of npx) in a process group of its own, and the whole group is killed when the harness
 * calls `stop()`, when it exits for any reason (including Playwright's own Ctrl-C handler,
 * which ends the process with process.exit), and on SIGINT, SIGTERM or SIGHUP. Stopping twice,
 * or a group that is already gone, is not an error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Server {
  url: string;
  /** The server's process id, which is also its process group id. */
  pid: number;
  stop(): void;
}

export interface ServerCommand {
  command: string;
  args: string[];
  /** Polled until it answers 2xx. */
  readyUrl: string;
  /** Give up after this long, ms. */
  timeoutMs?: number;
}

/** `vite preview` of dist/ on 127.0.0.1:`port`, ready once `readyPath` answers. */
export function vitePreview(port: number, readyPath: string, outDir?: string): ServerCommand {
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return {
    command: process.execPath,
    args: [
      viteBin,
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      ...(outDir ? ['--outDir', outDir] : []),
    ],
    readyUrl: `http://127.0.0.1:${port}${readyPath}`,
    timeoutMs: 30_000,
  };
}

/** What to undo when the harness ends: servers, and any other child it started. */
const cleanups = new Set<() => void>();
let handlersInstalled = false;

/** Runs `cleanup` when the process ends (exit, SIGINT, SIGTERM, SIGHUP) unless unregistered first. */
export function onExit(cleanup: () => void): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Starts the server and waits until it answers; throws (having stopped it) if it never does. */
export async function startServer(spec: ServerCommand): Promise<Server> {
  const child = spawn(spec.command, spec.args, { stdio: 'ignore', detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
  const server = track(child, new URL(spec.readyUrl).origin);
  const deadline = Date.now() + (spec.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(spec.readyUrl)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.stop();
  throw new Error(`${spec.readyUrl} did not answer (is dist/ built? npm run build)`);
}

function track(child: ChildProcess, url: string): Server {
  const pid = child.pid!;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unregister();
    killGroup(pid);
  };
  const unregister = onExit(stop);
  return { url, pid, stop };
}

/** SIGTERM to the whole group; ESRCH (already gone) is fine. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Runs every registered cleanup now (each once). */
export function stopAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    cleanup();
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' handlers must be synchronous: process.kill is.
  process.on('exit', stopAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      stopAll();
      process.exit(code);
    });
  }
}
