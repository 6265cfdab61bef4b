// How the rules commands print (docs/detection.md, "Rules commands"): the import summary, rule
// lists as a table or one JSON object per line, a rule test's matches and detections, and hunt
// detections as `logwarden detections` prints them. Rule files and events come from outside: every
// cell goes through visibleText so a title cannot drive the terminal. Pure.
import type { ImportResponse, RuleSummaryContract, TestResponse } from '../contracts/rules.ts';
import { formatDetections } from './detection-commands.ts';
import { visibleText } from './visible-text.ts';

type Skip = ImportResponse['skipped'][number];

/** Exactly `loaded N, skipped M`, then one line per skipped file: `PATH: REASON`. */
export function formatImportSummary(loaded: number, skipped: readonly Skip[]): string {
  return [`loaded ${loaded}, skipped ${skipped.length}`, ...skipped.map((skip) => `${visibleText(skip.path)}: ${visibleText(skip.reason.replace(/\s+/g, ' '))}`)].join('\n');
}

/** One rule per line for `--format ndjson`: id, title, level, ruleset, path, kind, type, status, tags, logsource. */
export function ruleLine(rule: RuleSummaryContract): string {
  const { id, title, level, ruleset, path, kind, type, status, tags, logsource } = rule;
  return JSON.stringify({ id, title, level, ruleset, path, kind, type, ...(status !== undefined ? { status } : {}), tags, ...(logsource ? { logsource } : {}) });
}

/** A plain table: each column as wide as its widest cell (at most 60), the last one unbounded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map((cell) => visibleText(cell)));
  const widths = header.map((name, index) => (index === header.length - 1 ? 0 : Math.min(60, Math.max(name.length, ...cells.map((row) => (row[index] ?? '').length)))));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.slice(0, widths[index]).padEnd(widths[index] as number)))
      .join('  ')
      .trimEnd();
  return [render(header), ...cells.map(render)].join('\n');
}

export function formatRulesTable(rules: readonly RuleSummaryContract[]): string {
  return table(
    ['ID', 'LEVEL', 'TYPE', 'RULESET', 'TITLE'],
    rules.map((rule) => [rule.id, rule.level, rule.type, rule.ruleset, rule.title]),
  );
}

export function formatSkippedTable(skipped: readonly { readonly ruleset: string; readonly path: string; readonly reason: string }[]): string {
  return table(
    ['RULESET', 'PATH', 'REASON'],
    skipped.map((skip) => [skip.ruleset, skip.path, skip.reason]),
  );
}

/** A rule test for a terminal: each matching event with the searches that held and the values read, then the detections. */
export function formatTestResult(result: TestResponse): string {
  const lines = [
    `tested ${result.rules.map((rule) => `"${visibleText(rule.title)}" (${rule.id})`).join(', ')} on ${result.events} events: ${result.matches.length} matches, ${result.detections.length} detections`,
  ];
  for (const match of result.matches) {
    const values = Object.entries(match.values).map(([field, value]) => `${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    lines.push(
      `event ${match.sequence}: matches "${visibleText(match.rule.title)}" by ${match.searches.join(', ') || 'its condition'}${values.length > 0 ? `: ${visibleText(values.join(' '))}` : ''}`,
    );
  }
  if (result.detections.length > 0) lines.push('detections:', formatDetections(result.detections));
  return lines.join('\n');
}
