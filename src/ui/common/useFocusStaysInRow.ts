import { useLayoutEffect, useRef, type FocusEvent, type RefObject } from 'react';

/**
 * Keeps keyboard focus in a row of buttons when the focused one becomes disabled (Train as
 * training starts, Pause once paused): the browser would drop focus to the page, and the next
 * Tab would start from the top. Focus moves to the next enabled button, wrapping around.
 * Give the row `ref={row}` and the returned `onFocus`.
 */
export function useFocusStaysInRow(row: RefObject<HTMLElement | null>): (event: FocusEvent) => void {
  const focused = useRef<HTMLButtonElement | null>(null);
  useLayoutEffect(() => {
    const lost = focused.current;
    if (!lost?.disabled || !row.current) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== lost) return;
    const buttons = [...row.current.querySelectorAll('button')];
    const start = buttons.indexOf(lost);
    const next = buttons.map((_, i) => buttons[(start + 1 + i) % buttons.length]!).find((b) => !b.disabled);
    next?.focus();
  });
  return (event) => {
    if (event.target instanceof HTMLButtonElement) focused.current = event.target;
  };
}
