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

/**
 * Flags for a machine with a real GPU (Linux, Vulkan driver), from the Chrome team's
 * "Supercharge web AI model testing" post: ANGLE on Vulkan for WebGL, Vulkan for WebGPU, no
 * surface (headless). Without them headless Chromium renders on SwiftShader even where a GPU
 * exists. Set BENCH_GPU=hardware to use them (docs/benchmarks.md).
 */
export const HARDWARE_GPU_ARGS = ['--use-angle=vulkan', '--enable-features=Vulkan', '--disable-vulkan-surface'];

/**
 * The benchmarks' flags: the suite's, plus no GPU program caches, so a variant measured after
 * another compiles its shaders afresh instead of finding the first one's in the GPU process.
 */
export const BENCH_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  '--disable-gpu-program-cache',
  '--disable-gpu-shader-disk-cache',
  ...(process.env.BENCH_GPU === 'hardware' ? HARDWARE_GPU_ARGS : []),
];
