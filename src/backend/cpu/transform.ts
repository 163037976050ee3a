/**
 * tfjs-backend-cpu 4.22's Transform (tf.image.transform) returns from inside its batch loop,
 * so every image after the first comes back as the fill value. The augmentation of training
 * batches needs whole batches, so on cpu we run the backend's own kernel once per image and
 * join the results. Other backends (wasm, webgl, webgpu) handle batches correctly.
 */
import {
  getKernel,
  registerKernel,
  Transform,
  unregisterKernel,
  util,
  type DataId,
  type DataType,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  type TransformAttrs,
} from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-cpu's MathBackendCPU used here (a transitive dependency, not imported). */
interface CpuBackend {
  data: { get(dataId: DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

let original: KernelFunc | undefined;

function transformPerImage(args: {
  inputs: { image: TensorInfo; transforms: TensorInfo };
  backend: CpuBackend;
  attrs: TransformAttrs;
}): TensorInfo {
  const {
    inputs: { image, transforms },
    backend,
    attrs,
  } = args;
  const kernel = original!;
  const [batch, height, width, channels] = image.shape as [number, number, number, number];
  if (batch === 1) return kernel(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  util.assert(image.dtype === 'float32', () => 'Transform on cpu: float32 images only');
  const pixels = backend.data.get(image.dataId).values as Float32Array;
  const matrices = backend.data.get(transforms.dataId).values as Float32Array;
  const [outHeight, outWidth] = attrs.outputShape ?? [height, width];
  const outSize = outHeight * outWidth * channels;
  const result = new Float32Array(batch * outSize);
  for (let b = 0; b < batch; b++) {
    const one = backend.makeTensorInfo(
      [1, height, width, channels],
      image.dtype,
      pixels.subarray(b * height * width * channels, (b + 1) * height * width * channels),
    );
    const row = transforms.shape[0] === 1 ? 0 : b;
    const matrix = backend.makeTensorInfo([1, 8], 'float32', matrices.subarray(row * 8, row * 8 + 8));
    const out = kernel({
      inputs: { image: one, transforms: matrix },
      backend,
      attrs: attrs as unknown as NamedAttrMap,
    }) as TensorInfo;
    result.set(backend.data.get(out.dataId).values as Float32Array, b * outSize);
    for (const info of [one, matrix, out]) backend.disposeIntermediateTensorInfo(info);
  }
  return backend.makeTensorInfo([batch, outHeight, outWidth, channels], 'float32', result);
}

/** Replaces the cpu Transform with the per-image version (idempotent). */
export function fixCpuTransform(): void {
  if (original) return;
  const existing = getKernel(Transform, 'cpu');
  if (!existing) return;
  original = existing.kernelFunc;
  unregisterKernel(Transform, 'cpu');
  registerKernel({ kernelName: Transform, backendName: 'cpu', kernelFunc: transformPerImage as unknown as KernelFunc });
}
