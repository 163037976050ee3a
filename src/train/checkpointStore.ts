/**
 * Where checkpoints live: IndexedDB database `densenet-trainer`, object store `checkpoints`,
 * one record under the key `current`. A save is one `put` in one transaction with strict
 * durability, so a reader sees the previous checkpoint or the new one, never half of one,
 * even if the tab dies mid-write. Runs in the worker (IndexedDB needs no DOM).
 */
import { CHECKPOINT_FORMAT, type CheckpointRecord } from './checkpoint';

export interface CheckpointStore {
  /** The stored checkpoint, or null when there is none. Throws when one exists but cannot be read. */
  load(): Promise<CheckpointRecord | null>;
  /** Replaces the stored checkpoint atomically. Rejects (e.g. QuotaExceededError) leaving the old one. */
  save(record: CheckpointRecord): Promise<void>;
  clear(): Promise<void>;
}

export const CHECKPOINT_DB = 'densenet-trainer';
export const CHECKPOINT_OBJECT_STORE = 'checkpoints';
export const CHECKPOINT_KEY = 'current';

export function indexedDbStore(factory: IDBFactory = indexedDB): CheckpointStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => (opened ??= openDatabase(factory));
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await db();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(CHECKPOINT_OBJECT_STORE, mode, { durability: 'strict' });
      const request = action(transaction.objectStore(CHECKPOINT_OBJECT_STORE));
      // Resolve on commit, not on the request's success: only then is the write durable.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onabort = () =>
        reject(transaction.error ?? request.error ?? new Error('The IndexedDB transaction was aborted.'));
    });
  };
  return {
    load: async () => {
      const value: unknown = await run('readonly', (store) => store.get(CHECKPOINT_KEY));
      if (value === undefined) return null;
      return checkRecord(value);
    },
    save: async (record) => {
      await run('readwrite', (store) => store.put(record, CHECKPOINT_KEY));
    },
    clear: async () => {
      await run('readwrite', (store) => store.delete(CHECKPOINT_KEY));
    },
  };
}

/** An in-memory store with IndexedDB's copy semantics (structured clone), for tests. */
export function memoryStore(): CheckpointStore & { saves: number } {
  let stored: CheckpointRecord | null = null;
  const store = {
    saves: 0,
    load: async () => (stored ? structuredClone(stored) : null),
    save: async (record: CheckpointRecord) => {
      stored = structuredClone(record);
      store.saves++;
    },
    clear: async () => {
      stored = null;
    },
  };
  return store;
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(CHECKPOINT_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(CHECKPOINT_OBJECT_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab holding an older version open.'));
  });
}

/** A stored value is only trusted after its shape is checked: storage outlives code versions. */
function checkRecord(value: unknown): CheckpointRecord {
  const record = value as Partial<CheckpointRecord> | null;
  if (!record || typeof record !== 'object' || record.format !== CHECKPOINT_FORMAT) {
    throw new Error(`the stored checkpoint is not in the format ${CHECKPOINT_FORMAT}`);
  }
  const complete =
    record.model?.weightData instanceof ArrayBuffer &&
    record.optimizer?.weightData instanceof ArrayBuffer &&
    Array.isArray(record.history?.epochs) &&
    typeof record.position?.epoch === 'number' &&
    typeof record.run?.epochs === 'number';
  if (!complete) throw new Error('the stored checkpoint is incomplete');
  return record as CheckpointRecord;
}
