/**
 * Page object for the offline parts of the app: the storage panel, the update prompt, and
 * what the page can read of its service worker and Cache Storage.
 */
import type { Locator, Page } from '@playwright/test';

/** The service worker's dataset cache and the file in it that tests corrupt (src/shared/offline.ts). */
export const DATASET_CACHE = 'mnist-data';
export const SPRITE_PATH = '/data/mnist-sprite.pgm.gzip';

export class OfflinePanel {
  readonly storedDigits: Locator;
  readonly storedApp: Locator;
  readonly storedCheckpoints: Locator;
  readonly persistence: Locator;
  readonly deleteDigitsButton: Locator;
  readonly updatePrompt: Locator;
  readonly updateReloadButton: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string) => page.getByTestId(testId);
    this.storedDigits = id('storage-digits');
    this.storedApp = id('storage-app');
    this.storedCheckpoints = id('storage-checkpoints');
    this.persistence = id('storage-persistence');
    this.deleteDigitsButton = id('delete-digits');
    this.updatePrompt = id('update-prompt');
    this.updateReloadButton = id('update-reload');
  }

  /** Waits until the service worker controls the page (a first visit's install, then clients.claim). */
  async waitUntilControlled(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }

  /** Bytes of the sprite stored in the dataset cache (0 when absent). */
  async storedSpriteBytes(): Promise<number> {
    return this.page.evaluate(
      async ([cacheName, path]) => {
        const response = await (await caches.open(cacheName)).match(new URL(path, location.href).href);
        return response ? (await response.arrayBuffer()).byteLength : 0;
      },
      [DATASET_CACHE, SPRITE_PATH] as const,
    );
  }

  /** Flips one byte in the middle of the stored sprite, keeping its size and headers: a corrupt cached copy. */
  async corruptStoredSprite(): Promise<void> {
    await this.page.evaluate(
      async ([cacheName, path]) => {
        const cache = await caches.open(cacheName);
        const url = new URL(path, location.href).href;
        const stored = await cache.match(url);
        if (!stored) throw new Error(`no stored ${path}`);
        const bytes = new Uint8Array(await stored.arrayBuffer());
        const middle = bytes.length >> 1;
        bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
        await cache.put(url, new Response(bytes, { status: 200, headers: stored.headers }));
      },
      [DATASET_CACHE, SPRITE_PATH] as const,
    );
  }

  /** Asks the browser to check for a new service worker now (it would on the next navigation). */
  async checkForUpdate(): Promise<void> {
    await this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
  }
}
