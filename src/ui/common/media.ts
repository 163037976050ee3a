import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, re-rendering when that changes (false where there is no `matchMedia`). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia?.(query);
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    () => window.matchMedia?.(query).matches ?? false,
    () => false,
  );
}

export type ColorScheme = 'light' | 'dark';

/** The reader's colour scheme (`prefers-color-scheme`), for colours CSS cannot reach: chart props, canvas fills. */
export function useColorScheme(): ColorScheme {
  return useMediaQuery('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

/** The reader asked for less motion (`prefers-reduced-motion: reduce`). */
export function usePrefersReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}
