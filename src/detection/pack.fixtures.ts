// What docs/detection.md's table of the shipped pack says of each rule, computed from the loaded
// rule, so src/detection/pack.test.ts can hold the table and the pack in step: the ECS fields a
// rule needs the parsers to fill (docs/parsers.md says which parser fills which).
import type { Rule, RuleSet } from './rule.ts';

/**
 * The ECS fields a rule reads: a detection rule's searches' fields; a correlation's referenced
 * rules' fields, then its group-by fields and the field it counts or watches for new values.
 */
export function packRuleFields(rule: Rule, set: RuleSet, seen: ReadonlySet<string> = new Set()): string[] {
  if (rule.kind === 'detection') return [...rule.fields];
  const referenced = rule.rules.flatMap((id) => {
    const used = set.rules.find((one) => one.id === id);
    return used === undefined || seen.has(id) ? [] : packRuleFields(used, set, new Set([...seen, rule.id]));
  });
  const own = [...Object.values(rule.groupFields).flatMap((perRule) => Object.values(perRule)), ...rule.groupBy, rule.condition.field, rule.anomaly?.field];
  return [...new Set([...referenced, ...own].filter((field): field is string => field !== undefined))];
}
