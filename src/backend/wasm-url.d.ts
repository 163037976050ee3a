/** Vite's `?url` import: the URL the bundler gives an asset file (hashed under assets/ in a build). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
