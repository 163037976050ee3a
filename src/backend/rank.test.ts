import { describe, expect, test } from 'vitest';
import {
  attemptsFor,
  classifyWebGlRenderer,
  classifyWebGpuAdapter,
  planBackends,
  type GpuProbe,
  type GpuProbes,
} from './rank';

/** Fake adapters as Chromium reports them: real hardware, and SwiftShader in both APIs' spellings. */
const NVIDIA_ADAPTER = {
  info: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false },
};
const SWIFTSHADER_ADAPTER = { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } };
const OLD_FALLBACK_ADAPTER = { info: { vendor: 'acme', architecture: 'gpu' }, isFallbackAdapter: true };
const ANGLE_SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const ANGLE_INTEL = 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)';
const NO_ADAPTER: GpuProbe = { usable: false, failure: 'no adapter' };

function probes(webgpu: GpuProbe, webgl: GpuProbe): GpuProbes {
  return { webgpu, webgl };
}

describe('software adapters are recognised', () => {
  test('WebGPU: isFallbackAdapter in adapter.info or on the adapter, or a software name', () => {
    expect(classifyWebGpuAdapter(SWIFTSHADER_ADAPTER)).toEqual({
      usable: true,
      adapter: 'google swiftshader (software)',
      software: 'the browser marks it as a fallback (software) adapter',
    });
    expect(classifyWebGpuAdapter(OLD_FALLBACK_ADAPTER).software).toBe(
      'the browser marks it as a fallback (software) adapter',
    );
    expect(
      classifyWebGpuAdapter({ info: { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }).software,
    ).toBe('its name says it is a software renderer');
    expect(classifyWebGpuAdapter(NVIDIA_ADAPTER)).toEqual({ usable: true, adapter: 'nvidia ampere', software: null });
    expect(classifyWebGpuAdapter({}).adapter).toBe('unnamed adapter');
  });

  test.each([
    [ANGLE_SWIFTSHADER, 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['softpipe', 'softpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)', 'Microsoft Basic Render'],
  ])('WebGL renderer %s is software (%s)', (renderer, named) => {
    const probe = classifyWebGlRenderer(renderer);
    expect(probe).toEqual({
      usable: true,
      adapter: `${renderer} (software)`,
      software: `the renderer names ${named}, a software rasterizer`,
    });
  });

  test('a hardware WebGL renderer is not software', () => {
    expect(classifyWebGlRenderer(ANGLE_INTEL)).toEqual({ usable: true, adapter: ANGLE_INTEL, software: null });
  });
});

describe('backend ranking', () => {
  const hardwareGpu = classifyWebGpuAdapter(NVIDIA_ADAPTER);
  const softwareGpu = classifyWebGpuAdapter(SWIFTSHADER_ADAPTER);
  const hardwareGl = classifyWebGlRenderer(ANGLE_INTEL);
  const softwareGl = classifyWebGlRenderer(ANGLE_SWIFTSHADER);

  test('real GPUs keep the natural order WebGPU → WebGL 2 → WASM → CPU', () => {
    expect(planBackends('auto', probes(hardwareGpu, hardwareGl))).toEqual({
      order: ['webgpu', 'webgl', 'wasm', 'cpu'],
      demoted: {},
    });
  });

  test('software GPUs rank below WASM and above CPU, each with the reason', () => {
    const plan = planBackends('auto', probes(softwareGpu, softwareGl));
    expect(plan.order).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(plan.demoted.webgpu).toBe(
      'google swiftshader (software) is not a real GPU (the browser marks it as a fallback (software) adapter); it trains slower than WASM on the CPU, so it ranks below WASM.',
    );
    expect(plan.demoted.webgl).toContain('the renderer names SwiftShader');
  });

  test('only the software one of two GPUs is demoted', () => {
    expect(planBackends('auto', probes(softwareGpu, hardwareGl)).order).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
    expect(planBackends('auto', probes(hardwareGpu, softwareGl)).order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
  });

  test('a GPU without an adapter keeps its place and fails there with its own reason', () => {
    expect(planBackends('auto', probes(NO_ADAPTER, softwareGl)).order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
  });

  test('a backend asked for by name goes first, even a software GPU, and is not listed as demoted', () => {
    const plan = planBackends('webgpu', probes(softwareGpu, softwareGl));
    expect(plan.order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(Object.keys(plan.demoted)).toEqual(['webgl']);
    expect(planBackends('cpu', probes(softwareGpu, softwareGl)).order).toEqual(['cpu', 'wasm', 'webgpu', 'webgl']);
  });
});

describe('what the badge lists', () => {
  const softwareBoth = probes(classifyWebGpuAdapter(SWIFTSHADER_ADAPTER), classifyWebGlRenderer(ANGLE_SWIFTSHADER));

  test('auto on software GPUs: both GPUs passed over for WASM, in the natural order', () => {
    const plan = planBackends('auto', softwareBoth);
    const attempts = attemptsFor('auto', plan, [{ backend: 'wasm' }], 'wasm');
    expect(attempts.map((a) => a.backend)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(attempts[0]?.failure).toBe(plan.demoted.webgpu);
    expect(attempts[2]?.failure).toBeUndefined();
  });

  test('a failed request is listed with the demoted GPUs that outrank the fallback', () => {
    const plan = planBackends('webgpu', probes(NO_ADAPTER, classifyWebGlRenderer(ANGLE_SWIFTSHADER)));
    const tried = [{ backend: 'webgpu' as const, failure: 'no adapter' }, { backend: 'wasm' as const }];
    expect(attemptsFor('webgpu', plan, tried, 'wasm')).toEqual([
      { backend: 'webgpu', failure: 'no adapter' },
      { backend: 'webgl', failure: plan.demoted.webgl },
      { backend: 'wasm' },
    ]);
  });

  test('a backend the user asked for and got lists nothing passed over', () => {
    expect(attemptsFor('cpu', planBackends('cpu', softwareBoth), [{ backend: 'cpu' }], 'cpu')).toEqual([
      { backend: 'cpu' },
    ]);
  });

  test('when WASM fails, the software GPU after it is used and the failure is listed', () => {
    const plan = planBackends('auto', softwareBoth);
    const tried = [{ backend: 'wasm' as const, failure: 'wasm failed to initialise' }, { backend: 'webgpu' as const }];
    expect(attemptsFor('auto', plan, tried, 'webgpu')).toEqual([
      { backend: 'wasm', failure: 'wasm failed to initialise' },
      { backend: 'webgpu' },
    ]);
  });
});
