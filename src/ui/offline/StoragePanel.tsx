import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../format/format';
import text from '../common/text.module.css';
import { deleteStoredDigits, readStoredData, requestPersistentStorage, type StoredData } from './storage';
import styles from './StoragePanel.module.css';

interface StoragePanelProps {
  /** The digits are loaded (so they are stored now, where a service worker runs): ask to keep them. */
  ready: boolean;
  /** When the newest checkpoint was written (it changes with every save, so the sizes are read again). */
  checkpointSavedAt: number | null;
}

function persistenceNote(persisted: boolean | null): string {
  if (persisted === null) return 'This browser does not say whether it keeps them under storage pressure.';
  return persisted
    ? 'The browser keeps them until you delete them (persistent storage granted).'
    : 'The browser may evict them when it runs short of space (persistent storage not granted).';
}

/**
 * What the app keeps in this browser — the downloaded digits, the app's own files for offline
 * use, checkpoints — with their sizes, and a control that deletes the digits.
 */
export function StoragePanel({ ready, checkpointSavedAt }: StoragePanelProps) {
  const [stored, setStored] = useState<StoredData | null>(null);
  const [deleting, setDeleting] = useState(false);
  const refresh = useCallback(() => {
    readStoredData().then(setStored, () => setStored(null));
  }, []);

  useEffect(() => {
    // Once the digits are in, ask the browser to keep them; then show what is stored.
    if (ready) void requestPersistentStorage().finally(refresh);
    else refresh();
  }, [ready, checkpointSavedAt, refresh]);

  const deleteDigits = () => {
    setDeleting(true);
    void deleteStoredDigits()
      .catch(() => undefined)
      .finally(() => {
        setDeleting(false);
        refresh();
      });
  };

  const digits = stored?.digitsBytes ?? 0;
  return (
    <section aria-label="Stored in this browser" data-testid="storage-panel">
      <h2>Stored in this browser</h2>
      <dl className={styles.sizes}>
        <dt>Digits (the MNIST download)</dt>
        <dd data-testid="storage-digits">{digits > 0 ? formatBytes(digits) : 'not stored'}</dd>
        <dt>App files, for offline use</dt>
        <dd data-testid="storage-app">{stored && stored.appBytes > 0 ? formatBytes(stored.appBytes) : 'not stored'}</dd>
        <dt>Checkpoints</dt>
        <dd data-testid="storage-checkpoints">
          {stored?.checkpointBytes != null ? formatBytes(stored.checkpointBytes) : 'unknown'}
        </dd>
      </dl>
      <p className={text.note} data-testid="storage-persistence">
        {persistenceNote(stored?.persisted ?? null)}
      </p>
      <button type="button" data-testid="delete-digits" disabled={digits === 0 || deleting} onClick={deleteDigits}>
        Delete downloaded digits
      </button>
      <p className={text.note}>The next visit downloads them again; until then the app needs the network to start.</p>
    </section>
  );
}
