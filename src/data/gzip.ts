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
 * A gunzip fed chunk by chunk while a file downloads, so decoding overlaps the transfer
 * instead of following it (about half a second for the 55 MB sprite on a two-core machine).
 * Failures wait for `finish`: a file is first checked whole (its size, its SHA-256), and only
 * a file that passed those is reported as not decoding.
 */
export class StreamingGunzip {
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly decoded: Promise<Uint8Array<ArrayBuffer> | DatasetError>;

  constructor(private readonly entry: DatasetFileEntry) {
    const stream = new DecompressionStream('gzip');
    this.writer = stream.writable.getWriter();
    this.decoded = collect(stream.readable, entry).catch((error: unknown) =>
      error instanceof DatasetError
        ? error
        : decodeFailure(entry, `does not decode as gzip (${error instanceof Error ? error.message : String(error)}).`),
    );
  }

  /** Decodes `chunk` next; the caller never changes those bytes afterwards. */
  push(chunk: Uint8Array<ArrayBuffer>): void {
    // A write fails only once decoding has failed, which `finish` reports.
    this.writer.write(chunk).catch(() => undefined);
  }

  /** Stops decoding: the download failed, so what it decodes to no longer matters. */
  abort(): void {
    this.writer.abort().catch(() => undefined);
  }

  /**
   * The decoded bytes, once `compressed` (every chunk pushed, together) has been pushed.
   * @throws DatasetError('format') when the bytes are not gzip (e.g. a host that decoded them
   *   already, through Content-Encoding), do not decode, or decode to another size.
   */
  async finish(compressed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    this.writer.close().catch(() => undefined);
    const decoded = await this.decoded;
    if (compressed[0] !== GZIP_MAGIC[0] || compressed[1] !== GZIP_MAGIC[1]) {
      throw decodeFailure(
        this.entry,
        'is not gzip data. If the server sent it with "Content-Encoding: gzip", the browser decoded it already: serve the dataset files as plain files.',
      );
    }
    if (decoded instanceof DatasetError) throw decoded;
    return decoded;
  }
}

/** Gunzips `compressed` into a new buffer of exactly `entry.decoded.bytes` (see StreamingGunzip). */
export function gunzipExactly(
  compressed: Uint8Array<ArrayBuffer>,
  entry: DatasetFileEntry,
): Promise<Uint8Array<ArrayBuffer>> {
  const gunzip = new StreamingGunzip(entry);
  gunzip.push(compressed);
  return gunzip.finish(compressed);
}

/** Reads the decoder's output into one buffer of the manifest's decoded size, never grown or copied. */
async function collect(decoded: ReadableStream<Uint8Array>, entry: DatasetFileEntry): Promise<Uint8Array<ArrayBuffer>> {
  const output = new Uint8Array(entry.decoded.bytes);
  const reader = decoded.getReader();
  let offset = 0;
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
  if (offset !== output.length) {
    throw decodeFailure(
      entry,
      `decodes to ${formatCount(offset)} bytes; the manifest says ${formatCount(output.length)}.`,
    );
  }
  return output;
}
