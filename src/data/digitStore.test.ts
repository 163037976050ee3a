import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { DIGIT_BYTES, type DigitSample } from './digitFile';
import {
  assignRoles,
  DIGITS_DB,
  HOLD_OUT_EVERY,
  indexedDbDigitStore,
  memoryDigitStore,
  withoutDuplicates,
  type DigitStore,
} from './digitStore';

const sample = (label: number, seed = label, heldOut?: boolean): DigitSample => ({
  label,
  pixels: Uint8Array.from({ length: DIGIT_BYTES }, (_, i) => (i + seed * 13) % 256),
  ...(heldOut === undefined ? {} : { heldOut }),
});

const stores: [string, () => DigitStore][] = [
  ['IndexedDB', () => indexedDbDigitStore(new IDBFactory())],
  ['memory', memoryDigitStore],
];

describe.each(stores)('the %s digit store', (_, makeStore) => {
  test('adds, lists oldest first and deletes; records keep label, pixels and role', async () => {
    const store = makeStore();
    expect(await store.list()).toEqual([]);
    const added = await store.add([sample(7, 1), sample(3, 2, true)]);
    expect(added.map((digit) => [digit.label, digit.heldOut])).toEqual([
      [7, false],
      [3, true],
    ]);
    expect(added[1]!.id).toBeGreaterThan(added[0]!.id);
    expect(added[0]!.pixels).toEqual(sample(7, 1).pixels);
    expect(await store.list()).toEqual(added);
    await store.remove(added[0]!.id);
    expect(await store.list()).toEqual([added[1]]);
    await store.remove(12345);
    expect(await store.list()).toEqual([added[1]]);
  });

  test('holds out every fifth digit of each class, counting what is already stored', async () => {
    const store = makeStore();
    for (let i = 0; i < 4; i++) await store.add([sample(2, i)]);
    const fifth = await store.add([sample(2, 4), sample(5, 0)]);
    expect(fifth.map((digit) => digit.heldOut)).toEqual([true, false]);
    const roles = (await store.list()).filter((digit) => digit.label === 2).map((digit) => digit.heldOut);
    expect(roles).toEqual([false, false, false, false, true]);
  });
});

describe('the IndexedDB digit store', () => {
  test('keeps digits across openings of the database', async () => {
    const factory = new IDBFactory();
    await indexedDbDigitStore(factory).add([sample(4), sample(9)]);
    const reopened = await indexedDbDigitStore(factory).list();
    expect(reopened.map((digit) => digit.label)).toEqual([4, 9]);
  });

  test('stores all of a batch or none of it', async () => {
    const factory = new IDBFactory();
    const store = indexedDbDigitStore(factory);
    await store.add([sample(1)]);
    // A value IndexedDB cannot clone fails the third add; the first two must not stay.
    const unclonable = { ...sample(6), pixels: (() => undefined) as unknown as Uint8Array };
    await expect(store.add([sample(2), sample(3), unclonable])).rejects.toThrow();
    expect((await store.list()).map((digit) => digit.label)).toEqual([1]);
  });

  test('a record that is not a digit is reported, not returned', async () => {
    const factory = new IDBFactory();
    await indexedDbDigitStore(factory).add([sample(1)]);
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(DIGITS_DB, 1);
      request.onsuccess = () => {
        const transaction = request.result.transaction('digits', 'readwrite');
        transaction.objectStore('digits').put({ id: 99, label: 'seven' });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      };
    });
    await expect(indexedDbDigitStore(factory).list()).rejects.toThrow(/not in the expected shape/);
  });
});

describe('roles and duplicates', () => {
  test(`one in ${HOLD_OUT_EVERY} of each class is held out; a role from a file is kept`, () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i % 2, i));
    const roles = assignRoles([], samples);
    expect(roles.filter((role) => role.label === 0 && role.heldOut)).toHaveLength(1);
    expect(roles.filter((role) => role.label === 1 && role.heldOut)).toHaveLength(1);
    expect(roles.map((role) => role.heldOut)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(assignRoles([], [sample(3, 0, true), sample(3, 1, false)]).map((role) => role.heldOut)).toEqual([
      true,
      false,
    ]);
  });

  test('digits already stored (same label and pixels) and repeats are dropped', () => {
    const stored = [{ ...sample(5, 1), id: 1, heldOut: false, addedAt: 0 }];
    const fresh = withoutDuplicates(stored, [sample(5, 1), sample(6, 1), sample(5, 2), sample(5, 2)]);
    expect(fresh).toEqual([sample(6, 1), sample(5, 2)]);
  });
});
