// Why a rule held: which of its search identifiers held for the event. Only searches the condition
// uses positively count — a filter's search sits under a `not`, and a filter that happened to hold
// in a branch that did not decide is no reason for the match. Pure.
import type { EventMatcher } from '../../query/match.ts';
import { predicateMatcher } from '../../query/match.ts';
import type { LogEvent } from '../../schema/event.ts';
import type { Condition, DetectionRule } from '../rule.ts';

/** The search names a condition reaches through an even number of negations. */
export function positiveSearches(condition: Condition, negated = false, into = new Set<string>()): Set<string> {
  switch (condition.op) {
    case 'search':
      if (!negated) into.add(condition.name);
      break;
    case 'and':
    case 'or':
      for (const child of condition.children) positiveSearches(child, negated, into);
      break;
    case 'not':
      positiveSearches(condition.child, !negated, into);
      break;
    case 'const':
      break;
  }
  return into;
}

/** A rule's searches compiled once, on its first match (most rules rarely match). */
export class SearchExplainer {
  readonly #searches: readonly (readonly [string, EventMatcher])[];

  constructor(rule: DetectionRule) {
    const positive = positiveSearches(rule.condition);
    this.#searches = Object.entries(rule.searches)
      .filter(([name]) => positive.has(name))
      .map(([name, predicate]) => [name, predicateMatcher(predicate)] as const);
  }

  /** The positively used searches that hold for the event, in the rule's order. */
  held(event: LogEvent): string[] {
    return this.#searches.filter(([, matches]) => matches(event)).map(([name]) => name);
  }
}
