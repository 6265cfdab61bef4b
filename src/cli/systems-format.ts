// Plain-text tables for `logwarden systems` and `logwarden systems coverage`. Pure. Host names,
// identities and peers come from senders: every cell goes through visibleText (see format-table.ts).
import type { CoverageResponse, SystemsResponse } from '../contracts/systems.ts';
import { visibleText } from './visible-text.ts';

/** Columns padded to their widest cell (at most `maxWidth`), the last one as it is. */
export function renderColumns(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 40): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => visibleText(cell)));
  const widths = header.map((_, index) => Math.min(maxWidth, Math.max(...cells.map((row) => (row[index] ?? '').length))));
  const last = header.length - 1;
  return cells.map((row) => row.map((cell, index) => (index === last ? cell : cell.slice(0, widths[index]).padEnd(widths[index] as number))).join('  ')).join('\n');
}

/** A clock skew for people: `+850ms`, `-12.5s`, `+7m30s`, `+2h0m`; `-` when unknown. */
export function formatSkew(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(ms));
  if (abs < 1000) return `${sign}${abs}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)}s`;
  if (abs < 3_600_000) return `${sign}${Math.floor(abs / 60_000)}m${Math.floor((abs % 60_000) / 1000)}s`;
  return `${sign}${Math.floor(abs / 3_600_000)}h${Math.floor((abs % 3_600_000) / 60_000)}m`;
}

/** name, owner, events today, last seen, sources, worst skew: one line per system. */
export function formatSystems(answer: SystemsResponse): string {
  const rows = answer.systems.map((system) => [
    system.name,
    system.owner === '' ? '-' : system.owner,
    String(system.eventsToday),
    system.lastSeen ?? '-',
    String(system.sourceCount),
    formatSkew(system.worstSkewMs),
  ]);
  return renderColumns(['SYSTEM', 'OWNER', `EVENTS TODAY (${answer.day})`, 'LAST SEEN', 'SOURCES', 'WORST SKEW'], rows);
}

/** A source's column title: its identity, else its host name, else its peer address. */
export function sourceTitle(source: { identity: string; host: string; peer: string }): string {
  return source.identity || source.host || source.peer || '(unknown)';
}

function percentCell(share: { percent: number | null }): string {
  return share.percent === null ? '-' : `${share.percent}%`;
}

/** One line per required field: its key and the policy's words, then the share overall and per source. */
export function formatCoverage(answer: CoverageResponse): string {
  const sources = answer.sources;
  const header = ['FIELD', 'REQUIREMENT (R-FIELDS-1)', `ALL (${answer.overall.events})`, ...sources.map((source) => `${sourceTitle(source)} (${source.events})`)];
  const rows = answer.requirements.map((required) => [
    required.key,
    required.requirement,
    percentCell(answer.overall.present[required.key] ?? { percent: null }),
    ...sources.map((source) => percentCell(source.present[required.key] ?? { percent: null })),
  ]);
  rows.push(['skewed', 'timestamps flagged by the clock check (R-FIELDS-2)', percentCell(answer.overall.skewed), ...sources.map((source) => percentCell(source.skewed))]);
  const more = answer.moreSources > 0 ? `\n(${answer.moreSources} more sources not shown; --format json lists the same)` : '';
  return `system ${answer.system}, events received ${answer.from} to ${answer.to}\n${renderColumns(header, rows, 60)}${more}`;
}
