import { memo, useEffect, useMemo, useRef } from 'react';
import type { FeatureLayer } from '../../worker/protocol';
import { formatDims } from '../format/insightsFormat';
import type { TrainerState } from '../state/state';
import { renderFeatureImage } from '../format/tiles';
import text from '../common/text.module.css';
import styles from './FeatureMaps.module.css';

/**
 * What each tapped layer computes for the drawing on the pad: one canvas per layer with its
 * channels tiled, each channel min–max normalised on its own (black = its lowest value,
 * white = its highest; flat channels black). Channels a dense block's concatenations added
 * have an orange border. Memoised on `features`, which changes only with the drawing (or
 * the weights, while training re-classifies it); a layer's redraw is one `putImageData`.
 */
export const FeatureMaps = memo(function FeatureMaps({ features }: { features: TrainerState['features'] }) {
  const layers = features?.layers ?? [];
  return (
    <section id="layers" aria-labelledby="feature-maps-title" data-testid="feature-maps" data-layers={layers.length}>
      <h2 id="feature-maps-title">What each layer sees</h2>
      {layers.length === 0 ? (
        <p className={text.empty} data-testid="feature-maps-empty">
          Draw a digit to see what each layer sees.
        </p>
      ) : (
        <>
          <p className={styles.legend}>
            One tile per channel, each scaled to its own range (white = strongest).{' '}
            <span className={styles.swatch} aria-hidden="true" /> new channels added by the concatenation
          </p>
          {layers.map((layer) => (
            <FeatureLayerView key={layer.name} layer={layer} />
          ))}
        </>
      )}
    </section>
  );
});

const FeatureLayerView = memo(function FeatureLayerView({ layer }: { layer: FeatureLayer }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const image = useMemo(() => renderFeatureImage(layer), [layer]);
  const { layout } = image;

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const data = context.createImageData(layout.width, layout.height);
    data.data.set(image.rgba);
    context.putImageData(data, 0, 0);
  }, [image, layout]);

  const fresh = layer.newChannelsFrom;
  const newText =
    fresh !== null && fresh < layer.channels
      ? `channels ${fresh + 1}–${layer.channels} added by the concatenation`
      : null;
  const description =
    `${layer.title}: ${layer.channels} channels of ${formatDims(layer.height, layer.width)} pixels` +
    (newText ? `; ${newText}` : '') +
    (image.flatChannels > 0 ? `; ${image.flatChannels} flat (black)` : '');
  return (
    <figure
      className={styles.layer}
      data-testid="feature-layer"
      data-name={layer.name}
      data-channels={layer.channels}
      data-new-from={fresh ?? ''}
    >
      <figcaption>
        <span className={styles.title}>{layer.title}</span>{' '}
        <span className={text.meta}>
          {formatDims(layer.height, layer.width, layer.channels)}
          {fresh !== null && ` · ${layer.channels - fresh} new`}
        </span>
      </figcaption>
      <canvas
        ref={canvasRef}
        className={styles.canvas}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={description}
        title={description}
        style={{ width: layout.width, aspectRatio: `${layout.width} / ${layout.height}` }}
      />
    </figure>
  );
});
