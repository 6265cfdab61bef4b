// The last transform before storage, applied to every event from every source: make each value
// fit its column, so that no sender can make a batch fail in the engine (a batch that cannot be
// written would be retried forever) and every stored record reads back exactly as written, which
// the ledger's hashes depend on. What does not fit is kept as a label and the event is flagged.
import type { LogEvent } from '../schema/event.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { flagEvent } from './parse-flag.ts';

/** DateTime64's range in ClickHouse: 1900-01-01 to 2299-12-31, UTC. */
const TIME_MIN = Date.UTC(1900, 0, 1);
const TIME_MAX = Date.UTC(2300, 0, 1) - 1;

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  UInt8: [0, 255],
  UInt16: [0, 65_535],
  UInt32: [0, 4_294_967_295],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Characters beyond the Basic Multilingual Plane in label keys (see note in fitLabels). */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

/** True when `value` is an integer the field's integer column can hold (a port 0–65535, a UInt8 0–255, …). */
export function fitsIntColumn(field: FieldDef, value: number): boolean {
  let range = INT_RANGE_OF.get(field);
  if (range === undefined) {
    range = INT_RANGES[field.type.replace(/^Nullable\((.*)\)$/, '$1')] ?? NO_RANGE;
    INT_RANGE_OF.set(field, range);
  }
  return Number.isInteger(value) && value >= range[0] && value <= range[1];
}

/** Each integer field's range, looked up once (parsers and fitColumns ask for every value). */
const INT_RANGE_OF = new WeakMap<FieldDef, readonly [number, number]>();
const NO_RANGE: readonly [number, number] = [1, 0];

function fits(field: FieldDef, value: unknown): boolean {
  if (field.array) return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.isWellFormed());
  switch (field.kind) {
    case 'time':
      return typeof value === 'number' && Number.isInteger(value) && value >= TIME_MIN && value <= TIME_MAX;
    case 'int':
      return typeof value === 'number' && fitsIntColumn(field, value);
    case 'bool':
      return typeof value === 'boolean';
    case 'map':
      return typeof value === 'object' && value !== null;
    default:
      return typeof value === 'string';
  }
}

/** Fix the event in place; returns a description of what did not fit, if anything. */
export function fitColumns(event: LogEvent, now: number): string | undefined {
  let problems: string[] | undefined; // made only when a value does not fit: most events fit
  for (const name in event) {
    const value = event[name];
    if (value === undefined) continue;
    const field = fieldByName(name);
    if (!field) continue; // unknown names are not stored (toRow skips them)
    if (field.array && typeof value === 'string') event[name] = value === '' ? [] : [value.toWellFormed()]; // a list field given one value
    if (field.array && fits(field, event[name])) continue;
    if (typeof value === 'string' && !field.array) {
      if (!value.isWellFormed()) event[name] = value.toWellFormed(); // a lone surrogate cannot be stored as UTF-8
      if (fits(field, event[name])) continue;
    } else if (field.kind === 'map') {
      event[name] = fitLabels(value as Record<string, string>);
      continue;
    } else if (fits(field, value)) {
      continue;
    }
    (problems ??= []).push(`${name}: ${JSON.stringify(value).slice(0, 80)} does not fit ${field.type}`);
    moveToLabels(event, name, value);
  }
  // Time columns always hold a value; an event without one would read back as 1970. Sources
  // always stamp event.ingested, so `now` (the pipeline's clock) is only a last resort.
  event['event.ingested'] ??= now;
  event['@timestamp'] ??= event['event.ingested'];
  if (problems === undefined) return undefined;
  const detail = `value(s) out of range, kept as labels: ${problems.join('; ')}`;
  flagEvent(event, 'invalid_field', detail);
  return detail;
}

function moveToLabels(event: LogEvent, name: string, value: unknown): void {
  delete event[name];
  const labels = { ...((event['labels'] as Record<string, string> | undefined) ?? {}) };
  labels[name] = typeof value === 'string' ? value : JSON.stringify(value);
  event['labels'] = labels;
}

/**
 * Label keys and values well-formed; astral characters in keys are replaced by U+FFFD because the
 * ledger sorts keys in the engine by UTF-8 bytes while RFC 8785 sorts by UTF-16 code units, and the
 * two orders differ only for such characters. The verbatim input stays in event.original.
 */
function fitLabels(labels: Record<string, string>): Record<string, string> {
  const fitted: Record<string, string> = {};
  for (const key in labels) {
    const value = labels[key];
    fitted[key.toWellFormed().replace(ASTRAL, '\uFFFD')] = typeof value === 'string' ? value.toWellFormed() : JSON.stringify(value);
  }
  return fitted;
}
