// The results: a virtualised grid (role="grid", one role="row" per event, only the visible ones in
// the DOM), the chosen columns, newest first. Click, Enter or Space on a row opens its record
// (`selected`); arrow keys, Home/End and Page keys move between rows (one row is in the tab order:
// a roving tabindex). Scrolling near the end loads the next page; "Load more" does it by keyboard.
import type { VirtualItem } from '@tanstack/virtual-core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime, formatValue } from '../../format.ts';
import { gridTemplate } from './columns.ts';
import { fetchNextPage } from './search-api.ts';
import { columns, loadingMore, nextCursor, results, searching, selected, type SearchEvent } from './state.ts';
import { ROW_HEIGHT, useVirtualRows } from './use-virtual-rows.ts';

/** Load the next page when the last rendered row is this close to the last loaded one. */
const PREFETCH_ROWS = 30;

export function ResultsTable() {
  const scroller = useRef<HTMLDivElement>(null);
  const events = results.value;
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualRows(events.length, scroller);
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const nearEnd = last !== undefined && last.index >= events.length - PREFETCH_ROWS && nextCursor.value !== undefined;
  useEffect(() => {
    if (nearEnd) void fetchNextPage();
  }, [nearEnd, events.length]);
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(events.length - 1, index));
    setActive(target);
    virtualizer.scrollToIndex(target);
    // The row may only exist once the scroll has drawn it.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus());
  };
  const rowsPerPage = () => Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
  const template = { gridTemplateColumns: gridTemplate(columns.value) };
  return (
    <div class="results">
      <div class="results-scroll" ref={scroller}>
        <div role="grid" aria-label="Events" aria-rowcount={events.length + 1} aria-busy={searching.value} class="results-grid">
          <div role="rowgroup" class="results-head">
            <div role="row" aria-rowindex={1} class="results-row" style={template}>
              {columns.value.map((name) => (
                <div role="columnheader" key={name} class="results-cell">
                  {name}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" class="results-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {items.map((item) => (
              <EventRow
                key={item.key}
                item={item}
                template={template}
                focusable={item.index === Math.min(active, events.length - 1)}
                onPick={() => setActive(item.index)}
                onMove={(key) => focusRow(moveTarget(key, item.index, events.length, rowsPerPage()) ?? item.index)}
              />
            ))}
          </div>
        </div>
      </div>
      <LoadMore />
    </div>
  );
}

interface EventRowProps {
  readonly item: VirtualItem;
  readonly template: { gridTemplateColumns: string };
  readonly focusable: boolean;
  readonly onPick: () => void;
  readonly onMove: (key: string) => void;
}

function EventRow({ item, template, focusable, onPick, onMove }: EventRowProps) {
  const row = results.value[item.index];
  if (!row) return null;
  const isSelected = selected.value === row;
  const pick = () => {
    onPick();
    selected.value = row;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pick();
    } else if (moveTarget(event.key, 0, 1, 1) !== undefined) {
      event.preventDefault();
      onMove(event.key);
    }
  };
  return (
    <div
      role="row"
      data-index={item.index}
      aria-rowindex={item.index + 2}
      aria-selected={isSelected}
      tabIndex={focusable ? 0 : -1}
      class={`results-row${isSelected ? ' is-selected' : ''}`}
      style={{ ...template, transform: `translateY(${item.start}px)`, height: `${ROW_HEIGHT}px` }}
      onClick={pick}
      onKeyDown={onKeyDown}
    >
      {columns.value.map((name) => (
        <div role="gridcell" key={name} class="results-cell">
          {cellText(row, name)}
        </div>
      ))}
    </div>
  );
}

function LoadMore() {
  if (nextCursor.value === undefined) return null;
  return (
    <button type="button" class="secondary load-more" disabled={loadingMore.value} onClick={() => void fetchNextPage()}>
      {loadingMore.value ? 'Loading…' : 'Load more'}
    </button>
  );
}

/** Where a navigation key moves from row `index` of `count`; undefined for any other key. */
function moveTarget(key: string, index: number, count: number, page: number): number | undefined {
  const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: count - 1 };
  return moves[key];
}

function cellText(event: SearchEvent, name: string): string {
  const value = event[name];
  return name === '@timestamp' || name === 'event.ingested' ? formatTime(value as string | undefined) : formatValue(value);
}
