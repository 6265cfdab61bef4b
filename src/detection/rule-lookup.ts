// Finding a loaded rule by what a person types: its id (a UUID), its Sigma `name`, or its title
// (case-insensitive). `logwarden rules test|hunt RULE`, `GET /api/v1/rules/:id` and the hunt and
// test routes all resolve through here, so they agree on what a name means. Pure.
import { LogwardenError } from '../errors/codes.ts';
import type { Rule, RuleSet, SkippedRule } from './rule.ts';

/** The rule `ref` names: by id, then by name, then by title; LW_RULE_UNKNOWN otherwise (LW_RULE_INVALID when it was skipped, with why). */
export function findRule(set: RuleSet, ref: string): Rule {
  const wanted = ref.trim();
  const found = set.rules.find((r) => r.id === wanted) ?? set.rules.find((r) => r.name === wanted) ?? uniqueByTitle(set.rules, wanted);
  if (found) return found;
  const skipped = findSkipped(set, wanted);
  if (skipped) throw new LogwardenError('LW_RULE_INVALID', `rule "${ref}" (${skipped.ruleset}/${skipped.path}) is not loaded: ${skipped.reason}`, { path: skipped.path, reason: skipped.reason });
  throw new LogwardenError('LW_RULE_UNKNOWN', `no loaded rule has the id, name or title "${ref}" (logwarden rules list shows the ${set.rules.length} loaded rules)`);
}

/** A title names a rule only when no other rule has it. */
function uniqueByTitle(rules: readonly Rule[], title: string): Rule | undefined {
  const lower = title.toLowerCase();
  const matches = rules.filter((r) => r.title.toLowerCase() === lower);
  if (matches.length > 1) {
    throw new LogwardenError('LW_RULE_UNKNOWN', `${matches.length} loaded rules have the title "${title}": name one by its id (${matches.map((r) => r.id).join(', ')})`);
  }
  return matches[0];
}

function findSkipped(set: RuleSet, ref: string): SkippedRule | undefined {
  const lower = ref.toLowerCase();
  return set.skipped.find((s) => s.id === ref || s.title?.toLowerCase() === lower || s.path === ref);
}
