/**
 * GLSL snippets shared by our WebGL programs (unpacked textures: the backend unpacks a packed
 * input before the program runs). The programs use shape uniforms (`enableShapeUniforms`)
 * and take every size they need as a uniform too, so the shader is the same for every layer
 * of a rank and WebGL compiles it once.
 */

/** `get` + the input's name with its first letter upper-cased: the sampler tfjs generates. */
export function samplerName(variableName: string): string {
  return `get${variableName.charAt(0).toUpperCase()}${variableName.slice(1)}`;
}

/** Uniforms every batch-norm program takes: the `rows × C` view and how rows split into the leading coordinates. */
export const SIZE_UNIFORMS = [
  { name: 'bnRows', type: 'int' as const },
  { name: 'bnChannels', type: 'int' as const },
  { name: 'bnGroupRows', type: 'int' as const },
  { name: 'bnGroups', type: 'int' as const },
  { name: 'bnLeading', type: 'ivec3' as const },
];

/** Their values for a tensor `[…, C]` cut into `groups` groups of `groupRows` rows. */
export function sizeValues(
  shape: readonly number[],
  plan: { rows: number; channels: number; groupRows: number; groups: number },
): number[][] {
  const leading = shape.slice(0, -1);
  return [
    [plan.rows],
    [plan.channels],
    [plan.groupRows],
    [plan.groups],
    [leading[0] ?? 1, leading[1] ?? 1, leading[2] ?? 1],
  ];
}

/**
 * `float read<Name>(int row, int c)`: element (row, c) of an input `[…, C]` viewed as
 * `rows × C`, by splitting `row` into the leading coordinates (ranks 1–4) with `bnLeading`.
 */
export function rowReader(variableName: string, rank: number): string {
  const get = samplerName(variableName);
  const head = `float read${variableName.charAt(0).toUpperCase()}${variableName.slice(1)}(int row, int c)`;
  switch (rank) {
    case 1:
      return `${head} { return ${get}(c); }`;
    case 2:
      return `${head} { return ${get}(row, c); }`;
    case 3:
      return `${head} { int i0 = row / bnLeading.y; return ${get}(i0, row - i0 * bnLeading.y, c); }`;
    case 4:
      return `${head} {
        int rest = row / bnLeading.z;
        int i2 = row - rest * bnLeading.z;
        int i0 = rest / bnLeading.y;
        return ${get}(i0, rest - i0 * bnLeading.y, i2, c);
      }`;
    default:
      throw new Error(`WebGL batch-norm kernels support ranks 1 to 4, got rank ${rank}`);
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
