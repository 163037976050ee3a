/**
 * The order in which backends are tried, as pure functions of what the GPU probes found, so a
 * unit test can rank fake adapters. WebGPU → WebGL 2 → WASM → CPU, except that a software GPU
 * (a CPU emulating one: SwiftShader, llvmpipe, WARP…) ranks below WASM: on the same cores the
 * wasm backend with XNNPACK trains several times faster than shaders run by an emulator.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type GpuBackendName = 'webgpu' | 'webgl';

/** The order when every adapter is real hardware. */
export const NATURAL_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Renderer or adapter names of CPU emulations of a GPU. */
const SOFTWARE_RENDERER =
  /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|basic render|software|\bwarp\b/i;

/** What probing a GPU backend found, before any TensorFlow.js backend was started. */
export type GpuProbe =
  /** No usable adapter; the sentence says why (becomes the backend's failure). */
  { usable: false; failure: string } | UsableGpu;

/** `adapter` names it for the badge; `software` says why it is an emulation, or is null for real hardware. */
export interface UsableGpu {
  usable: true;
  adapter: string;
  software: string | null;
}

export interface GpuProbes {
  webgpu: GpuProbe;
  webgl: GpuProbe;
}

/** The parts of a WebGPU `GPUAdapter` we read (`info` in current browsers, `isFallbackAdapter` on the adapter in older ones). */
export interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Names a WebGPU adapter and says whether, and why, it is a software one. */
export function classifyWebGpuAdapter(adapter: GpuAdapterLike): UsableGpu {
  const info = adapter.info ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((part): part is string =>
    Boolean(part && part.length > 0),
  );
  const adapterName = [...new Set(parts)].join(' ') || 'unnamed adapter';
  let software: string | null = null;
  if (info.isFallbackAdapter === true || adapter.isFallbackAdapter === true)
    software = 'the browser marks it as a fallback (software) adapter';
  else if (SOFTWARE_RENDERER.test(adapterName)) software = 'its name says it is a software renderer';
  return { usable: true, adapter: software ? `${adapterName} (software)` : adapterName, software };
}

/** Names a WebGL renderer string (`UNMASKED_RENDERER_WEBGL`) and says whether it is a software one. */
export function classifyWebGlRenderer(renderer: string): UsableGpu {
  const match = SOFTWARE_RENDERER.exec(renderer);
  const software = match ? `the renderer names ${match[0]}, a software rasterizer` : null;
  return { usable: true, adapter: software ? `${renderer} (software)` : renderer, software };
}

export interface BackendPlan {
  /** Backends to try, best first. */
  order: BackendName[];
  /** Software GPUs moved below WASM, with the sentence the badge shows. */
  demoted: Partial<Record<GpuBackendName, string>>;
}

/**
 * Ranks the backends for a request. `auto`: real GPUs in the natural order, then WASM, then
 * software GPUs, then CPU. A named backend goes first as asked (even a software GPU: the user
 * chose it), and the automatic ranking follows as its fallback.
 */
export function planBackends(request: BackendName | 'auto', probes: GpuProbes): BackendPlan {
  const demoted: BackendPlan['demoted'] = {};
  const hardware: BackendName[] = [];
  const software: BackendName[] = [];
  for (const gpu of ['webgpu', 'webgl'] as const) {
    const probe = probes[gpu];
    if (probe.usable && probe.software) {
      software.push(gpu);
      demoted[gpu] =
        `${probe.adapter} is not a real GPU (${probe.software}); it trains slower than WASM on the CPU, so it ranks below WASM.`;
    } else hardware.push(gpu);
  }
  const ranked: BackendName[] = [...hardware, 'wasm', ...software, 'cpu'];
  if (request === 'auto') return { order: ranked, demoted };
  // The user asked for this one, so it is not "passed over" for being software.
  delete demoted[request as GpuBackendName];
  return { order: [request, ...ranked.filter((name) => name !== request)], demoted };
}

/** One backend that was tried, or passed over without trying; `failure` is absent for the one chosen. */
export interface Attempt {
  backend: BackendName;
  failure?: string;
}

/**
 * The badge's list once `chosen` started: every backend that failed, and every software GPU
 * that would outrank `chosen` in the natural order but was never tried, in the natural order;
 * then the chosen one. A software GPU below a backend the user
 * asked for by name is not "passed over": the user's choice is.
 */
export function attemptsFor(
  request: BackendName | 'auto',
  plan: BackendPlan,
  tried: readonly Attempt[],
  chosen: BackendName,
): Attempt[] {
  const rank = (name: BackendName) => NATURAL_ORDER.indexOf(name);
  const untried =
    request === chosen
      ? []
      : (Object.entries(plan.demoted) as [GpuBackendName, string][])
          .filter(([name]) => rank(name) < rank(chosen) && !tried.some((attempt) => attempt.backend === name))
          .map(([backend, failure]) => ({ backend, failure }));
  const failed = tried.filter((attempt) => attempt.backend !== chosen);
  return [...[...untried, ...failed].sort((a, b) => rank(a.backend) - rank(b.backend)), { backend: chosen }];
}
