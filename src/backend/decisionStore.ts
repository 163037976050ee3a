/**
 * Where backend decisions live between visits: IndexedDB database `densenet-backend`, object
 * store `decisions`, one record per device key (decision.ts `deviceKey`). A database of its
 * own, so it never needs a version change of the checkpoints' database. Runs in the worker.
 */
import type { BackendDecision } from './decision';

export interface DecisionStore {
  /** The decision stored for `key`, or null (none, unreadable, or of another shape). */
  load(key: string): Promise<BackendDecision | null>;
  save(key: string, decision: BackendDecision): Promise<void>;
}

const DB = 'densenet-backend';
const STORE = 'decisions';

export function indexedDbDecisions(factory: IDBFactory = indexedDB): DecisionStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => (opened ??= open(factory));
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await db();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onabort = () =>
        reject(transaction.error ?? request.error ?? new Error('IndexedDB transaction aborted.'));
    });
  };
  return {
    load: async (key) => {
      try {
        return checkDecision(await run('readonly', (store) => store.get(key)));
      } catch {
        // An unreadable store only means measuring again.
        return null;
      }
    },
    save: async (key, decision) => {
      await run('readwrite', (store) => store.put(decision, key));
    },
  };
}

/** In memory, for tests and where IndexedDB is missing. */
export function memoryDecisions(): DecisionStore & { saved: Map<string, BackendDecision> } {
  const saved = new Map<string, BackendDecision>();
  return {
    saved,
    load: async (key) => structuredClone(saved.get(key) ?? null),
    save: async (key, decision) => {
      saved.set(key, structuredClone(decision));
    },
  };
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked.'));
  });
}

/** Storage outlives code versions: only a value of the expected shape is used. */
function checkDecision(value: unknown): BackendDecision | null {
  const decision = value as Partial<BackendDecision> | undefined;
  if (!decision || typeof decision.backend !== 'string' || !Array.isArray(decision.candidates)) return null;
  if (typeof decision.measuredAt !== 'string') return null;
  return decision as BackendDecision;
}
