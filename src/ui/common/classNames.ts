/**
 * Joins class names, skipping the falsy ones: `classNames(styles.item, best && styles.best)`.
 * CSS-module lookups are typed `string | undefined`, so they go through here too.
 */
export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
