/**
 * A reverse proxy on 127.0.0.1 in front of the preview server, for what the browser cannot
 * tell reliably: every byte that crossed the network, from the page, its worker and its
 * service worker alike (the service worker's fetches are invisible to `page.route`), and a
 * throttled link (the bench: CDP network emulation set on the page does not reach the worker
 * or the service worker). It can also stand in for a new deployment by rewriting responses.
 */
import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One response that went through the proxy. */
export interface ProxiedResponse {
  path: string;
  status: number;
  /** Body bytes as sent on the wire (compressed where the server compressed them). */
  bodyBytes: number;
  /** Status line and headers, approximately as sent. */
  headerBytes: number;
  /** When the request arrived and when its last byte was sent, ms since the Unix epoch. */
  requestedAt: number;
  finishedAt: number;
}

/** A shared link: `bitsPerSecond` across all connections, `latencyMs` before each response starts. */
export interface Throttle {
  bitsPerSecond: number;
  latencyMs: number;
}

/** Rewrites a response body (plain text: the proxy asks the server not to compress these). */
export type Rewrite = (path: string, body: string) => string;

export interface Proxy {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything served so far, in order of completion. */
  readonly log: ProxiedResponse[];
  /** Rewrites the paths it accepts from now on (null: serve as the server does). */
  setRewrite(paths: RegExp | null, rewrite?: Rewrite): void;
  close(): Promise<void>;
}

const CHUNK = 16 * 1024;

/** A token bucket shared by all responses: each chunk waits until the link has sent the ones before it. */
class Link {
  private freeAt = 0;
  constructor(private readonly bytesPerMs: number) {}

  /** Resolves when `bytes` more have crossed the link. */
  send(bytes: number): Promise<void> {
    const now = performance.now();
    this.freeAt = Math.max(this.freeAt, now) + bytes / this.bytesPerMs;
    return new Promise((resolve) => setTimeout(resolve, this.freeAt - now));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function headerSize(response: IncomingMessage): number {
  const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage}`];
  for (let i = 0; i < response.rawHeaders.length; i += 2)
    lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  return Buffer.byteLength(`${lines.join('\r\n')}\r\n\r\n`);
}

/** Starts a proxy to `target` (e.g. the suite's baseURL). */
export async function startProxy(target: string, throttle?: Throttle): Promise<Proxy> {
  const upstream = new URL(target);
  const link = throttle ? new Link(throttle.bitsPerSecond / 8 / 1000) : null;
  const log: ProxiedResponse[] = [];
  let rewritten: { paths: RegExp; rewrite: Rewrite } | null = null;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const path = incoming.url ?? '/';
    const requestedAt = Date.now();
    const rewrite = rewritten && rewritten.paths.test(path.split('?')[0] ?? path) ? rewritten.rewrite : null;
    const headers = { ...incoming.headers, host: upstream.host };
    if (rewrite) delete headers['accept-encoding'];
    const proxied = httpRequest(
      { host: upstream.hostname, port: upstream.port, path, method: incoming.method, headers },
      (response) => void relay(path, requestedAt, response, outgoing, rewrite),
    );
    proxied.on('error', () => outgoing.destroy());
    incoming.pipe(proxied);
  };

  const relay = async (
    path: string,
    requestedAt: number,
    response: IncomingMessage,
    outgoing: ServerResponse,
    rewrite: Rewrite | null,
  ) => {
    if (throttle) await sleep(throttle.latencyMs);
    let body: Buffer | null = null;
    const headers = { ...response.headers };
    if (rewrite) {
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      try {
        body = Buffer.from(rewrite(path, Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        // A rewrite that cannot apply is a broken test setup: answer 500 so it shows.
        outgoing.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
        log.push({ path, status: 500, bodyBytes: 0, headerBytes: 0, requestedAt, finishedAt: Date.now() });
        return;
      }
      headers['content-length'] = String(body.length);
      delete headers.etag; // the rewritten file is another file
    }
    outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, headers);
    let bodyBytes = 0;
    const source: Iterable<Buffer> | AsyncIterable<Buffer> = body ? [body] : (response as AsyncIterable<Buffer>);
    try {
      for await (const data of source) {
        for (let offset = 0; offset < data.length; offset += CHUNK) {
          const piece = data.subarray(offset, offset + CHUNK);
          if (link) await link.send(piece.length);
          bodyBytes += piece.length;
          if (!outgoing.write(piece)) await new Promise((resolve) => outgoing.once('drain', resolve));
        }
      }
      outgoing.end();
    } catch {
      outgoing.destroy();
    }
    log.push({
      path,
      status: response.statusCode ?? 0,
      bodyBytes,
      headerBytes: headerSize(response),
      requestedAt,
      finishedAt: Date.now(),
    });
  };

  const server: Server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setRewrite: (paths, rewrite) => {
      rewritten = paths && rewrite ? { paths, rewrite } : null;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
