/** Where the dataset manifest lives, resolved against the page (workers would resolve against their script). */
export function manifestUrl(): string {
  return new URL('data/mnist-manifest.json', document.baseURI).href;
}
