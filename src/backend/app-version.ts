/**
 * This build's version (package.json `version`, injected by Vite's `define`), part of the key a
 * backend decision is stored under: a new release measures again. "dev" where nothing injects it.
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
