// When a stored value counts as absent. A column added by a later migration holds its type's
// default in every record stored before it existed; so that such records keep their ledger leaves
// (and read back as they were written), a value equal to its column's default is no value at all:
// '' for strings, false, an empty map or array, NULL, and 0 / the epoch for non-Nullable number
// and time columns. Only the fields every record has (ALWAYS_PRESENT) keep a 0. Pure.
import type { FieldValue, LogEvent } from './event.ts';
import { ALWAYS_PRESENT, fieldByName, type FieldDef } from './fields.ts';

/** True when `value` is what the field's column holds when nothing was stored in it. */
export function isEmptyValue(field: FieldDef | undefined, value: FieldValue | undefined | null): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return value === 0 && field !== undefined && zeroIsDefault(field);
}

/** A non-Nullable number or time column that not every record fills: its default 0 means absent. */
export function zeroIsDefault(field: FieldDef): boolean {
  return (field.kind === 'int' || field.kind === 'time') && !field.type.startsWith('Nullable(') && !ALWAYS_PRESENT.has(field.name);
}

/** Drop absent values so an event compares equal to its stored-and-decoded form. */
export function compactEvent(event: LogEvent): LogEvent {
  const compact: LogEvent = {};
  for (const [name, value] of Object.entries(event)) if (!isEmptyValue(fieldByName(name), value)) compact[name] = value;
  return compact;
}
