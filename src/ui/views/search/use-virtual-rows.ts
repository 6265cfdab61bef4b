// @tanstack/virtual-core in a Preact component: only the rows in (and just around) the scrolled
// window exist in the DOM, so ten thousand loaded events cost as much to draw as thirty. Rows have
// one fixed height (cells are one line), so nothing needs measuring.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useLayoutEffect, useMemo, useReducer } from 'preact/hooks';

export const ROW_HEIGHT = 30;

export function useVirtualRows(count: number, scroller: RefObject<HTMLDivElement | null>): Virtualizer<HTMLDivElement, HTMLDivElement> {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => redraw(undefined),
  };
  const virtualizer = useMemo(() => new Virtualizer<HTMLDivElement, HTMLDivElement>(options), []);
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
