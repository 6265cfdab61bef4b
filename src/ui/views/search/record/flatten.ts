// A record's fields as rows of the record panel and names in the field sidebar: ECS dotted names
// as the API gives them, with map fields (labels, a detection's group) flattened to
// `labels.team`, the name the query language filters by. Pure.
import type { SearchEvent } from '../state.ts';

export interface FieldRow {
  readonly field: string;
  /** The values to filter by: one per element of a list field, else the one value as text. */
  readonly values: readonly string[];
}

export function recordRows(event: SearchEvent): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, value] of Object.entries(event)) {
    if (Array.isArray(value)) rows.push({ field: name, values: value });
    else if (typeof value === 'object') for (const [key, inner] of Object.entries(value)) rows.push({ field: `${name}.${key}`, values: [inner] });
    else rows.push({ field: name, values: [String(value)] });
  }
  return rows.sort((a, b) => a.field.localeCompare(b.field));
}

/** Every field name the events have, with how many of them have it, most common first. */
export function fieldsOf(events: readonly SearchEvent[]): { field: string; present: number }[] {
  const counts = new Map<string, number>();
  for (const event of events) for (const row of recordRows(event)) counts.set(row.field, (counts.get(row.field) ?? 0) + 1);
  return [...counts].map(([field, present]) => ({ field, present })).sort((a, b) => b.present - a.present || a.field.localeCompare(b.field));
}

/** Fields whose top values the server can count: not the free text `message`, not map keys (docs/api.md aggregate). */
export function aggregatable(field: string): boolean {
  return field !== 'message' && !field.startsWith('labels.') && !field.startsWith('logwarden.detection.group.');
}
