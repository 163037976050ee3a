import { memo, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { GalleryFilter, GalleryPage } from '../../worker/protocol';
import {
  emptyGalleryText,
  filterKey,
  filterTitle,
  galleryRange,
  itemCaption,
  pageOffsets,
} from '../format/insightsFormat';
import { DIGIT_SIDE, digitToRgba } from '../format/tiles';
import { GALLERY_PAGE_SIZE } from '../trainer/useTrainer';
import button from '../common/button.module.css';
import { classNames } from '../common/classNames';
import text from '../common/text.module.css';
import styles from './Gallery.module.css';

export interface GalleryProps {
  /** `state.gallery`: the filter asked for and its page once it arrives. */
  gallery: { filter: GalleryFilter; page: GalleryPage | null };
  /** Epoch of the evaluation on screen; when a newer one arrives the gallery reloads its first page. */
  epoch: number;
  /** `trainer.showGallery`. */
  onPage(filter: GalleryFilter, offset: number): void;
  onClose(): void;
  pageSize?: number;
}

/**
 * One page of test images matching the filter, worst first: each a 28×28 canvas (shown at
 * 2×) with "true 4 → 9 (87 %)". All of a page's canvases are drawn in one effect with
 * `putImageData`: a 48-image page is ~38,000 pixel writes, well under a millisecond.
 * While the next page loads the current one stays, dimmed. Escape closes (when focus is inside).
 *
 * Give it `key={filterKey(filter)}` so a new filter starts with fresh paging state.
 */
export const Gallery = memo(function Gallery({
  gallery,
  epoch,
  onPage,
  onClose,
  pageSize = GALLERY_PAGE_SIZE,
}: GalleryProps) {
  const { filter, page } = gallery;
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  /** The offset last asked for; the page on screen may still be an older one. */
  const [pending, setPending] = useState<number | null>(null);
  const shownEpoch = useRef(epoch);

  // Opened: bring the heading into view (without moving focus, so the matrix stays usable).
  // (A block body: newer Chromium returns a promise from scrollIntoView, and an effect may only return a cleanup function.)
  useEffect(() => {
    void headingRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  // A newer evaluation: its images differ, so start again at the first page.
  useEffect(() => {
    if (epoch === shownEpoch.current) return;
    shownEpoch.current = epoch;
    setPending(0);
    onPage(filter, 0);
  }, [epoch, filter, onPage]);

  useEffect(() => {
    if (!page) return;
    const image = new ImageData(DIGIT_SIDE, DIGIT_SIDE);
    page.items.forEach((_, index) => {
      const context = canvases.current[index]?.getContext('2d');
      if (!context) return;
      digitToRgba(page.pixels, index, image.data);
      context.putImageData(image, 0, 0);
    });
  }, [page]);

  const loading = page === null || (pending !== null && page.offset !== pending);
  const base = pending ?? page?.offset ?? 0;
  const count = page && page.offset === base ? page.items.length : pageSize;
  const { previous, next } = page ? pageOffsets(base, count, page.total, pageSize) : { previous: null, next: null };

  const go = (offset: number | null) => {
    if (offset === null) return;
    setPending(offset);
    onPage(filter, offset);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <div
      className={styles.gallery}
      role="region"
      aria-labelledby={headingId}
      aria-busy={loading}
      data-testid="gallery"
      data-filter={filterKey(filter)}
      data-total={page?.total}
      data-offset={page?.offset}
      data-loading={loading}
      onKeyDown={onKeyDown}
    >
      <div className={styles.header}>
        <h3 id={headingId} ref={headingRef}>
          {filterTitle(filter)}
        </h3>
        <div className={styles.nav}>
          <span className={styles.range} data-testid="gallery-range" aria-live="polite">
            {page ? galleryRange(page.offset, page.items.length, page.total) : 'Loading…'}
          </span>
          {/* aria-disabled, not disabled: a focused button that became disabled would drop focus to the page. */}
          <button
            type="button"
            className={button.toggle}
            data-testid="gallery-prev"
            aria-disabled={previous === null}
            onClick={() => go(previous)}
          >
            ← Previous
          </button>
          <button
            type="button"
            className={button.toggle}
            data-testid="gallery-next"
            aria-disabled={next === null}
            onClick={() => go(next)}
          >
            Next →
          </button>
          <button
            type="button"
            className={button.toggle}
            data-testid="gallery-close"
            aria-label="Close the gallery"
            title="Close (Escape)"
            onClick={onClose}
          >
            Close
          </button>
        </div>
      </div>
      {page === null ? (
        <p className={text.empty} data-testid="gallery-loading">
          Loading the images…
        </p>
      ) : page.total === 0 ? (
        <p className={text.empty} data-testid="gallery-empty">
          {emptyGalleryText(filter)}
        </p>
      ) : (
        <ul className={classNames(styles.grid, loading && styles.loading)}>
          {page.items.map((item, index) => {
            const caption = itemCaption(item);
            return (
              <li
                key={item.testIndex}
                className={classNames(styles.item, item.label !== item.predicted && styles.wrong)}
                data-testid="gallery-item"
                data-test-index={item.testIndex}
                data-label={item.label}
                data-predicted={item.predicted}
                data-confidence={item.confidence}
              >
                <canvas
                  ref={(element) => {
                    canvases.current[index] = element;
                  }}
                  className={styles.image}
                  width={DIGIT_SIDE}
                  height={DIGIT_SIDE}
                  role="img"
                  aria-label={`Test image ${item.testIndex}: ${caption}`}
                />
                <span className={styles.caption}>{caption}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});
