// The general evaluation of a group's windows, for an entry that arrived out of order: every window
// that contains it ends at an entry time in [its time, its time + timespan], and the earliest end
// whose window satisfies the rule is the one that fires. One pass over the buffer with two
// pointers and a multiset of what the rule counts, so a late event in a busy group costs one sweep,
// not one count per candidate window. Pure.
import type { CorrelationRule } from '../rule.ts';
import type { Entry } from './entry.ts';
import { measure, satisfied, type Measure } from './measure.ts';

export interface SweptWindow extends Measure {
  /** The window's entries: indexes [lo, hi) of the buffer. */
  readonly lo: number;
  readonly hi: number;
}

/** What a window counts per type: events (by sequence number), values, or rules (temporal_ordered: which rules it holds). */
export function countedKey(rule: CorrelationRule, entry: Entry): string | undefined {
  if (rule.type === 'value_count') return entry.value;
  if (rule.type === 'temporal' || rule.type === 'temporal_ordered') return entry.rule;
  return String(entry.seq);
}

/**
 * The first of `ends` (ascending) whose window [max(end − span, after + 1), end] over the sorted
 * `entries` satisfies the rule; only ends later than after + span may fire (suppression).
 */
export function firstSatisfying(rule: CorrelationRule, entries: readonly Entry[], ends: readonly number[], after: number): SweptWindow | undefined {
  const span = rule.timespanMs;
  const counts = new Map<string, number>();
  let lo = 0;
  let hi = 0;
  for (const end of ends) {
    if (end <= after + span) continue;
    const start = Math.max(end - span, after + 1);
    for (; hi < entries.length && entries[hi]!.time <= end; hi++) adjust(counts, countedKey(rule, entries[hi]!), 1);
    for (; lo < hi && entries[lo]!.time < start; lo++) adjust(counts, countedKey(rule, entries[lo]!), -1);
    const result = rule.type === 'temporal_ordered' ? measure(rule, entries.slice(lo, hi)) : { count: counts.size };
    if (satisfied(rule, result.count)) return { lo, hi, ...(rule.type === 'value_count' ? measure(rule, entries.slice(lo, hi)) : result) };
  }
  return undefined;
}

function adjust(counts: Map<string, number>, key: string | undefined, by: 1 | -1): void {
  if (key === undefined) return;
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
