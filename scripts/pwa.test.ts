import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, ViteDevServer } from 'vite';
import { describe, expect, test } from 'vitest';
import { PLAIN_WASM, SELF_REMOVING_SERVICE_WORKER, devServiceWorkerKiller, withoutPlainWasm } from './pwa';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: Connect.NextFunction) => void;

/** The middleware the plugin installs on a dev server. */
function installedMiddleware(): Middleware {
  const plugin = devServiceWorkerKiller();
  let installed: Middleware | null = null;
  const server = { middlewares: { use: (middleware: Middleware) => (installed = middleware) } };
  const hook = plugin.configureServer;
  if (typeof hook !== 'function') throw new Error('configureServer is not a function');
  void hook.call({} as never, server as unknown as ViteDevServer);
  if (!installed) throw new Error('no middleware installed');
  return installed;
}

function call(middleware: Middleware, url: string) {
  const headers: Record<string, string> = {};
  let body: string | null = null;
  let passedOn = false;
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    end: (text: string) => (body = text),
  };
  middleware({ url } as IncomingMessage, response as unknown as ServerResponse, () => (passedOn = true));
  return { headers, body: body as string | null, passedOn };
}

describe('devServiceWorkerKiller', () => {
  test('runs on the dev server only', () => {
    expect(devServiceWorkerKiller().apply).toBe('serve');
  });

  test('answers the service worker URL with an uncached script that unregisters itself and reloads the tabs', () => {
    const answer = call(installedMiddleware(), '/sw.js?v=1');
    expect(answer.passedOn).toBe(false);
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toBe(SELF_REMOVING_SERVICE_WORKER);
    expect(SELF_REMOVING_SERVICE_WORKER).toContain('self.skipWaiting()');
    expect(SELF_REMOVING_SERVICE_WORKER).toContain('self.registration');
    expect(SELF_REMOVING_SERVICE_WORKER).toContain('.unregister()');
    expect(SELF_REMOVING_SERVICE_WORKER).toContain('tab.navigate(tab.url)');
  });

  test('leaves every other URL to the dev server', () => {
    const middleware = installedMiddleware();
    for (const url of ['/', '/src/main.tsx', '/assets/sw.js', '/sw.jsx'])
      expect(call(middleware, url).passedOn).toBe(true);
  });
});

describe('the precache list', () => {
  test('keeps both SIMD wasm binaries and drops only the plain one (cached on use instead)', () => {
    const urls = [
      'assets/tfjs-backend-wasm-BIA8cDLW.wasm',
      'assets/tfjs-backend-wasm-simd-BrM3BlWr.wasm',
      'assets/tfjs-backend-wasm-threaded-simd-BLCcuiBu.wasm',
      'assets/trainer.worker-DzOEZsaz.js',
      'index.html',
    ];
    const { manifest } = withoutPlainWasm(urls.map((url) => ({ url, revision: null })));
    expect(manifest.map((entry) => entry.url)).toEqual(urls.filter((url) => url !== urls[0]));
    expect(PLAIN_WASM.test('http://127.0.0.1:4173/assets/tfjs-backend-wasm-a_b-c1D2.wasm')).toBe(true);
  });
});
