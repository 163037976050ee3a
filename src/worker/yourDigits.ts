/**
 * The worker's side of your digits: storing a corrected drawing, deleting one, and the file
 * round trip. The store (IndexedDB in the browser) has one owner, this worker; the UI keeps
 * its list from the events posted here.
 */
import { errorMessage } from '../backend/choose';
import { PIXELS_PER_IMAGE } from '../data/device';
import { DigitFileError, digitsFileText, parseDigitsFile } from '../data/digitFile';
import { withoutDuplicates, type DigitStore } from '../data/digitStore';
import type { DigitsCommand, Post } from './protocol';

type StoreCommand = Exclude<DigitsCommand, { type: 'teach' }>;

export async function handleDigits(store: DigitStore, command: StoreCommand, post: Post): Promise<void> {
  try {
    switch (command.type) {
      case 'add-digit':
        return await addDigit(store, command.label, command.pixels, post);
      case 'delete-digit':
        await store.remove(command.id);
        return post({ type: 'digit-deleted', id: command.id });
      case 'export-digits': {
        const digits = await store.list();
        return post({ type: 'digits-export', text: digitsFileText(digits), count: digits.length });
      }
      case 'import-digits':
        return await importDigits(store, command.file.name, command.file.bytes, post);
      default:
        return assertNever(command);
    }
  } catch (error) {
    const what = command.type === 'import-digits' ? 'digits-import' : 'digits';
    post({ type: 'error', code: what, message: `Your digits could not be ${verb(command)}: ${errorMessage(error)}` });
  }
}

/** Posts every stored digit (after init); a store that cannot be read is reported, not fatal. */
export async function announceDigits(store: DigitStore, post: Post): Promise<void> {
  try {
    post({ type: 'your-digits', digits: await store.list() });
  } catch (error) {
    post({ type: 'error', code: 'digits', message: `Your stored digits could not be read: ${errorMessage(error)}` });
  }
}

async function addDigit(store: DigitStore, label: number, pixels: Float32Array, post: Post): Promise<void> {
  if (!Number.isInteger(label) || label < 0 || label > 9)
    return post({ type: 'error', code: 'digits', message: `A digit's label is 0 to 9, not ${label}.` });
  if (pixels.length !== PIXELS_PER_IMAGE)
    return post({
      type: 'error',
      code: 'digits',
      message: `A digit must be ${PIXELS_PER_IMAGE} pixels, got ${pixels.length}.`,
    });
  // Bytes, as MNIST stores its digits: the 0–1 input rounded to 1/255.
  const bytes = Uint8Array.from(pixels, (value) => Math.round(Math.min(1, Math.max(0, value)) * 255));
  const [digit] = await store.add([{ label, pixels: bytes }]);
  if (digit) post({ type: 'digit-added', digit });
}

async function importDigits(store: DigitStore, name: string, bytes: ArrayBuffer, post: Post): Promise<void> {
  let samples;
  try {
    samples = parseDigitsFile(name, bytes);
  } catch (error) {
    if (!(error instanceof DigitFileError)) throw error;
    return post({ type: 'error', code: 'digits-import', message: error.message });
  }
  const fresh = withoutDuplicates(await store.list(), samples);
  await store.add(fresh);
  post({ type: 'digits-imported', name, added: fresh.length, duplicates: samples.length - fresh.length });
  post({ type: 'your-digits', digits: await store.list() });
}

function verb(command: StoreCommand): string {
  return { 'add-digit': 'saved', 'delete-digit': 'deleted', 'export-digits': 'exported', 'import-digits': 'imported' }[
    command.type
  ];
}

function assertNever(value: never): never {
  throw new Error(`Unknown command ${JSON.stringify(value)}`);
}
