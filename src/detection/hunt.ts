// The stored-data path (docs/detection.md, "The stored-data path (hunts)"): a rule run over stored
// events between two times (or over a sequence range), for `logwarden rules hunt RULE --from
// now-30d`, for catch-up and for trying a new rule on the past. The rule's predicate becomes
// parameterised SQL (hunt-sql.ts); the rows it selects are read page by page in (timestamp,
// sequence) order and fed to a fresh DetectionEngine with an in-memory history, so a hunt makes
// exactly the detections the stream would have made from those events: one meaning, two paths.
// Nothing is stored. Bounded: at most `maxRows` rows are read, and a hunt that reaches the cap
// says so.
import { MemoryDetectionHistory } from './correlation/history.ts';
import type { Detection } from './detection.ts';
import { DetectionEngine } from './engine/engine.ts';
import { huntPredicate, huntStatement, rulesOfHunt, type HuntRange } from './hunt-sql.ts';
import type { Rule, RuleSet } from './rule.ts';
import type { LogEvent } from '../schema/event.ts';
import type { Scope } from '../query/scope.ts';
import type { SqlParams } from '../store/engine.ts';
import type { Keyset } from '../store/keyset.ts';
import { fromRow } from '../store/row-codec.ts';

export type { HuntRange } from './hunt-sql.ts';

/** How a hunt reads: the event store's `read` (a search slot, under the search time limit). */
export interface HuntReader {
  read<Row = Record<string, unknown>>(sql: string, params: SqlParams): Promise<Row[]>;
}

export interface HuntOptions {
  readonly scope: Scope;
  /** Most rows read; a hunt that reaches it stops there and says so (`truncated`). */
  readonly maxRows: number;
  /** Rows per read (default 5,000): what one page holds in memory. */
  readonly pageRows?: number;
  /** As config detection.latenessSeconds, in ms: rows arrive in time order, so only equal-time order matters. */
  readonly latenessMs: number;
  readonly maxEvidence: number;
}

export interface HuntResult {
  readonly rule: Rule;
  /** The detections the rule would have made from these events (not stored). */
  readonly detections: Detection[];
  /** Sequence numbers of the events the SQL selected: a detection rule's matches, a correlation's candidates. */
  readonly matched: number[];
  /** Rows read. */
  readonly rows: number;
  /** Set when the hunt stopped at maxRows: events after `last` were not looked at. */
  readonly truncated?: { readonly maxRows: number; readonly last: Keyset; readonly message: string };
}

export const DEFAULT_HUNT_MAX_ROWS = 200_000;
const DEFAULT_PAGE_ROWS = 5_000;

/**
 * The engine's rule set for a hunt: the rule and what it refers to. The hunted rule always
 * generates (a rule a correlation uses is still worth hunting on its own); the others keep
 * their `generates`, as the stream has them.
 */
function huntSet(set: RuleSet, rule: Rule): RuleSet {
  const rules = rulesOfHunt(set, rule).map((r) => (r.id === rule.id && r.kind === 'detection' ? { ...r, generates: true } : r));
  return { rules, skipped: [] };
}

export async function hunt(reader: HuntReader, set: RuleSet, rule: Rule, range: HuntRange, options: HuntOptions): Promise<HuntResult> {
  const engine = new DetectionEngine(huntSet(set, rule), { latenessMs: options.latenessMs, maxEvidence: options.maxEvidence, history: new MemoryDetectionHistory() });
  const predicate = huntPredicate(set, rule);
  const pageRows = Math.max(1, Math.min(options.pageRows ?? DEFAULT_PAGE_ROWS, options.maxRows));
  const detections: Detection[] = [];
  const matched: number[] = [];
  let after: Keyset | undefined;
  for (;;) {
    // One row past the cap tells a hunt that reached it from one that ended exactly there.
    const limit = Math.min(pageRows, options.maxRows + 1 - matched.length);
    const statement = huntStatement(predicate, range, options.scope, { ...(after ? { after } : {}), limit });
    const events = (await reader.read(statement.sql, statement.params)).map(fromRow);
    const kept = events.slice(0, options.maxRows - matched.length);
    for (const event of kept) matched.push(event['event.sequence'] as number);
    detections.push(...(await engine.process(kept)));
    if (kept.length > 0) after = keysetOf(kept[kept.length - 1] as LogEvent);
    if (kept.length < events.length) return { rule, detections, matched, rows: matched.length, truncated: truncation(options.maxRows, after as Keyset) };
    if (events.length < limit) return { rule, detections, matched, rows: matched.length };
  }
}

function keysetOf(event: LogEvent): Keyset {
  return { timestamp: event['@timestamp'] as number, sequence: event['event.sequence'] as number };
}

function truncation(maxRows: number, last: Keyset): NonNullable<HuntResult['truncated']> {
  const at = new Date(last.timestamp).toISOString();
  return {
    maxRows,
    last,
    message: `the hunt stopped after ${maxRows} matching events (the last at ${at}, sequence ${last.sequence}): events after it were not looked at; narrow the time range (from/to) or hunt again from ${at}`,
  };
}
