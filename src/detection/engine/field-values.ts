// The strings of an event a string predicate on a field is tested against, read as the JavaScript
// backend (src/query/match.ts) reads the stored row: an absent string field is '' (the column's
// default), an array field is its elements, `labels.KEY` is that key's value or ''. Values that are
// not strings (numbers, booleans, NULL) are left out — no string test holds for them — so the
// prefilter finds every literal a predicate could see. Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { FieldSel } from '../../query/predicate.ts';
import { isArrayField, isNullable } from '../../query/predicate.ts';

const NONE: readonly string[] = [];

/** The string values the field holds for the event, as the matcher would see them. */
export function stringValues(event: LogEvent, field: FieldSel): readonly string[] {
  const value = event[field.def.name] as unknown;
  if (field.key !== undefined) {
    const keyed = (value as Readonly<Record<string, unknown>> | undefined)?.[field.key] ?? '';
    return typeof keyed === 'string' ? [keyed] : NONE;
  }
  if (isArrayField(field.def)) {
    if (Array.isArray(value)) return value.filter((element): element is string => typeof element === 'string');
    return typeof value === 'string' && value !== '' ? [value] : NONE;
  }
  if (typeof value === 'string') return [value];
  if (value !== undefined && value !== null) return NONE;
  return isNullable(field.def) || field.def.kind === 'int' || field.def.kind === 'time' || field.def.kind === 'bool' ? NONE : [''];
}

/**
 * The integer keys an equality comparison is tested against (match.ts compareTest): each finite
 * number truncated, written as a decimal integer; an absent integer or time field is 0.
 */
export function intKeys(event: LogEvent, field: FieldSel): readonly string[] {
  const value = event[field.def.name] as unknown;
  if (field.key !== undefined) return NONE;
  if (isArrayField(field.def)) return Array.isArray(value) ? value.flatMap(intKey) : intKey(value);
  if (value === undefined || value === null) return isNullable(field.def) || (field.def.kind !== 'int' && field.def.kind !== 'time') ? NONE : ['0'];
  return intKey(value);
}

function intKey(value: unknown): string[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [];
  const whole = Math.trunc(value);
  return [Number.isSafeInteger(whole) ? String(whole) : BigInt(whole).toString()];
}

/** The key of an integer bound (a number, or a decimal string beyond 2^53). */
export function boundKey(bound: number | string): string | undefined {
  try {
    return BigInt(bound).toString();
  } catch {
    return undefined;
  }
}

/** A field's identity for the indexes: `labels.env` and `labels.team` are different fields. */
export function fieldKey(field: FieldSel): string {
  return field.key === undefined ? field.def.name : `${field.def.name}\u0000${field.key}`;
}
