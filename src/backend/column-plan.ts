/**
 * How the GPU batch-norm kernels split a per-channel reduction. A tensor `[…, C]` is read as
 * `rows × C` (rows = the product of the leading dimensions); one reduction over all rows per
 * channel runs as groups of `groupRows` consecutive rows, each group reduced by one GPU thread,
 * then the group results by a second, tiny pass. √rows rows per group keeps both passes short
 * (25,088 rows → 159 groups of 158) without any workgroup memory, which WebGL does not have.
 */

export interface ColumnPlan {
  /** Product of all dimensions but the last. */
  rows: number;
  /** The last dimension. */
  channels: number;
  /** Rows reduced by one thread in the first pass (the last group may have fewer). */
  groupRows: number;
  /** Number of groups: ⌈rows / groupRows⌉. */
  groups: number;
}

export function columnPlan(shape: readonly number[]): ColumnPlan {
  const channels = shape[shape.length - 1];
  if (channels === undefined || channels < 1)
    throw new Error(`batch norm needs a tensor [..., C] with C ≥ 1, got [${shape.join(', ')}]`);
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (rows < 1) throw new Error(`batch norm needs at least one row, got [${shape.join(', ')}]`);
  const groupRows = Math.ceil(Math.sqrt(rows));
  return { rows, channels, groupRows, groups: Math.ceil(rows / groupRows) };
}
