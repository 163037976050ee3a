/**
 * GLSL snippets shared by our WebGL programs (unpacked textures: the backend unpacks a packed
 * input before the program runs). Logical shapes are baked into the source, so WebGL compiles
 * one shader per shape; the training step keeps every shape fixed, so that happens once.
 */

/** `get` + the input's name with its first letter upper-cased: the sampler tfjs generates. */
export function samplerName(variableName: string): string {
  return `get${variableName.charAt(0).toUpperCase()}${variableName.slice(1)}`;
}

/**
 * `float read<Name>(int row, int c)`: element (row, c) of an input `[…, C]` viewed as
 * `rows × C`, by splitting `row` into the leading coordinates (ranks 1–4, as tfjs's samplers).
 */
export function rowReader(variableName: string, shape: readonly number[]): string {
  const get = samplerName(variableName);
  const head = `float read${variableName.charAt(0).toUpperCase()}${variableName.slice(1)}(int row, int c)`;
  switch (shape.length) {
    case 1:
      return `${head} { return ${get}(c); }`;
    case 2:
      return `${head} { return ${get}(row, c); }`;
    case 3:
      return `${head} { int i0 = row / ${shape[1]}; return ${get}(i0, row - i0 * ${shape[1]}, c); }`;
    case 4:
      return `${head} {
        int rest = row / ${shape[2]};
        int i2 = row - rest * ${shape[2]};
        int i0 = rest / ${shape[1]};
        return ${get}(i0, rest - i0 * ${shape[1]}, i2, c);
      }`;
    default:
      throw new Error(`WebGL batch-norm kernels support ranks 1 to 4, got [${shape.join(', ')}]`);
  }
}

/** The channel (last) coordinate of `getOutputCoords()` for an output of `rank` (1–4). */
export function channelCoordinate(rank: number): string {
  const component = ['coords', 'coords.y', 'coords.z', 'coords.w'][rank - 1];
  if (component === undefined) throw new Error(`WebGL batch-norm kernels support ranks 1 to 4, got rank ${rank}`);
  return component;
}

/** GLSL type of `getOutputCoords()` for an output of `rank` (1–4). */
export function coordsType(rank: number): string {
  return rank === 1 ? 'int' : `ivec${rank}`;
}
