// Sigma's condition expressions: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`,
// `1 of them`, `all of them`, over a rule's search identifiers. Pure.
import type { Condition } from '../rule.ts';
import { SigmaRuleError } from './detection.ts';

/** Parse a condition; `searches` are the rule's identifiers, for `them` and wildcards. Throws SigmaRuleError. */
export function parseCondition(text: string, searches: readonly string[]): Condition {
  void searches;
  throw new SigmaRuleError(`cannot parse condition ${JSON.stringify(text)}: not built yet`);
}
