/**
 * The built app's Content-Security-Policy, as a Vite plugin:
 * - `vite build` writes it into index.html as a <meta http-equiv> (so any static host serving
 *   dist/ enforces it on the page);
 * - `vite preview` also sends it as a header on every response, which is what reaches the
 *   worker: a dedicated worker takes its policy from its own script's response, not the page's.
 * The dev server is left without one: Vite's hot reload injects inline scripts.
 *
 * No eval and no inline script anywhere; scripts, workers, data and styles only from the
 * app's own origin. WebAssembly compilation needs 'wasm-unsafe-eval' (it allows compiling
 * wasm, not evaluating strings as JavaScript) for the wasm backend.
 */
import type { Plugin } from 'vite';

const DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self'",
  'connect-src': "'self'",
  // data: for the inline favicon; blob: for the model download links.
  'img-src': "'self' data: blob:",
  'style-src': "'self'",
  'font-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

/** Directives a <meta> policy cannot carry (browsers ignore them there, with a console warning). */
const HEADER_ONLY: Record<string, string> = { 'frame-ancestors': "'none'" };

const join = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/** The policy in index.html's <meta>. */
export const CONTENT_SECURITY_POLICY = join(DIRECTIVES);
/** The policy sent as a header by `vite preview` (the meta policy plus header-only directives). */
export const CONTENT_SECURITY_POLICY_HEADER = join({ ...DIRECTIVES, ...HEADER_ONLY });
/**
 * The training worker's own policy: the same, except that it may start blob: workers and
 * those may load blob: scripts. The wasm backend's threaded build starts each of its pthreads
 * from a Blob holding its own glue code (tfjs-backend-wasm 4.22 embeds it), and a blob worker
 * inherits its creator's policy; without this the worker gets no threads. The page itself
 * still cannot start a worker from a blob, and no policy allows eval.
 */
export const WORKER_CONTENT_SECURITY_POLICY_HEADER = join({
  ...DIRECTIVES,
  ...HEADER_ONLY,
  'script-src': "'self' 'wasm-unsafe-eval' blob:",
  'worker-src': "'self' blob:",
});

/** The built training worker's script, e.g. /assets/trainer.worker-CHSbZvj3.js. */
const WORKER_SCRIPT = /\/assets\/trainer\.worker-[\w-]+\.js(\?|$)/;

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) =>
        context.server
          ? html
          : [
              {
                tag: 'meta',
                attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
                injectTo: 'head-prepend',
              },
            ],
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const forWorker = WORKER_SCRIPT.test(request.url ?? '');
        response.setHeader(
          'Content-Security-Policy',
          forWorker ? WORKER_CONTENT_SECURITY_POLICY_HEADER : CONTENT_SECURITY_POLICY_HEADER,
        );
        next();
      });
    },
  };
}
