// The stored-data path's SQL (docs/detection.md, "The stored-data path"): which predicate a rule
// means over stored events — a detection rule its own, a correlation the union of the rules it
// refers to, chains followed — and the one parameterised statement that reads one page of them.
// The predicate goes through the search's SQL backend (src/query/sql-backend.ts), so what the
// engine answers is what the stream matcher (src/detection/engine/) answers. Pure.
import { LogwardenError } from '../errors/codes.ts';
import { anyOf, type Predicate } from '../query/predicate.ts';
import { scopeCondition } from '../query/filter.ts';
import type { Scope } from '../query/scope.ts';
import { toSql } from '../query/sql-backend.ts';
import { FIELDS } from '../schema/fields.ts';
import { afterKeyset, type Keyset } from '../store/keyset.ts';
import type { CorrelationRule, DetectionRule, Rule, RuleSet } from './rule.ts';

/** Which stored events a hunt reads: an event-time range, a sequence range, or both. */
export interface HuntRange {
  /** Inclusive lower bound on @timestamp, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound on @timestamp, epoch ms. */
  readonly to?: number;
  /** Sequence numbers [first, end) of one node's records (catch-up after downtime). */
  readonly sequences?: { readonly first: number; readonly end: number; readonly node: string };
}

export interface HuntStatement {
  readonly sql: string;
  readonly params: Record<string, string | number | readonly string[]>;
}

const COLUMN_LIST = FIELDS.map((field) => `\`${field.column}\``).join(', ');

/**
 * The rules a hunt of `rule` runs: the rule itself and, for a correlation, every rule it refers to,
 * chains followed (a correlation of correlations), each once, in the set's order.
 */
export function rulesOfHunt(set: RuleSet, rule: Rule): Rule[] {
  const byId = new Map(set.rules.map((r) => [r.id, r]));
  const wanted = new Set<string>();
  const visit = (r: Rule): void => {
    if (wanted.has(r.id)) return;
    wanted.add(r.id);
    if (r.kind === 'correlation') for (const id of r.rules) visit(referenced(byId, r, id));
  };
  visit(rule);
  // The set's order is the stream engine's order: the hunt's engine sees the rules the same way.
  const ordered = set.rules.filter((r) => wanted.has(r.id));
  return set.rules.includes(rule) ? ordered : [...ordered.filter((r) => r.id !== rule.id), rule];
}

function referenced(byId: ReadonlyMap<string, Rule>, correlation: CorrelationRule, id: string): Rule {
  const found = byId.get(id);
  if (found) return found;
  throw new LogwardenError('LW_RULE_INVALID', `correlation "${correlation.title}" (${correlation.id}) refers to rule ${id}, which is not loaded`);
}

/** The detection rules whose matches feed the hunt. */
export function detectionRulesOf(rules: readonly Rule[]): DetectionRule[] {
  return rules.filter((r): r is DetectionRule => r.kind === 'detection');
}

/**
 * The events a hunt of `rule` must see: a detection rule's predicate, or the union of the
 * predicates of the detection rules a correlation reaches. Silence over all events (a
 * correlation of no rules) needs every event.
 */
export function huntPredicate(set: RuleSet, rule: Rule): Predicate {
  if (rule.kind === 'detection') return rule.predicate;
  const rules = rulesOfHunt(set, rule);
  if (rules.some((r) => r.kind === 'correlation' && r.rules.length === 0)) return { op: 'const', value: true };
  return anyOf(detectionRulesOf(rules).map((r) => r.predicate));
}

/**
 * One page of the hunt: stored events in the range and scope, not alerts (a detection never
 * detects itself, as on the stream), matching the predicate, after `after` in (timestamp,
 * sequence) order. Values are all bound parameters; the predicate's are p0, p1, … (toSql).
 */
export function huntStatement(predicate: Predicate, range: HuntRange, scope: Scope, page: { readonly after?: Keyset; readonly limit: number }): HuntStatement {
  const compiled = toSql(predicate);
  const inScope = scopeCondition(scope);
  const clauses = [`(${compiled.sql})`, inScope.sql, "event_kind != 'alert'"];
  const params: Record<string, string | number | readonly string[]> = { ...compiled.params, ...inScope.params };
  if (range.from !== undefined) {
    clauses.push("timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC')");
    params['lw_from'] = range.from;
  }
  if (range.to !== undefined) {
    clauses.push("timestamp < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')");
    params['lw_to'] = range.to;
  }
  if (range.sequences !== undefined) {
    // Sequence numbers are per node: the node's records, and those stored before nodes were named.
    clauses.push("event_sequence >= {lw_lo:UInt64} AND event_sequence < {lw_hi:UInt64} AND logwarden_node IN ({lw_node:String}, '')");
    Object.assign(params, { lw_lo: range.sequences.first, lw_hi: range.sequences.end, lw_node: range.sequences.node });
  }
  if (page.after !== undefined) {
    const after = afterKeyset(page.after, true);
    clauses.push(after.sql);
    Object.assign(params, after.params);
  }
  params['lw_limit'] = page.limit;
  // LIMIT 1 BY: a record stored twice is one record, as the stream's reader has it (stored-records.ts).
  const sql = `SELECT ${COLUMN_LIST} FROM events WHERE ${clauses.join(' AND ')} ORDER BY timestamp, event_sequence LIMIT 1 BY event_sequence LIMIT {lw_limit:UInt32}`;
  return { sql, params };
}
