/**
 * Where your digits live: IndexedDB database `densenet-trainer-digits`, object store `digits`,
 * one record per digit. Only the worker opens it: it is the one thread that trains on the
 * digits, so one owner writes them and the UI learns the list from its events. A database of
 * its own keeps the digits independent of checkpoints: Start over and Train delete the run's
 * checkpoint, never your digits.
 *
 * Every fifth digit of a class is held out: fine-tuning never trains on it, so accuracy on
 * it says how well the fine-tune carries over to digits it did not see. The role is fixed when
 * the digit is stored, so a later Teach cannot train on a digit an earlier one measured with.
 */
import { DIGIT_BYTES, type DigitSample } from './digitFile';

/** One stored digit. */
export interface StoredDigit {
  /** Assigned by the store, increasing. */
  id: number;
  /** 0–9. */
  label: number;
  /** 784 bytes, row-major 28×28, 0–255 ink. */
  pixels: Uint8Array;
  heldOut: boolean;
  /** ms since 1970. */
  addedAt: number;
}

export interface DigitStore {
  /** Every stored digit, oldest first. Throws when the database cannot be read. */
  list(): Promise<StoredDigit[]>;
  /**
   * Stores `samples` in one transaction (all or none), giving each without a role one by the
   * hold-out rule, and returns the stored records.
   */
  add(samples: readonly DigitSample[]): Promise<StoredDigit[]>;
  /** Deletes one digit; an unknown id is not an error. */
  remove(id: number): Promise<void>;
}

/** One digit in this many of each class is held out. */
export const HOLD_OUT_EVERY = 5;

export const DIGITS_DB = 'densenet-trainer-digits';
export const DIGITS_OBJECT_STORE = 'digits';

/**
 * Roles for new digits: within each class, a digit is held out when fewer than one in
 * `HOLD_OUT_EVERY` of the class (counting it) would be otherwise. Samples that carry a role keep it.
 */
export function assignRoles(
  existing: readonly Pick<StoredDigit, 'label' | 'heldOut'>[],
  samples: readonly DigitSample[],
) {
  const count = new Array<number>(10).fill(0);
  const heldOut = new Array<number>(10).fill(0);
  const tally = (label: number, held: boolean) => {
    count[label]!++;
    if (held) heldOut[label]!++;
  };
  for (const digit of existing) tally(digit.label, digit.heldOut);
  return samples.map((sample) => {
    const held = sample.heldOut ?? heldOut[sample.label]! < Math.floor((count[sample.label]! + 1) / HOLD_OUT_EVERY);
    tally(sample.label, held);
    return { label: sample.label, pixels: sample.pixels, heldOut: held };
  });
}

/** `samples` less those already stored (same label and pixels) and repeats within them. */
export function withoutDuplicates(existing: readonly StoredDigit[], samples: readonly DigitSample[]): DigitSample[] {
  const key = (digit: { label: number; pixels: Uint8Array }) => `${digit.label}:${digit.pixels.join(',')}`;
  const seen = new Set(existing.map(key));
  return samples.filter((sample) => {
    const k = key(sample);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function indexedDbDigitStore(factory: IDBFactory = indexedDB): DigitStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => (opened ??= openDatabase(factory));
  const transact = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => () => T): Promise<T> => {
    const transaction = (await db()).transaction(DIGITS_OBJECT_STORE, mode, { durability: 'strict' });
    const result = action(transaction.objectStore(DIGITS_OBJECT_STORE));
    // Resolve on commit, not on a request's success: only then is the write durable.
    return new Promise<T>((resolve, reject) => {
      transaction.oncomplete = () => {
        try {
          resolve(result());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      transaction.onabort = () => reject(transaction.error ?? new Error('The IndexedDB transaction was aborted.'));
    });
  };
  return {
    list: () =>
      transact('readonly', (store) => {
        const request = store.getAll();
        return () => (request.result as unknown[]).map(checkRecord);
      }),
    // Reading the class counts and adding happen in one transaction, so two quick adds
    // cannot both take the hold-out slot.
    add: (samples) =>
      transact('readwrite', (store) => {
        const addedAt = Date.now();
        const added: StoredDigit[] = [];
        const existing = store.getAll();
        existing.onsuccess = () => {
          const records = assignRoles((existing.result as unknown[]).map(checkRecord), samples).map((role) => ({
            ...role,
            addedAt,
          }));
          // Requests succeed in the order they were made, so `added` keeps the samples' order.
          for (const record of records) {
            const request = store.add(record);
            request.onsuccess = () => added.push({ ...record, id: request.result as number });
          }
        };
        return () => added;
      }),
    remove: (id) => transact('readwrite', (store) => (store.delete(id), () => undefined)),
  };
}

/** An in-memory store with IndexedDB's copy semantics, for tests and for Node. */
export function memoryDigitStore(): DigitStore {
  let digits: StoredDigit[] = [];
  let nextId = 1;
  return {
    list: async () => structuredClone(digits),
    add: async (samples) => {
      const added = assignRoles(digits, samples).map((role) => ({ ...role, id: nextId++, addedAt: Date.now() }));
      digits = [...digits, ...added];
      return structuredClone(added);
    },
    remove: async (id) => {
      digits = digits.filter((digit) => digit.id !== id);
    },
  };
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DIGITS_DB, 1);
    request.onupgradeneeded = () =>
      request.result.createObjectStore(DIGITS_OBJECT_STORE, { keyPath: 'id', autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab holding an older version open.'));
  });
}

/** A stored value is only trusted after its shape is checked: storage outlives code versions. */
function checkRecord(value: unknown): StoredDigit {
  const record = value as Partial<StoredDigit> | null;
  const ok =
    typeof record?.id === 'number' &&
    typeof record.label === 'number' &&
    record.label >= 0 &&
    record.label <= 9 &&
    record.pixels instanceof Uint8Array &&
    record.pixels.length === DIGIT_BYTES &&
    typeof record.heldOut === 'boolean';
  if (!ok) throw new Error('a stored digit is not in the expected shape');
  return record as StoredDigit;
}
