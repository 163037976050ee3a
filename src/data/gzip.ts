/**
 * Decoding a downloaded gzip file with the platform's DecompressionStream (browsers and
 * workers, Node 18+): native zlib, streamed straight into one buffer of the size the
 * manifest gives, so the decoded sprite is never copied or grown.
 */
import { DatasetError, REGENERATE_HINT, formatCount } from './errors';
import type { DatasetFileEntry } from './manifest';

/** The two bytes every gzip member starts with. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

function decodeFailure(entry: DatasetFileEntry, detail: string): DatasetError {
  return new DatasetError('format', `${entry.file} ${detail} ${REGENERATE_HINT}`, entry.file);
}

/**
 * Gunzips `compressed` into a new buffer of exactly `entry.decoded.bytes`.
 * @throws DatasetError('format') when the bytes are not gzip (e.g. a host that decoded them
 *   already, through Content-Encoding), do not decode, or decode to another size.
 */
export async function gunzipExactly(
  compressed: Uint8Array<ArrayBuffer>,
  entry: DatasetFileEntry,
): Promise<Uint8Array<ArrayBuffer>> {
  if (compressed[0] !== GZIP_MAGIC[0] || compressed[1] !== GZIP_MAGIC[1]) {
    throw decodeFailure(
      entry,
      'is not gzip data. If the server sent it with "Content-Encoding: gzip", the browser decoded it already: serve the dataset files as plain files.',
    );
  }
  const output = new Uint8Array(entry.decoded.bytes);
  const reader = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let offset = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      if (offset + chunk.value.length > output.length) {
        reader.cancel().catch(() => undefined);
        throw decodeFailure(entry, `decodes to more than the ${formatCount(output.length)} bytes the manifest says.`);
      }
      output.set(chunk.value, offset);
      offset += chunk.value.length;
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw decodeFailure(entry, `does not decode as gzip (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (offset !== output.length) {
    throw decodeFailure(
      entry,
      `decodes to ${formatCount(offset)} bytes; the manifest says ${formatCount(output.length)}.`,
    );
  }
  return output;
}
