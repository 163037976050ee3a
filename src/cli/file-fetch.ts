/**
 * `fetch` for file:// URLs, so the app's dataset loader (src/data/load.ts: size and SHA-256
 * checks, the same error messages) reads the generated files from disk in Node, whose own
 * fetch has no file: scheme. A missing file answers 404 as a static server would.
 */
import { readFile } from 'node:fs/promises';

export async function fileFetch(input: string | URL | Request): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.protocol !== 'file:') throw new TypeError(`fileFetch reads file:// URLs only; got ${url.href}`);
  try {
    const bytes = await readFile(url);
    return new Response(bytes, { status: 200, headers: { 'content-length': String(bytes.byteLength) } });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return new Response('Not Found', { status: 404, statusText: 'Not Found' });
    throw error;
  }
}
