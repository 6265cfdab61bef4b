// A correlation's count condition (Sigma correlations v2: gt, gte, lt, lte, eq), and which of two
// ways it is evaluated. Lower bounds alone (gt, gte) can only become true as events arrive, so they
// fire at the event that makes them true. An upper bound (lt, lte) or eq can be made false again by
// a later event, so it is decided only when the window has closed: no event can join it any more
// (docs/detection.md, "Correlations"). Pure.
import type { CountCondition } from '../rule.ts';

/** Whether the count satisfies every bound the condition gives. */
export function conditionHolds(condition: CountCondition, count: number): boolean {
  if (condition.gt !== undefined && !(count > condition.gt)) return false;
  if (condition.gte !== undefined && !(count >= condition.gte)) return false;
  if (condition.lt !== undefined && !(count < condition.lt)) return false;
  if (condition.lte !== undefined && !(count <= condition.lte)) return false;
  if (condition.eq !== undefined && count !== condition.eq) return false;
  return true;
}

/** True when the condition is decided only once its window has closed (an upper bound or eq). */
export function decidedAtClose(condition: CountCondition): boolean {
  return condition.lt !== undefined || condition.lte !== undefined || condition.eq !== undefined;
}

/** The condition as people read it: `≥ 5`, `< 3`, `= 2`, `> 1 and ≤ 10`. */
export function describeCondition(condition: CountCondition): string {
  const parts: string[] = [];
  if (condition.gt !== undefined) parts.push(`> ${condition.gt}`);
  if (condition.gte !== undefined) parts.push(`≥ ${condition.gte}`);
  if (condition.lt !== undefined) parts.push(`< ${condition.lt}`);
  if (condition.lte !== undefined) parts.push(`≤ ${condition.lte}`);
  if (condition.eq !== undefined) parts.push(`= ${condition.eq}`);
  return parts.join(' and ');
}
