import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadDatasetFiles } from '../data/load';
import { fileFetch } from './file-fetch';

describe('fileFetch', () => {
  const directory = mkdtempSync(join(tmpdir(), 'file-fetch-'));

  test('answers a file with its bytes and length, and a missing one with 404', async () => {
    writeFileSync(join(directory, 'a.bin'), new Uint8Array([1, 2, 3]));
    const found = await fileFetch(pathToFileURL(join(directory, 'a.bin')));
    expect(found.status).toBe(200);
    expect(found.headers.get('content-length')).toBe('3');
    expect(Array.from(new Uint8Array(await found.arrayBuffer()))).toEqual([1, 2, 3]);
    const missing = await fileFetch(pathToFileURL(join(directory, 'missing.bin')));
    expect(missing.status).toBe(404);
  });

  test("lets the app's loader report a missing dataset the way the page does", async () => {
    const manifest = pathToFileURL(join(directory, 'mnist-manifest.json'));
    await expect(loadDatasetFiles(manifest, () => {}, fileFetch as typeof fetch)).rejects.toMatchObject({
      name: 'DatasetError',
      code: 'http',
    });
  });

  test('refuses other schemes', async () => {
    await expect(fileFetch('http://example.com/x')).rejects.toThrow(TypeError);
  });
});
