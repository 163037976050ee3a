/** Saves bytes as a file through a temporary object URL (UI thread only). */
export function downloadFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; revoke later so slow browsers still read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Reads chosen or dropped files as bytes: they are only ever parsed as data. */
export async function readFiles(files: Iterable<File>): Promise<{ name: string; bytes: ArrayBuffer }[]> {
  return Promise.all(Array.from(files, async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
}
