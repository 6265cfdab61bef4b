// Converts between pipeline events (ECS names, epoch-ms times) and engine rows (column names,
// ClickHouse text forms). Absent values are omitted in both directions so that a stored record
// decodes to exactly the event that was written (the ledger hashes the decoded record); a value
// equal to its column's default is absent (schema/empty.ts).
import { isEmptyValue } from '../schema/empty.ts';
import type { FieldValue, LogEvent } from '../schema/event.ts';
import { FIELDS, fieldByName, type FieldDef } from '../schema/fields.ts';

// Events in a batch mostly share their second, so the formatted second is reused (hot path).
let cachedSecond = Number.NaN;
let cachedSecondText = '';

/** `2026-11-24 12:00:00.123`: the engine's own DateTime64(3) text form, in UTC. */
export function toEngineTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    cachedSecond = second;
    cachedSecondText = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return `${cachedSecondText}.${String(epochMs - second * 1000).padStart(3, '0')}`;
}

export function fromEngineTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** One event as a JSONEachRow object keyed by column name. */
export function toRow(event: LogEvent): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name in event) {
    const value = event[name];
    const field = fieldByName(name);
    if (!field || isEmptyValue(field, value)) continue;
    row[field.column] = field.kind === 'time' ? toEngineTime(value as number) : value;
  }
  return row;
}

/**
 * The JSONEachRow text of `toRow(event)`, byte for byte, built as one string: no row object is
 * made and then serialised. Per field this runs for every stored event, and a row object with
 * twenty to thirty keys added one by one is a dictionary-mode object that JSON.stringify walks on
 * its slow path; the wider records the parsers make paid that once more per added field. Column
 * names are plain identifiers (the registry's), so their quoted form is made once per field.
 */
export function encodeRow(event: LogEvent): string {
  let json = '';
  for (const name in event) {
    const value = event[name];
    const column = ROW_COLUMN.get(name);
    if (column === undefined || isEmptyValue(column.field, value)) continue;
    // Engine times are digits, '-', ':', ' ' and '.': nothing to escape.
    const text = column.field.kind === 'time' ? `"${toEngineTime(value as number)}"` : JSON.stringify(value);
    json += json === '' ? column.first : column.next;
    json += text;
  }
  return json === '' ? '{}' : `${json}}`;
}

interface RowColumn {
  readonly field: FieldDef;
  /** `{"column":`, for the row's first value. */
  readonly first: string;
  /** `,"column":`, for every other. */
  readonly next: string;
}

const ROW_COLUMN: ReadonlyMap<string, RowColumn> = new Map(
  FIELDS.map((field) => {
    const key = `${JSON.stringify(field.column)}:`;
    return [field.name, { field, first: `{${key}`, next: `,${key}` }] as const;
  }),
);

/** A row read back from the engine, as an event with ECS names. */
export function fromRow(row: Readonly<Record<string, unknown>>): LogEvent {
  const event: LogEvent = {};
  for (const field of FIELDS) {
    const value = decodeValue(field, row[field.column]);
    if (!isEmptyValue(field, value)) event[field.name] = value;
  }
  return event;
}

/**
 * The event as the store holds it, without encoding it: only registry fields with a value (what
 * `toRow` writes), so it reads as fromRow reads the stored row back. A copy: the caller may keep
 * it while the original is still the submitter's (src/stream/recent-stored-records.ts).
 */
export function storedView(event: Readonly<LogEvent>): LogEvent {
  const view: LogEvent = {};
  for (const name in event) {
    const value = event[name];
    const field = fieldByName(name);
    if (field !== undefined && !isEmptyValue(field, value)) view[name] = value as FieldValue;
  }
  return view;
}

function decodeValue(field: FieldDef, value: unknown): FieldValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (field.array) return (value as unknown[]).map(String);
  switch (field.kind) {
    case 'time':
      return fromEngineTime(String(value));
    case 'int':
      return Number(value); // UInt64 arrives quoted; sequence numbers stay below 2^53
    case 'bool':
      return value === true || value === 1 || value === 'true';
    case 'map':
      return value as Record<string, string>;
    default:
      return String(value);
  }
}
