// Chaining (Sigma correlations v2): a correlation may reference another correlation, whose
// detections it then counts. Referenced ones are evaluated first, so an event's detections feed the
// chain in the same step. Pure.
import type { CorrelationRule } from '../rule.ts';

/** The rules with every referenced correlation before the ones that reference it (a cycle, which the loader refuses, is cut). */
export function chainOrder(rules: readonly CorrelationRule[]): CorrelationRule[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const ordered: CorrelationRule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rule: CorrelationRule): void => {
    if (state.has(rule.id)) return;
    state.set(rule.id, 'visiting');
    for (const id of rule.rules) {
      const referenced = byId.get(id);
      if (referenced !== undefined) visit(referenced);
    }
    state.set(rule.id, 'done');
    ordered.push(rule);
  };
  for (const rule of rules) visit(rule);
  return ordered;
}

/**
 * Correlations whose own detections are not output: referenced by correlations none of which says
 * `generate: true` — the rule the loader applies to detection rules (DetectionRule.generates).
 */
export function hiddenCorrelations(rules: readonly CorrelationRule[]): Set<string> {
  const ids = new Set(rules.map((rule) => rule.id));
  const referenced = new Set<string>();
  const generated = new Set<string>();
  for (const rule of rules)
    for (const id of rule.rules) {
      if (!ids.has(id)) continue;
      referenced.add(id);
      if (rule.generate) generated.add(id);
    }
  return new Set([...referenced].filter((id) => !generated.has(id)));
}
