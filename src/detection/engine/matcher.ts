// The stream matcher: every detection rule on every event, made cheap by a prefilter — routing by
// logsource (most rules read one dataset), exact-value lookups (a rule that needs event.action =
// X is only tried on such events) and one multi-needle scan of the message for the literals
// rules need — so hundreds of rules cost little. Must answer exactly what each rule's predicate
// answers (the prefilter only skips rules that cannot match): matcher.test.ts holds it equal to
// predicateMatcher for random rules and events. Pure.
import type { EventMatcher } from '../../query/match.ts';
import { predicateMatcher } from '../../query/match.ts';
import type { LogEvent } from '../../schema/event.ts';
import type { DetectionRule, RuleMatch } from '../rule.ts';
import { guardOf } from './guard.ts';
import type { PrefilterStats } from './prefilter.ts';
import { Prefilter } from './prefilter.ts';
import { SearchExplainer } from './why.ts';

export class RuleMatcher {
  readonly #rules: readonly DetectionRule[];
  readonly #predicates: readonly EventMatcher[];
  readonly #prefilter: Prefilter;
  readonly #explainers: (SearchExplainer | undefined)[];

  constructor(rules: readonly DetectionRule[]) {
    this.#rules = rules;
    this.#predicates = rules.map((rule) => predicateMatcher(rule.predicate));
    this.#prefilter = new Prefilter(rules.map((rule) => guardOf(rule.predicate)));
    this.#explainers = rules.map(() => undefined);
  }

  /** What the prefilter made of the rules (for the bench and `rules list`). */
  get stats(): PrefilterStats {
    return this.#prefilter.stats;
  }

  /** The rules that hold for the event, in the set's order, each with the searches that held. */
  match(event: LogEvent): RuleMatch[] {
    const matches: RuleMatch[] = [];
    const count = this.#prefilter.select(event);
    const candidates = this.#prefilter.selected;
    for (let i = 0; i < count; i++) {
      const index = candidates[i]!;
      if (this.#predicates[index]!(event)) matches.push({ rule: this.#rules[index]!, searches: this.#explain(index, event) });
    }
    return matches;
  }

  #explain(index: number, event: LogEvent): string[] {
    let explainer = this.#explainers[index];
    if (explainer === undefined) explainer = this.#explainers[index] = new SearchExplainer(this.#rules[index]!);
    return explainer.held(event);
  }
}
