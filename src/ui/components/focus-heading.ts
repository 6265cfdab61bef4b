// Focus after navigation: a screen-reader or keyboard user who follows a link inside the page
// must land on the new view, not stay on the link with nothing announced. After each route change
// focus moves to the view's h1 (it may render a moment later, once its data arrives), unless the
// view already put focus somewhere inside itself on purpose (the search box, say).
const WAIT_FOR_HEADING_MS = 3000;

export function focusViewHeading(main: HTMLElement): () => void {
  const focusedBefore = document.activeElement;
  const moved = (): boolean => document.activeElement !== focusedBefore && document.activeElement !== document.body;
  const tryFocus = (): boolean => {
    if (moved() && main.contains(document.activeElement)) return true;
    const heading = main.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
    return true;
  };
  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    observer?.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  };
  // After the frame: the view's own effects (an autofocus) run first.
  const frame = requestAnimationFrame(() => {
    if (tryFocus()) return;
    observer = new MutationObserver(() => {
      if (tryFocus()) stop();
    });
    observer.observe(main, { childList: true, subtree: true });
    timer = setTimeout(stop, WAIT_FOR_HEADING_MS);
  });
  return () => {
    cancelAnimationFrame(frame);
    stop();
  };
}
