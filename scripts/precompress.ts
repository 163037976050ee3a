/**
 * Brotli for the app's own files, as production static hosts send them (Netlify and
 * Cloudflare Pages compress JS, CSS, HTML and wasm on the fly): `vite build` writes a `.br`
 * beside each such file in dist/, and `vite preview` sends it to browsers that accept br.
 * Vite's preview only gzips text, and not wasm at all: 1.2 MB of wasm went out raw on every
 * first visit. The dataset is gzip already and is left alone; the service worker precaches
 * the originals (the browser decodes before the cache sees them).
 */
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompress, constants as zlibConstants } from 'node:zlib';
import { promisify } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

const compress = promisify(brotliCompress);

/** What gets a .br sibling, and the Content-Type preview sends for it. */
const COMPRESSIBLE: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

async function* filesUnder(directory: string): AsyncGenerator<string> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'data') yield* filesUnder(path);
    } else if (entry.name in COMPRESSIBLE || extname(entry.name) in COMPRESSIBLE) yield path;
  }
}

/**
 * Brotli quality: the best (11) unless `BROTLI_QUALITY` says otherwise. The e2e build asks for
 * 5: the best costs ~8 s a build here for ~0.1 MB, which only the first-visit bench measures.
 */
function brotliQuality(): number {
  const quality = Number(process.env.BROTLI_QUALITY ?? zlibConstants.BROTLI_MAX_QUALITY);
  return Number.isInteger(quality) && quality >= 0 && quality <= 11 ? quality : zlibConstants.BROTLI_MAX_QUALITY;
}

/** Writes `<file>.br` beside every compressible file under `outDir`. */
export async function writeBrotliSiblings(outDir: string): Promise<number> {
  let written = 0;
  for await (const file of filesUnder(outDir)) {
    const contents = await readFile(file);
    const brotli = await compress(contents, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: brotliQuality(),
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: contents.length,
      },
    });
    if (brotli.length < contents.length) {
      await writeFile(`${file}.br`, brotli);
      written++;
    }
  }
  return written;
}

/** Whether the request accepts brotli (`br` in Accept-Encoding, without q=0). */
export function acceptsBrotli(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((coding) => {
    const [name, ...params] = coding.trim().split(';');
    return name?.trim() === 'br' && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}

export function precompressedAssets(headers: Record<string, string>): Plugin {
  let outDir = 'dist';
  return {
    name: 'precompressed-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the service worker and its manifest are written (vite-plugin-pwa's closeBundle).
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        await writeBrotliSiblings(outDir);
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://preview').pathname);
        const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
        if (!file.startsWith(outDir + sep)) return next();
        if (path.startsWith('/data/') && path.endsWith('.gzip'))
          // As stored: vite preview's compression middleware gzips any response without a
          // Content-Type, and sirv sets none for `.gzip`, so the browser would decode the file
          // before the app could check its SHA-256. `application/gzip` is a type it leaves alone.
          return sendStored(request, response, next, file, headers, { 'Content-Type': 'application/gzip' });
        const type = COMPRESSIBLE[extname(file)];
        if (!type || !acceptsBrotli(request.headers['accept-encoding'])) return next();
        sendStored(request, response, next, `${file}.br`, headers, {
          'Content-Type': type,
          'Content-Encoding': 'br',
          Vary: 'Accept-Encoding',
        });
      });
    },
  };
}

/**
 * Sends `path` with `headers` and `typeHeaders`, or calls `next` when there is no such file.
 * The ETag is a validator, so the service worker's precache fetch of a file the page already
 * loaded is a 304, not a second download.
 */
function sendStored(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
  path: string,
  headers: Record<string, string>,
  typeHeaders: Record<string, string>,
): void {
  stat(path).then(
    (info) => {
      const etag = `W/"${typeHeaders['Content-Encoding'] ?? 'id'}-${info.size}-${Math.round(info.mtimeMs)}"`;
      for (const [name, value] of Object.entries({ ...headers, ...typeHeaders })) response.setHeader(name, value);
      response.setHeader('ETag', etag);
      response.setHeader('Cache-Control', 'no-cache');
      if (request.headers['if-none-match'] === etag) {
        response.statusCode = 304;
        response.end();
        return;
      }
      response.setHeader('Content-Length', info.size);
      if (request.method === 'HEAD') response.end();
      else createReadStream(path).pipe(response);
    },
    () => next(),
  );
}
