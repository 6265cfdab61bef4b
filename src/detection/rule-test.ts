// `logwarden rules test RULE --events FILE` and POST /api/v1/rules/test: which of some events a
// rule matches and why (the searches that held and the values the event had in the fields the rule
// reads), and the detections it would make from them — through the stream's own DetectionEngine
// (explain, then process) with an in-memory history, so the answer is the stream's answer.
import { LogwardenError } from '../errors/codes.ts';
import type { LogEvent } from '../schema/event.ts';
import { MemoryDetectionHistory } from './correlation/history.ts';
import type { Detection } from './detection.ts';
import { DetectionEngine } from './engine/engine.ts';
import { rulesOfHunt } from './hunt-sql.ts';
import { loadRuleTexts, type LoadOptions } from './load.ts';
import type { Rule, RuleSet } from './rule.ts';

export interface TestMatch {
  /** The event's sequence number: its line in the input. */
  readonly sequence: number;
  readonly rule: { readonly id: string; readonly title: string };
  /** The search identifiers that held. */
  readonly searches: readonly string[];
  /** The event's values in the fields the rule's searches read. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface RuleTestResult {
  /** The rules tested (a file may hold several: a correlation and the rules it uses). */
  readonly rules: readonly Rule[];
  readonly events: number;
  readonly matches: readonly TestMatch[];
  readonly detections: readonly Detection[];
}

export interface RuleTestOptions {
  readonly latenessMs: number;
  readonly maxEvidence: number;
}

/** Run `targets` (and the rules they refer to, from `set`) over the events. */
export async function testRules(set: RuleSet, targets: readonly Rule[], events: readonly LogEvent[], options: RuleTestOptions): Promise<RuleTestResult> {
  const seen = new Set<string>();
  const rules = targets.flatMap((target) => rulesOfHunt(set, target)).filter((rule) => !seen.has(rule.id) && seen.add(rule.id) !== undefined);
  const targetIds = new Set(targets.map((target) => target.id));
  // A rule tested on its own always generates: that is what its author wants to see.
  const engineRules = rules.map((rule) => (targetIds.has(rule.id) && rule.kind === 'detection' ? { ...rule, generates: true } : rule));
  const engine = new DetectionEngine({ rules: engineRules, skipped: [] }, { ...options, history: new MemoryDetectionHistory() });
  const matches: TestMatch[] = [];
  for (const event of events) {
    for (const match of engine.explain(event)) {
      const values: Record<string, unknown> = {};
      for (const field of match.rule.fields) if (event[field] !== undefined) values[field] = event[field];
      matches.push({ sequence: event['event.sequence'] as number, rule: { id: match.rule.id, title: match.rule.title }, searches: match.searches, values });
    }
  }
  const detections = await engine.process(events);
  return { rules: targets, events: events.length, matches, detections };
}

/** A rule file's text compiled on its own (`rules test FILE` works offline): its rules, or LW_RULE_INVALID with why none loads. */
export function compileRuleFile(path: string, text: string, options: LoadOptions): RuleSet {
  const set = loadRuleTexts([{ path, text, ruleset: 'test' }], options);
  if (set.rules.length > 0) return set;
  const reasons = set.skipped.map((skipped) => skipped.reason);
  throw new LogwardenError('LW_RULE_INVALID', `${path}: no rule in it can run here: ${reasons.length > 0 ? reasons.join('; ') : 'the file holds no rule'}`, { path, reasons });
}

/** A file's rules that no other rule of it refers to: a correlation, not the rules it uses. */
export function topRules(set: RuleSet): Rule[] {
  const referenced = new Set(set.rules.flatMap((rule) => (rule.kind === 'correlation' ? rule.rules : [])));
  return set.rules.filter((rule) => !referenced.has(rule.id));
}
