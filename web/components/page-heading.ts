/**
 * Each screen's name, for screen readers and browser tabs (WCAG 2.4.2, 2.4.3): the document
 * title follows the page's <h1> ("<h1> – <face>"), whatever state or language the page is in,
 * and after an in-app navigation focus moves to the new <h1>, as a page load would start there.
 */
import { createEffect, on, onCleanup } from 'solid-js';
import { useLocation } from '@solidjs/router';

/** How long a navigation waits for its page (lazy chunk, first data) to put up its <h1>. */
const HEADING_WAIT_MS = 3000;

export function followPageHeading(main: () => HTMLElement | undefined, faceTitle: () => string) {
  const location = useLocation();

  function heading() {
    return main()?.querySelector('h1') ?? null;
  }

  function updateTitle() {
    const text = heading()?.textContent?.replace(/\s+/g, ' ').trim();
    // A heading that the face's title already starts with ("ระบบเจ้าหน้าที่") is not said twice.
    const title = text && text !== faceTitle() && !faceTitle().startsWith(`${text} – `) ? `${text} – ${faceTitle()}` : faceTitle();
    if (document.title !== title) document.title = title;
  }

  createEffect(() => {
    const root = main();
    if (!root) return;
    const observer = new MutationObserver(updateTitle);
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    onCleanup(() => observer.disconnect());
  });
  // The face's own title changes with the language even when the heading's text node is kept.
  createEffect(updateTitle);

  createEffect(
    on(
      () => location.pathname,
      () => {
        const before = heading();
        const focusedBefore = document.activeElement;
        const started = performance.now();
        let frame = requestAnimationFrame(function look() {
          const h1 = heading();
          const arrived = h1 && (h1 !== before || performance.now() - started > 500);
          if (!arrived) {
            if (performance.now() - started < HEADING_WAIT_MS) frame = requestAnimationFrame(look);
            return;
          }
          // A page that put focus somewhere on purpose since (a field with an error) keeps it.
          const focus = document.activeElement;
          if (focus && focus !== document.body && focus !== focusedBefore && focus.isConnected) return;
          h1.setAttribute('tabindex', '-1');
          h1.focus({ preventScroll: false });
        });
        onCleanup(() => cancelAnimationFrame(frame));
      },
      { defer: true },
    ),
  );
}
