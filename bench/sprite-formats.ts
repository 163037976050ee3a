/**
 * `npm run bench:sprite`: the two ways to ship the digits compressed, measured in a worker of
 * headless Chromium as the app would decode them:
 *   gzip  the 784 × 70,000 PGM gzipped (what scripts/build-dataset.ts writes), streamed
 *         through DecompressionStream into one buffer;
 *   png   the same pixels as an 8-bit grayscale PNG (filter None: MNIST compresses worse with
 *         PNG's row filters), decoded with createImageBitmap and read back through an
 *         OffscreenCanvas in 10,000-row slices (getImageData gives RGBA; the red channel is kept).
 * For each: bytes to download, decode time (bytes in memory → pixels in a Uint8Array), and the
 * peak resident memory the browser's processes add while decoding (sampled from /proc every
 * 10 ms). Both results are checked to be the same pixels. Prints figures; asserts nothing.
 *
 *   npm run bench:sprite -- [--runs 3]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { constants as zlibConstants, crc32, deflateSync, gunzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium';

const WIDTH = 784;
const SPRITE_GZ = 'public/data/mnist-sprite.pgm.gzip';

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit grayscale PNG, every row with filter None, deflated as hard as the gzip file. */
function encodeGrayPng(pixels: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width + 1) * height);
  for (let row = 0; row < height; row++)
    rows.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  const idat = deflateSync(rows, { level: 9, memLevel: zlibConstants.Z_MAX_MEMLEVEL });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array()),
  ]);
}

/** Runs in the worker: decodes one format from bytes already in memory; returns ms and a checksum. */
const WORKER_SCRIPT = `
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
async function gzip(bytes, pixelCount) {
  const out = new Uint8Array(pixelCount + 64);
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let offset = 0;
  for (;;) { const { done, value } = await reader.read(); if (done) break; out.set(value, offset); offset += value.length; }
  return out.subarray(offset - pixelCount, offset); // after the PGM header
}
async function png(bytes, pixelCount, width) {
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const out = new Uint8Array(pixelCount);
  const slice = 10000;
  const canvas = new OffscreenCanvas(width, slice);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  for (let top = 0; top < bitmap.height; top += slice) {
    const rows = Math.min(slice, bitmap.height - top);
    context.clearRect(0, 0, width, slice);
    context.drawImage(bitmap, 0, top, width, rows, 0, 0, width, rows);
    const rgba = context.getImageData(0, 0, width, rows).data;
    for (let i = 0, p = top * width; i < rows * width; i++, p++) out[p] = rgba[4 * i];
  }
  bitmap.close();
  return out;
}
onmessage = async ({ data }) => {
  const bytes = await (await fetch(data.url)).arrayBuffer();
  const start = performance.now();
  const pixels = data.format === 'gzip' ? await gzip(bytes, data.pixelCount) : await png(bytes, data.pixelCount, data.width);
  const ms = performance.now() - start;
  postMessage({ ms, sha256: hex(await crypto.subtle.digest('SHA-256', pixels)) });
};
`;

const PAGE = `<!doctype html><script>
window.decode = (request) => new Promise((resolve, reject) => {
  const worker = new Worker('/worker.js');
  worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage(request);
});
</script>`;

/** Resident memory of the browser and all its child processes, in bytes. */
function browserRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(pid, Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface Measurement {
  ms: number;
  peakBytes: number;
  sha256: string;
}

async function measure(
  browser: Browser,
  rootPid: number,
  base: string,
  format: 'gzip' | 'png',
  pixelCount: number,
): Promise<Measurement> {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/`);
    await new Promise((done) => setTimeout(done, 500));
    const before = browserRss(rootPid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, browserRss(rootPid))), 10);
    const result = await page.evaluate(
      (request) =>
        (window as unknown as { decode(r: unknown): Promise<{ ms: number; sha256: string }> }).decode(request),
      { url: `/sprite.${format === 'gzip' ? 'pgm.gz' : 'png'}`, format, pixelCount, width: WIDTH },
    );
    clearInterval(sampler);
    return { ms: result.ms, peakBytes: peak - before, sha256: result.sha256 };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const gz = readFileSync(SPRITE_GZ);
  const pgm = gunzipSync(gz);
  const pixelCount = pgm.length - 17; // "P5\n784 70000\n255\n"
  const height = pixelCount / WIDTH;
  console.error(`encoding the PNG (zlib level 9, as the gzip file)…`);
  const png = encodeGrayPng(pgm.subarray(17), WIDTH, height);
  const files: Record<string, [Buffer | string, string]> = {
    '/': [PAGE, 'text/html'],
    '/worker.js': [WORKER_SCRIPT, 'text/javascript'],
    '/sprite.pgm.gz': [gz, 'application/gzip'],
    '/sprite.png': [png, 'image/png'],
  };
  const server: Server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': file[1] }).end(file[0]);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  const rootPid = (browser as unknown as { process?: () => { pid?: number } }).process?.()?.pid;
  try {
    if (rootPid === undefined) throw new Error('no browser process id to sample memory from');
    console.log(
      `load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
    const rows: string[] = [];
    const checksums = new Set<string>();
    for (let run = 1; run <= Number(values.runs); run++) {
      for (const format of ['gzip', 'png'] as const) {
        const result = await measure(browser, rootPid, base, format, pixelCount);
        checksums.add(result.sha256);
        const bytes = format === 'gzip' ? gz.length : png.length;
        rows.push(
          `| ${format} | ${run} | ${(bytes / 1e6).toFixed(2)} | ${result.ms.toFixed(0)} | ${(result.peakBytes / 1e6).toFixed(0)} |`,
        );
      }
    }
    console.log(
      [
        '| format | run | MB to download | decode ms | peak memory added, MB |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
    console.log(checksums.size === 1 ? 'Both decode to the same pixels.' : `MISMATCH: ${[...checksums].join(', ')}`);
    console.log(
      `load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
