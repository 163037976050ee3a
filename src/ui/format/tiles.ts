/**
 * Pixels for the insight views (pure, no DOM): a layer's channels tiled into one RGBA image,
 * and gallery digits as RGBA. Components only hand the result to `putImageData`.
 */

/** Where the tiles of one feature layer go in its canvas. All sizes in canvas pixels. */
export interface TileLayout {
  columns: number;
  rows: number;
  /** Each activation pixel becomes a `scale × scale` block, so every tile is about `target` wide. */
  scale: number;
  /** Side of a tile's content (`width × scale`, `height × scale`). */
  tileWidth: number;
  tileHeight: number;
  /** Border around each tile (its colour marks new channels). */
  border: number;
  /** Space between bordered tiles. */
  gap: number;
  width: number;
  height: number;
}

export interface TileOptions {
  /** Desired tile side in canvas pixels; activations are enlarged by a whole factor towards it. */
  target?: number;
  maxColumns?: number;
  border?: number;
  gap?: number;
}

export function tileLayout(height: number, width: number, channels: number, options: TileOptions = {}): TileLayout {
  const { target = 28, maxColumns = 8, border = 1, gap = 2 } = options;
  const scale = Math.max(1, Math.floor(target / Math.max(1, height, width)));
  const columns = Math.max(1, Math.min(channels, maxColumns));
  const rows = Math.max(1, Math.ceil(channels / columns));
  const tileWidth = width * scale;
  const tileHeight = height * scale;
  const cellWidth = tileWidth + 2 * border;
  const cellHeight = tileHeight + 2 * border;
  return {
    columns,
    rows,
    scale,
    tileWidth,
    tileHeight,
    border,
    gap,
    width: columns * cellWidth + (columns - 1) * gap,
    height: rows * cellHeight + (rows - 1) * gap,
  };
}

/** Top-left corner of channel `index`'s content (inside its border), row by row. */
export function tileOrigin(layout: TileLayout, index: number): { x: number; y: number } {
  const column = index % layout.columns;
  const row = Math.floor(index / layout.columns);
  return {
    x: column * (layout.tileWidth + 2 * layout.border + layout.gap) + layout.border,
    y: row * (layout.tileHeight + 2 * layout.border + layout.gap) + layout.border,
  };
}

/** Per-channel minimum and maximum of HWC values. */
export function channelRanges(values: Float32Array, channels: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(channels).fill(Infinity);
  const max = new Float32Array(channels).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = values[i]!;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  }
  return { min, max };
}

export interface FeatureImageInput {
  height: number;
  width: number;
  channels: number;
  newChannelsFrom: number | null;
  /** `height × width × channels`, channel-last. */
  values: Float32Array;
}

export interface FeatureColours {
  background: readonly [number, number, number];
  border: readonly [number, number, number];
  newBorder: readonly [number, number, number];
}

/** White gaps, slate borders, orange borders for the channels a concatenation added. */
export const FEATURE_COLOURS: FeatureColours = {
  background: [255, 255, 255],
  border: [71, 85, 105],
  newBorder: [234, 88, 12],
};

/** Below this spread a channel counts as flat (a dead ReLU, a constant): it is drawn black. */
const FLAT = 1e-6;

export interface FeatureImage {
  layout: TileLayout;
  /** `layout.width × layout.height × 4` bytes. */
  rgba: Uint8ClampedArray;
  /** Channels with no spread, drawn black. */
  flatChannels: number;
}

/**
 * Tiles one layer's channels, each normalised to its own minimum–maximum (black = the
 * channel's lowest value, white = its highest): per channel, because channels differ in
 * range by orders of magnitude and per layer most would be black.
 */
export function renderFeatureImage(
  layer: FeatureImageInput,
  options: TileOptions = {},
  colours: FeatureColours = FEATURE_COLOURS,
): FeatureImage {
  const { height, width, channels, values, newChannelsFrom } = layer;
  if (values.length !== height * width * channels)
    throw new Error(`expected ${height * width * channels} values, got ${values.length}`);
  const layout = tileLayout(height, width, channels, options);
  const rgba = new Uint8ClampedArray(layout.width * layout.height * 4);
  fillRect(rgba, layout.width, 0, 0, layout.width, layout.height, colours.background);
  const { min, max } = channelRanges(values, channels);
  const { scale, border } = layout;
  let flatChannels = 0;
  for (let c = 0; c < channels; c++) {
    const { x: x0, y: y0 } = tileOrigin(layout, c);
    const isNew = newChannelsFrom !== null && c >= newChannelsFrom;
    fillRect(
      rgba,
      layout.width,
      x0 - border,
      y0 - border,
      layout.tileWidth + 2 * border,
      layout.tileHeight + 2 * border,
      isNew ? colours.newBorder : colours.border,
    );
    const low = min[c]!;
    const spread = max[c]! - low;
    const flat = !(spread > FLAT);
    if (flat) flatChannels++;
    const factor = flat ? 0 : 255 / spread;
    // Written inline (no per-pixel call or array): this runs for every drawing update.
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const level = Math.round((values[(y * width + x) * channels + c]! - low) * factor);
        for (let dy = 0; dy < scale; dy++) {
          let i = ((y0 + y * scale + dy) * layout.width + x0 + x * scale) * 4;
          for (let dx = 0; dx < scale; dx++, i += 4) {
            rgba[i] = level;
            rgba[i + 1] = level;
            rgba[i + 2] = level;
            rgba[i + 3] = 255;
          }
        }
      }
    }
  }
  return { layout, rgba, flatChannels };
}

function fillRect(
  rgba: Uint8ClampedArray,
  stride: number,
  x: number,
  y: number,
  w: number,
  h: number,
  [r, g, b]: readonly [number, number, number],
): void {
  for (let row = y; row < y + h; row++) {
    let i = (row * stride + x) * 4;
    for (let column = 0; column < w; column++, i += 4) {
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = 255;
    }
  }
}

/** Side of an MNIST digit. */
export const DIGIT_SIDE = 28;
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;

/**
 * Writes gallery digit `index` (0–255 bytes, ink = 255, `DIGIT_PIXELS` per digit) into
 * `target` (RGBA, `DIGIT_PIXELS × 4`) as white ink on black, like the preview of a drawing.
 */
export function digitToRgba(pixels: Uint8Array, index: number, target: Uint8ClampedArray): void {
  const start = index * DIGIT_PIXELS;
  if (start + DIGIT_PIXELS > pixels.length)
    throw new Error(`digit ${index} is past the ${pixels.length / DIGIT_PIXELS} in the page`);
  if (target.length !== DIGIT_PIXELS * 4)
    throw new Error(`target holds ${target.length} bytes, expected ${DIGIT_PIXELS * 4}`);
  for (let i = 0; i < DIGIT_PIXELS; i++) {
    const level = pixels[start + i]!;
    target[4 * i] = level;
    target[4 * i + 1] = level;
    target[4 * i + 2] = level;
    target[4 * i + 3] = 255;
  }
}
