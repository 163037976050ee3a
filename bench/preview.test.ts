/**
 * The benchmarks' server must stop with everything it started — on stop(), on Ctrl-C and on
 * an exit — including grandchildren (npx's child once outlived a kill of npx). A stand-in
 * server (a Node HTTP server that also starts a `sleep`) takes vite's place.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startServer, type ServerCommand } from './preview';

const PREVIEW = fileURLToPath(new URL('./preview.ts', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A server that answers its own pid and its child's: `{"server":…,"child":…}`. */
function standIn(port: number): ServerCommand {
  const script = `
    const { spawn } = require('node:child_process');
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    require('node:http').createServer((_, res) => res.end(JSON.stringify({ server: process.pid, child: child.pid }))).listen(${port}, '127.0.0.1');`;
  return { command: process.execPath, args: ['-e', script], readyUrl: `http://127.0.0.1:${port}/`, timeoutMs: 10_000 };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pids: number[]): Promise<boolean> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (pids.every((pid) => !alive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Runs a harness process that starts the stand-in and then ends as `ending` says; returns the pids it started. */
async function harness(
  ending: 'wait' | 'exit' | 'throw',
): Promise<{ pids: number[]; exit: Promise<number | null>; kill(): void }> {
  const port = await freePort();
  const code = `
    const { startServer } = await import(${JSON.stringify(PREVIEW)});
    const server = await startServer(${JSON.stringify(standIn(port))});
    const pids = await (await fetch(server.url)).json();
    console.log(JSON.stringify(pids));
    if (${JSON.stringify(ending)} === 'exit') setTimeout(() => process.exit(1), 100);
    else if (${JSON.stringify(ending)} === 'throw') setTimeout(() => { throw new Error('harness failed'); }, 100);
    else setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { server, child: grandchild } = JSON.parse(line.toString()) as { server: number; child: number };
  return { pids: [server, grandchild], exit, kill: () => child.kill('SIGINT') };
}

describe('the benchmark server', () => {
  test('stop() ends the server and its children, and stopping twice is harmless', async () => {
    const server = await startServer(standIn(await freePort()));
    const { server: pid, child } = (await (await fetch(server.url)).json()) as { server: number; child: number };
    expect(alive(child)).toBe(true);
    server.stop();
    server.stop();
    expect(await gone([pid, child])).toBe(true);
  });

  test.concurrent.each(['wait', 'exit', 'throw'] as const)(
    'a harness that ends by %s leaves nothing running',
    async (ending) => {
      const run = await harness(ending);
      if (ending === 'wait') run.kill();
      const status = await run.exit;
      expect(status).toBe(ending === 'wait' ? 130 : 1);
      expect(await gone(run.pids)).toBe(true);
    },
  );
});
