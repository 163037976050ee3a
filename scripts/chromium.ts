/**
 * The Chromium that tests and benchmarks drive: $CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium, else Playwright's own browser where one is installed (undefined).
 */
import { existsSync } from 'node:fs';

export const chromiumExecutable: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/**
 * Headless WebGPU needs --enable-unsafe-webgpu (it then gets a SwiftShader
 * adapter where there is no GPU); --no-sandbox because CI runs as root; the network is
 * closed, so no background requests.
 */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
