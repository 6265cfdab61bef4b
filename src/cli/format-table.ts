// Plain-text table of events for a terminal: time, host, service, level, message. Pure.
import type { PublicEvent } from '../schema/present.ts';

const COLUMNS = ['@timestamp', 'host.name', 'service.name', 'log.level', 'message'] as const;

export function formatTable(events: readonly PublicEvent[]): string {
  const rows = events.map((event) => COLUMNS.map((column) => oneLine(event[column])));
  const widths = COLUMNS.map((column, index) =>
    index === COLUMNS.length - 1 ? 0 : Math.min(40, Math.max(column.length, ...rows.map((row) => (row[index] as string).length))),
  );
  const render = (cells: readonly string[]): string =>
    cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.slice(0, widths[index]).padEnd(widths[index] as number))).join('  ');
  return [render(COLUMNS), ...rows.map(render)].join('\n');
}

function oneLine(value: unknown): string {
  if (value === undefined) return '';
  return (typeof value === 'string' ? value : JSON.stringify(value)).replace(/[\r\n\t]+/g, ' ');
}
