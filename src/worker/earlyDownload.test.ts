import { describe, expect, test } from 'vitest';
import type { DatasetFiles, LoadProgress } from '../data/load';
import { EarlyDownload } from './earlyDownload';

const URL_A = 'https://example.test/data/mnist-manifest.json';
const FILES = { labels: new Uint8Array(1) } as unknown as DatasetFiles;

/** A download whose progress and end the test drives. */
function controlledDownload() {
  let report: (progress: LoadProgress) => void = () => {};
  let finish: (files: DatasetFiles) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const calls: string[] = [];
  const download = (url: string, onProgress: (progress: LoadProgress) => void) => {
    calls.push(url);
    report = onProgress;
    return new Promise<DatasetFiles>((resolve, reject) => ((finish = resolve), (fail = reject)));
  };
  return {
    download,
    calls,
    report: (p: LoadProgress) => report(p),
    finish: (f: DatasetFiles) => finish(f),
    fail: (e: Error) => fail(e),
  };
}

describe('the download the worker entry starts before init', () => {
  test('is taken over once, for its URL, with the latest progress at once and the rest as it comes', async () => {
    const control = controlledDownload();
    const early = new EarlyDownload(URL_A, control.download);
    control.report({ loadedBytes: 0, totalBytes: 100 });
    control.report({ loadedBytes: 40, totalBytes: 100 });
    expect(early.take('https://example.test/other.json', () => {})).toBeNull();
    const seen: number[] = [];
    const files = early.take(URL_A, (progress) => seen.push(progress.loadedBytes));
    expect(files).not.toBeNull();
    expect(early.take(URL_A, () => {})).toBeNull();
    control.report({ loadedBytes: 100, totalBytes: 100 });
    control.finish(FILES);
    await expect(files).resolves.toBe(FILES);
    expect(seen).toEqual([40, 100]);
    expect(control.calls).toEqual([URL_A]);
  });

  test('says when the files were requested, or that it failed before', async () => {
    const started = controlledDownload();
    const early = new EarlyDownload(URL_A, started.download);
    let requested = false;
    void early.requested.then(() => (requested = true));
    await Promise.resolve();
    expect(requested).toBe(false);
    started.report({ loadedBytes: 0, totalBytes: 100 });
    await early.requested;

    const offline = controlledDownload();
    const failing = new EarlyDownload(URL_A, offline.download);
    offline.fail(new Error('offline'));
    await failing.requested;
    // The failure waits, unhandled by nobody, for whoever takes the download over.
    await expect(failing.take(URL_A, () => {})).rejects.toThrow('offline');
  });
});
