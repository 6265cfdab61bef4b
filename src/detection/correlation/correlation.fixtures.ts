// Rules and events for the correlation tests: a detection rule is only its id here (the matcher is
// not under test), a correlation rule is written with what a test varies.
import type { LogEvent } from '../../schema/event.ts';
import type { Detection } from '../detection.ts';
import type { CorrelationRule, DetectionRule, RuleMatch } from '../rule.ts';
import { Correlator, type CorrelatorOptions, type PriorDetection } from './correlator.ts';
import { MemoryDetectionHistory } from './history.ts';

export const T0 = Date.parse('2026-11-24T10:59:00.000Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export function detectionRule(id: string): DetectionRule {
  return {
    kind: 'detection',
    id,
    title: id,
    revision: '0000000000000000',
    level: 'medium',
    tags: [],
    ruleset: 'test',
    path: `${id}.yml`,
    logsource: {},
    route: { op: 'const', value: true },
    searches: {},
    condition: { op: 'const', value: true },
    predicate: { op: 'const', value: true },
    fields: [],
    generates: false,
  };
}

export function correlation(fields: Partial<CorrelationRule> & Pick<CorrelationRule, 'id' | 'type' | 'rules'>): CorrelationRule {
  return {
    kind: 'correlation',
    title: fields.id,
    revision: '1111111111111111',
    level: 'high',
    tags: [],
    ruleset: 'test',
    path: `${fields.id}.yml`,
    groupBy: ['source.ip'],
    groupFields: {},
    timespanMs: MINUTE,
    condition: { gte: 5 },
    generate: false,
    ...fields,
  };
}

export interface Step {
  readonly seq: number;
  readonly time: number;
  /** Detection rule ids the event matched. */
  readonly rules: readonly string[];
  readonly fields?: LogEvent;
}

export function eventOf(step: Step): LogEvent {
  return { 'event.sequence': step.seq, '@timestamp': step.time, 'event.ingested': step.time, 'logwarden.system': 'web', 'source.ip': '203.0.113.9', ...step.fields };
}

export function matchesOf(step: Step): RuleMatch[] {
  return step.rules.map((id) => ({ rule: detectionRule(id), searches: ['selection'] }));
}

export function correlator(rules: readonly CorrelationRule[], options: Partial<CorrelatorOptions> = {}): Correlator {
  return new Correlator(rules, { latenessMs: 30 * SECOND, maxEvidence: 100, history: new MemoryDetectionHistory(), ...options });
}

/** Feed the steps in order; every detection they make. */
export function feed(target: Correlator, steps: readonly Step[]): Detection[] {
  return steps.flatMap((step) => target.observe(eventOf(step), matchesOf(step)));
}

/** Steps numbered from `firstSeq`, one per time offset (ms after T0), all matching `rule`. */
export function series(rule: string, offsets: readonly number[], firstSeq = 1, fields: LogEvent = {}): Step[] {
  return offsets.map((offset, i) => ({ seq: firstSeq + i, time: T0 + offset, rules: [rule], fields }));
}

export function prior(detections: readonly Detection[]): PriorDetection[] {
  return detections.map((d) => ({ id: d.id, ruleId: d.rule.id, group: d.group, time: d.time, trigger: Math.max(...d.events) }));
}
