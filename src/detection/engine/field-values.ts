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

/** A field's identity for the indexes: `labels.env` and `labels.team` are different fields. */
export function fieldKey(field: FieldSel): string {
  return field.key === undefined ? field.def.name : `${field.def.name}\u0000${field.key}`;
}
