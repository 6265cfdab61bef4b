// The events around one record from the same source — the same `logwarden.system`, `host.name` and
// `log.syslog.appname` — by sequence number: what was logged just before and after it there. The
// reads go through the caller's scope (scopeCondition, as every read does) and bound parameters
// only; the route masks the answer as search does.
import type { LogEvent } from '../schema/event.ts';
import { FIELDS, fieldByName } from '../schema/fields.ts';
import { scopeCondition } from '../query/filter.ts';
import type { Scope } from '../query/scope.ts';
import type { EventStore } from '../store/event-store.ts';
import { fromRow } from '../store/row-codec.ts';

/** The fields whose values name a record's source; an absent one matches records without it. */
export const SOURCE_FIELDS = ['logwarden.system', 'host.name', 'log.syslog.appname'] as const;

const ALL_COLUMNS = FIELDS.map((field) => `\`${field.column}\``).join(', ');

export interface EventContext {
  readonly record: LogEvent;
  /** Oldest first: `before` neighbours, the record, `after` neighbours. */
  readonly events: LogEvent[];
}

export async function eventContext(store: EventStore, record: LogEvent, scope: Scope, before: number, after: number): Promise<EventContext> {
  const seq = Number(record['event.sequence']);
  const [earlier, later] = await Promise.all([neighbours(store, record, scope, seq, 'before', before), neighbours(store, record, scope, seq, 'after', after)]);
  return { record, events: [...earlier.reverse(), record, ...later] };
}

/** The source's value of each source field, '' when the record has none (the columns store '' then). */
export function sourceOf(record: LogEvent): Record<(typeof SOURCE_FIELDS)[number], string> {
  const value = (name: string): string => (typeof record[name] === 'string' ? record[name] : '');
  return { 'logwarden.system': value('logwarden.system'), 'host.name': value('host.name'), 'log.syslog.appname': value('log.syslog.appname') };
}

async function neighbours(store: EventStore, record: LogEvent, scope: Scope, seq: number, side: 'before' | 'after', limit: number): Promise<LogEvent[]> {
  if (limit === 0) return [];
  const inScope = scopeCondition(scope);
  const source = sourceOf(record);
  const sameSource = SOURCE_FIELDS.map((name, index) => `\`${columnOf(name)}\` = {lw_ctx_${index}:String}`).join(' AND ');
  const params = Object.fromEntries(SOURCE_FIELDS.map((name, index) => [`lw_ctx_${index}`, source[name]]));
  const [comparison, order] = side === 'before' ? ['<', 'DESC'] : ['>', 'ASC'];
  const rows = await store.read(
    `SELECT ${ALL_COLUMNS} FROM events
     WHERE ${inScope.sql} AND ${sameSource} AND event_sequence ${comparison} {lw_seq:UInt64}
     ORDER BY event_sequence ${order} LIMIT {lw_limit:UInt32}`,
    { ...inScope.params, ...params, lw_seq: seq, lw_limit: limit },
  );
  return rows.map(fromRow);
}

function columnOf(name: string): string {
  const field = fieldByName(name);
  if (!field) throw new Error(`event-context: ${name} is not in the field registry`);
  return field.column;
}
