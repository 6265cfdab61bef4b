// Rules and detections as the rules routes answer them (src/contracts/rules.ts): the summary `rules
// list` prints, the detail of one rule, and a detection with its time in ISO 8601. Pure.
import type { HuntDetectionContract, RuleDetailContract, RuleSummaryContract } from '../contracts/rules.ts';
import type { Detection } from './detection.ts';
import type { Rule } from './rule.ts';

export function ruleSummaryOf(rule: Rule): RuleSummaryContract {
  return {
    id: rule.id,
    ...(rule.name !== undefined ? { name: rule.name } : {}),
    title: rule.title,
    level: rule.level,
    ...(rule.status !== undefined ? { status: rule.status } : {}),
    ruleset: rule.ruleset,
    path: rule.path,
    revision: rule.revision,
    kind: rule.kind,
    type: rule.kind === 'detection' ? 'detection' : rule.type,
    tags: [...rule.tags],
    ...(rule.kind === 'detection' ? { logsource: { ...rule.logsource } } : {}),
    ...(rule.description !== undefined ? { description: rule.description } : {}),
  };
}

export function ruleDetailOf(rule: Rule): RuleDetailContract {
  const common = {
    ...ruleSummaryOf(rule),
    ...(rule.references ? { references: [...rule.references] } : {}),
    ...(rule.author !== undefined ? { author: rule.author } : {}),
    ...(rule.falsepositives ? { falsepositives: [...rule.falsepositives] } : {}),
  };
  if (rule.kind === 'detection') return { ...common, fields: [...rule.fields], searches: Object.keys(rule.searches), generates: rule.generates };
  return { ...common, rules: [...rule.rules], groupBy: [...rule.groupBy], timespanMs: rule.timespanMs };
}

export function detectionOf(detection: Detection): HuntDetectionContract {
  return {
    id: detection.id,
    rule: { ...detection.rule, tags: [...detection.rule.tags] },
    time: new Date(detection.time).toISOString(),
    events: [...detection.events],
    systems: [...detection.systems],
    group: { ...detection.group },
    why: JSON.parse(JSON.stringify(detection.why)) as HuntDetectionContract['why'],
    message: detection.message,
  };
}
