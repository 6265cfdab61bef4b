// What a window's evidence amounts to, per Sigma correlation type: events (event_count), distinct
// values (value_count), distinct referenced rules (temporal) or how far the referenced rules were
// seen in their listed order (temporal_ordered). Pure.
import type { CorrelationRule, CountCondition } from '../rule.ts';
import { conditionHolds } from './condition.ts';
import type { Entry } from './entry.ts';

export interface Measure {
  readonly count: number;
  /** value_count: the distinct values, sorted. */
  readonly values?: readonly string[];
}

export function measure(rule: CorrelationRule, entries: readonly Entry[]): Measure {
  switch (rule.type) {
    case 'value_count': {
      const values = [...new Set(entries.flatMap((e) => (e.value === undefined ? [] : [e.value])))].sort();
      return { count: values.length, values };
    }
    case 'temporal':
      return { count: new Set(entries.map((e) => e.rule)).size };
    case 'temporal_ordered':
      return { count: orderedPrefix(rule.rules, entries) };
    default:
      return { count: new Set(entries.map((e) => e.seq)).size };
  }
}

/** Whether a window's count satisfies the rule: temporal types need every referenced rule unless a condition gives bounds. */
export function satisfied(rule: CorrelationRule, count: number): boolean {
  const temporal = rule.type === 'temporal' || rule.type === 'temporal_ordered';
  if (temporal && !hasBounds(rule.condition)) return count >= rule.rules.length;
  return conditionHolds(rule.condition, count);
}

function hasBounds(condition: CountCondition): boolean {
  return [condition.gt, condition.gte, condition.lt, condition.lte, condition.eq].some((bound) => bound !== undefined);
}

/**
 * How many of `order` were seen one after the other (event time, then sequence). Taking each
 * rule's earliest match after the previous one is optimal: if any ordered choice exists, this finds it.
 */
function orderedPrefix(order: readonly string[], entries: readonly Entry[]): number {
  let next = 0;
  for (const entry of entries) {
    if (next === order.length) break;
    if (entry.rule === order[next]) next++;
  }
  return next;
}
