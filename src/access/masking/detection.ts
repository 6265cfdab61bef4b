// A detection as a masked caller sees it (the detections API, hunts and rule tests, and the
// detection events a search finds): its group values and the values in `why` masked by the field
// they are of, values of no known field (a correlation's distinct values, a first-seen value)
// pseudonymised, and its message rewritten with all of them. Pure.
import { REDACTED } from './rewrite.ts';
import type { SensitiveValues } from './shown.ts';

/** The parts of a detection that hold values: the rest (rule, times, sequence numbers, systems) is shown as it is. */
export interface DetectionParts {
  readonly group: Readonly<Record<string, string>>;
  readonly why: unknown;
  readonly message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Record the detection's values with the record's sensitive values (before anything is rewritten). */
export function addDetectionValues(values: SensitiveValues, group: unknown, why: unknown): void {
  if (isRecord(group)) for (const [field, value] of Object.entries(group)) values.add(field, value);
  if (!isRecord(why)) return;
  if (isRecord(why['values'])) for (const [field, value] of Object.entries(why['values'])) values.add(field, value);
  if (Array.isArray(why['values'])) for (const value of why['values']) values.addUnknown(value);
  values.addUnknown(why['value']);
}

export function maskGroup(values: SensitiveValues, group: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(group)) for (const [field, value] of Object.entries(group)) out[field] = values.shown(field, String(value)) ?? REDACTED;
  return out;
}

/** Values keyed by the field they are of (a match's `values`, a rule test's matched values). */
export function maskFieldValues(values: SensitiveValues, byField: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(byField)) out[field] = maskOne(values, field, value);
  return out;
}

function maskOne(values: SensitiveValues, field: string, value: unknown): unknown {
  if (typeof value === 'string') return values.shown(field, value) ?? REDACTED;
  if (Array.isArray(value)) return value.map((item) => maskOne(values, field, item));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  return REDACTED;
}

export function maskReason(values: SensitiveValues, why: unknown): unknown {
  if (!isRecord(why)) return why;
  const out: Record<string, unknown> = { ...why };
  if (isRecord(why['values'])) out['values'] = maskFieldValues(values, why['values']);
  if (Array.isArray(why['values'])) out['values'] = why['values'].map((value) => values.shown('', String(value)));
  if (typeof why['value'] === 'string') out['value'] = values.shown('', why['value']);
  return out;
}

export function maskDetectionParts<T extends DetectionParts>(values: SensitiveValues, detection: T): T {
  return { ...detection, group: maskGroup(values, detection.group), why: maskReason(values, detection.why), message: values.rewrite(detection.message) };
}

/** A detection's JSON text (its event's `event.original` or `logwarden.detection.reason`); undefined when it is not JSON of that shape. */
export function maskDetectionJson(values: SensitiveValues, text: string, part: 'detection' | 'reason'): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (part === 'reason') return JSON.stringify(maskReason(values, parsed));
  const message = typeof parsed['message'] === 'string' ? values.rewrite(parsed['message']) : '';
  return JSON.stringify({ ...parsed, group: maskGroup(values, parsed['group']), why: maskReason(values, parsed['why']), message });
}
