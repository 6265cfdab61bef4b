// A link inside the UI: a real <a href> (so it opens in a new tab, is read as a link and can be
// copied) that navigates without reloading on a plain click.
import type { ComponentChildren } from 'preact';
import { navigate, UI_BASE } from '../router.ts';

export function Link({ to, current, children, class: className }: { to: string; current?: boolean; children: ComponentChildren; class?: string }) {
  return (
    <a href={`${UI_BASE}${to}`} class={className} aria-current={current ? 'page' : undefined} onClick={(event) => follow(event, to)}>
      {children}
    </a>
  );
}

/** A plain left click navigates in the page; a click with a modifier (new tab, new window) is the browser's. */
export function follow(event: MouseEvent, to: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
