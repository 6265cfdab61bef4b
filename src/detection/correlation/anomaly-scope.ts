// What an anomaly rule asks the history about: one part per referenced detection rule (its
// predicate and the fields its events are grouped by), or every event when it references none.
// A rule that references another correlation, or a rule the correlator was not given, has no
// history to ask: it runs on what the stream sees alone (docs/detection.md, "Anomalies"). Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { CorrelationRule, DetectionRule } from '../rule.ts';
import { fieldFor, fieldValuesKey, valueText } from './group-key.ts';
import type { HistoryPart } from './history.ts';

export function historyParts(rule: CorrelationRule, detectionRules: ReadonlyMap<string, DetectionRule>, valueName?: string): HistoryPart[] | undefined {
  if (rule.rules.length === 0) return [{ groupFields: rule.groupBy, ...(valueName === undefined ? {} : { valueField: valueName }) }];
  const parts: HistoryPart[] = [];
  for (const id of rule.rules) {
    const referenced = detectionRules.get(id);
    if (referenced === undefined) return undefined;
    const groupFields = rule.groupBy.map((name) => fieldFor(rule, name, id));
    parts.push({ predicate: referenced.predicate, groupFields, ...(valueName === undefined ? {} : { valueField: fieldFor(rule, valueName, id) }) });
  }
  return parts;
}

/** The groups a batch's events may belong to (a superset: which rules they match is not known yet), each its values. */
export function candidateGroups(parts: readonly HistoryPart[], events: readonly LogEvent[]): string[][] {
  const seen = new Map<string, string[]>();
  // Every event of every batch passes here: the key is made first, the list only for a new group.
  for (const event of events)
    for (const part of parts) {
      const key = fieldValuesKey(part.groupFields, event);
      if (key !== undefined && !seen.has(key))
        seen.set(
          key,
          part.groupFields.map((field) => valueText(event[field]) as string),
        );
    }
  return [...seen.values()];
}

/** The stream's first sequence number among a batch (history is what lies before it). */
export function firstSeq(events: readonly LogEvent[]): number | undefined {
  let first: number | undefined;
  for (const event of events) {
    const seq = Number(event['event.sequence']);
    if (first === undefined || seq < first) first = seq;
  }
  return first;
}

/** Every event but alerts: a detection must not detect itself. */
export function isAlert(event: LogEvent): boolean {
  return event['event.kind'] === 'alert';
}
