import text from '../common/text.module.css';

/**
 * The page's polite live region: screen readers speak its sentence when it changes (see
 * state/announce.ts for when that is). Not shown: the same facts are on screen.
 */
export function Announcer({ message }: { message: string }) {
  return (
    <p className={text.visuallyHidden} role="status" aria-live="polite" data-testid="announcer">
      {message}
    </p>
  );
}
