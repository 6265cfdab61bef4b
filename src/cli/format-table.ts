// Plain-text table of events for a terminal: time, host, service, level, message. Pure.
// Every cell comes from senders, and an unauthenticated syslog sender chooses its message: a raw
// ESC or C1 byte would let it drive the analyst's terminal (move the cursor, rewrite earlier
// lines, set the window title), and a bidi override would make text read differently from how it
// is stored. So every such character is shown as a visible escape instead (see visible-text.ts).
import type { PublicEventContract as PublicEvent } from '../contracts/event.ts';
import { visibleText } from './visible-text.ts';

const COLUMNS = ['@timestamp', 'host.name', 'service.name', 'log.level', 'message'] as const;

export function formatTable(events: readonly PublicEvent[]): string {
  const rows = events.map((event) => COLUMNS.map((column) => cellText(event[column])));
  const widths = COLUMNS.map((column, index) => (index === COLUMNS.length - 1 ? 0 : Math.min(40, Math.max(column.length, ...rows.map((row) => (row[index] as string).length)))));
  const render = (cells: readonly string[]): string => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.slice(0, widths[index]).padEnd(widths[index] as number))).join('  ');
  return [render(COLUMNS), ...rows.map(render)].join('\n');
}

function cellText(value: unknown): string {
  if (value === undefined) return '';
  return visibleText(typeof value === 'string' ? value : JSON.stringify(value));
}
