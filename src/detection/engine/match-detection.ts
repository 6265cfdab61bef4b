// A plain rule match made a detection: its id from the rule's revision and the event's sequence
// number (so a replay of the same stored event gives the same id), the event's time and system,
// and why — the searches that held and the values the event had in the fields the rule reads. Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { Detection } from '../detection.ts';
import { detectionId, detectionRuleRef } from '../detection.ts';
import type { RuleMatch } from '../rule.ts';

/** Values shown in the one-line message; the rest are in `why.values`. */
const MESSAGE_VALUES = 3;
const MESSAGE_VALUE_CHARS = 80;

export function matchDetection(event: LogEvent, match: RuleMatch): Detection {
  const sequence = Number(event['event.sequence']);
  const values = fieldValues(event, match.rule.fields);
  const system = event['logwarden.system'];
  return {
    id: detectionId(match.rule, String(sequence)),
    rule: detectionRuleRef(match.rule),
    time: Number(event['@timestamp'] ?? 0),
    events: [sequence],
    systems: typeof system === 'string' && system !== '' ? [system] : [],
    group: {},
    why: { kind: 'match', searches: match.searches, values },
    message: matchMessage(match.rule.title, values),
  };
}

/** The event's values of the fields, those it has; `labels.KEY` reads the key. */
export function fieldValues(event: LogEvent, fields: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of fields) {
    const value = name.startsWith('labels.') && !(name in event) ? (event['labels'] as Readonly<Record<string, string>> | undefined)?.[name.slice('labels.'.length)] : event[name];
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) values[name] = value;
  }
  return values;
}

/** `<title>: <a few of the values>`, each value cut short. */
export function matchMessage(title: string, values: Readonly<Record<string, unknown>>): string {
  const shown = Object.values(values)
    .slice(0, MESSAGE_VALUES)
    .map((value) => {
      const text = Array.isArray(value) ? value.join(',') : String(value);
      return text.length > MESSAGE_VALUE_CHARS ? `${text.slice(0, MESSAGE_VALUE_CHARS - 1)}…` : text;
    });
  return shown.length === 0 ? title : `${title}: ${shown.join(', ')}`;
}
