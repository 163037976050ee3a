/** Names the hardware (or software) behind the active backend, for the badge. */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './choose';

/** Renderers and adapters that are CPU emulations of a GPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

export async function describeAdapter(backend: BackendName): Promise<string> {
  if (backend === 'cpu') return 'JavaScript on the CPU';
  if (backend === 'webgpu') return describeWebGpuAdapter();
  return describeWebGlRenderer();
}

async function describeWebGpuAdapter(): Promise<string> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return 'unknown adapter';
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter((part) => part && part.length > 0).join(' ') || 'unnamed adapter';
  const software = adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? SOFTWARE_RENDERER.test(name);
  return software ? `${name} (software)` : name;
}

function describeWebGlRenderer(): string {
  const gl = (tf.backend() as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return 'unknown renderer';
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return SOFTWARE_RENDERER.test(renderer) ? `${renderer} (software)` : renderer;
}
