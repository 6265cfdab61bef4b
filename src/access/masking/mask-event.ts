// An event as a masked caller sees it: redacted fields left out, pseudonymised and generalised
// fields replaced value by value, every other string rewritten (when the profile rewrites text)
// with the record's own masked values, the dictionary and every address; a detection event's
// group, reason and original JSON masked key by key (detection.ts). Pure.
import type { FieldValue, LogEvent } from '../../schema/event.ts';
import { addDetectionValues, maskDetectionJson, maskGroup } from './detection.ts';
import { DETECTION_GROUP, DETECTION_REASON, type MaskingProfile } from './profile.ts';
import { REDACTED, type DictionaryPattern } from './rewrite.ts';
import { SensitiveValues } from './shown.ts';

export function maskEvent(profile: MaskingProfile, dictionary: readonly DictionaryPattern[], event: LogEvent): LogEvent {
  const values = new SensitiveValues(profile, dictionary);
  for (const [field, value] of Object.entries(event)) values.add(field, value);
  const reason = parseJson(event[DETECTION_REASON]);
  addDetectionValues(values, event[DETECTION_GROUP], reason);
  const out: LogEvent = {};
  for (const [field, value] of Object.entries(event)) {
    if (value === undefined || profile.actions.get(field) === 'redact') continue;
    const shown = maskField(values, field, value, isDetection(event));
    if (shown !== undefined) out[field] = shown;
  }
  return out;
}

function isDetection(event: LogEvent): boolean {
  return event['event.kind'] === 'alert' && typeof event[DETECTION_REASON] === 'string';
}

function maskField(values: SensitiveValues, field: string, value: FieldValue, detection: boolean): FieldValue | undefined {
  if (field === DETECTION_GROUP) return maskGroup(values, value);
  if (typeof value === 'string' && field === DETECTION_REASON) return maskDetectionJson(values, value, 'reason') ?? REDACTED;
  if (typeof value === 'string' && field === 'event.original' && detection) return maskDetectionJson(values, value, 'detection') ?? values.rewrite(value);
  if (typeof value === 'string') return values.shown(field, value);
  if (Array.isArray(value)) return (value as readonly string[]).flatMap((item) => values.shown(field, item) ?? []);
  if (typeof value === 'object') {
    // A free map's keys are free text too (a label named after a user); a shown key that now
    // reads like another keeps the later value.
    const map: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) map[values.shown(field, key) ?? REDACTED] = values.shown(field, item) ?? REDACTED;
    return map;
  }
  return value;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
