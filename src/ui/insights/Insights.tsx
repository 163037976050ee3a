import { useCallback, useRef } from 'react';
import type { GalleryFilter } from '../../worker/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Gallery } from './Gallery';
import { filterKey } from '../format/insightsFormat';
import type { TrainerState } from '../state/state';

export interface InsightsProps {
  /** The newest epoch's confusion matrix and per-class scores; null before the first epoch ends. */
  evaluation: TrainerState['evaluation'];
  /** The gallery on screen, if any. */
  gallery: TrainerState['gallery'];
  /** `trainer.showGallery`. */
  showGallery(filter: GalleryFilter, offset?: number): void;
  /** `trainer.closeGallery`. */
  closeGallery(): void;
}

/**
 * "What the network learned": the confusion matrix with per-class scores and the gallery of
 * the images behind a cell. Both views are memoised on their own props (and the callbacks
 * are stable), so a batch report redraws neither.
 */
export function Insights({ evaluation, gallery, showGallery, closeGallery }: InsightsProps) {
  /** Where focus was when the gallery opened (a matrix cell): it goes back there on Close. */
  const opener = useRef<HTMLElement | null>(null);

  const open = useCallback(
    (filter: GalleryFilter) => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      showGallery(filter, 0);
    },
    [showGallery],
  );
  const onCell = useCallback((label: number, predicted: number) => open({ kind: 'cell', label, predicted }), [open]);
  const onMisclassified = useCallback(() => open({ kind: 'misclassified' }), [open]);
  const onPage = useCallback((filter: GalleryFilter, offset: number) => showGallery(filter, offset), [showGallery]);
  const onClose = useCallback(() => {
    const target = opener.current;
    opener.current = null;
    if (target?.isConnected) target.focus({ preventScroll: true });
    closeGallery();
  }, [closeGallery]);

  const selected = gallery ? filterKey(gallery.filter) : null;
  return (
    <section id="insights" aria-labelledby="insights-title" data-testid="insights">
      <h2 id="insights-title">What the network learned</h2>
      <ConfusionMatrix evaluation={evaluation} selected={selected} onCell={onCell} onMisclassified={onMisclassified} />
      {gallery && selected && (
        <Gallery key={selected} gallery={gallery} epoch={evaluation?.epoch ?? 0} onPage={onPage} onClose={onClose} />
      )}
    </section>
  );
}
