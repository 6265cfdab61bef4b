// The event store: writes batches of events and answers searches, counts and aggregations.
// One implementation over SqlEngine serves both the embedded engine and a ClickHouse server.
import { compileQuery } from '../query/compile.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { LogEvent } from '../schema/event.ts';
import { FIELDS, resolveField } from '../schema/fields.ts';
import type { SqlEngine, SqlParams } from './engine.ts';
import { migrate } from './migrations.ts';
import { fromEngineTime, fromRow, toRow } from './row-codec.ts';

export interface TimeRange {
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly to?: number;
}

export interface SearchRequest extends TimeRange {
  readonly query: string;
  readonly limit: number;
  /** Oldest first instead of newest first. */
  readonly ascending?: boolean;
}

export interface HistogramBucket {
  readonly start: number;
  readonly count: number;
}

export interface TermBucket {
  readonly value: string;
  readonly count: number;
}

/** One event as the engine's JSONEachRow line. */
export function encodeEvent(event: LogEvent): string {
  return JSON.stringify(toRow(event));
}

const ALL_COLUMNS = FIELDS.map((f) => `\`${f.column}\``).join(', ');

export class EventStore {
  readonly #engine: SqlEngine;

  constructor(engine: SqlEngine) {
    this.#engine = engine;
  }

  get description(): string {
    return this.#engine.description;
  }

  async open(): Promise<void> {
    await migrate(this.#engine);
  }

  /** Write one batch. Resolves once the engine has stored every row. */
  async insert(events: readonly LogEvent[]): Promise<void> {
    await this.insertEncoded(events.map(encodeEvent));
  }

  /** Write rows already encoded with `encodeEvent`. */
  async insertEncoded(rows: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#engine.insertJsonEachRow('events', Buffer.from(`${rows.join('\n')}\n`));
  }

  /** Highest stored sequence number, or -1 for an empty store. */
  async lastSequence(): Promise<number> {
    const [row] = await this.#engine.query<{ last: string | number; n: string | number }>(
      'SELECT max(event_sequence) AS last, count() AS n FROM events',
    );
    return row && Number(row.n) > 0 ? Number(row.last) : -1;
  }

  async search(request: SearchRequest): Promise<LogEvent[]> {
    const where = this.#where(request);
    const order = request.ascending ? 'ASC' : 'DESC';
    const rows = await this.#engine.query(
      `SELECT ${ALL_COLUMNS} FROM events WHERE ${where.sql} ORDER BY timestamp ${order}, event_sequence ${order} LIMIT {lw_limit:UInt32}`,
      { ...where.params, lw_limit: request.limit },
    );
    return rows.map(fromRow);
  }

  /** The record with this sequence number, if it is stored. */
  async bySequence(sequence: number): Promise<LogEvent | undefined> {
    const rows = await this.#engine.query(`SELECT ${ALL_COLUMNS} FROM events WHERE event_sequence = {lw_seq:UInt64} LIMIT 1`, { lw_seq: sequence });
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async count(request: Omit<SearchRequest, 'limit'>): Promise<number> {
    const where = this.#where(request);
    const [row] = await this.#engine.query<{ n: string }>(`SELECT count() AS n FROM events WHERE ${where.sql}`, where.params);
    return Number(row?.n ?? 0);
  }

  /** Event counts per time bucket of `intervalSeconds`. */
  async histogram(request: Omit<SearchRequest, 'limit'>, intervalSeconds: number): Promise<HistogramBucket[]> {
    const where = this.#where(request);
    const rows = await this.#engine.query<{ start: string; n: string }>(
      `SELECT toStartOfInterval(timestamp, INTERVAL {lw_interval:UInt32} SECOND) AS start, count() AS n
       FROM events WHERE ${where.sql} GROUP BY start ORDER BY start`,
      { ...where.params, lw_interval: intervalSeconds },
    );
    return rows.map((row) => ({ start: fromEngineTime(row.start), count: Number(row.n) }));
  }

  /** The most frequent values of a field. */
  async topValues(request: Omit<SearchRequest, 'limit'>, fieldName: string, size: number): Promise<TermBucket[]> {
    const field = resolveField(fieldName);
    if (!field || field.kind === 'map' || field.kind === 'text') {
      throw new LogwardenError('LW_QUERY_FIELD', `cannot aggregate on field "${fieldName}": expected a keyword, number, ip or time field`);
    }
    const where = this.#where(request);
    const rows = await this.#engine.query<{ value: unknown; n: string }>(
      `SELECT toString(\`${field.column}\`) AS value, count() AS n FROM events WHERE ${where.sql}
       GROUP BY value ORDER BY n DESC, value LIMIT {lw_size:UInt32}`,
      { ...where.params, lw_size: size },
    );
    return rows.map((row) => ({ value: String(row.value ?? ''), count: Number(row.n) }));
  }

  async close(): Promise<void> {
    await this.#engine.close();
  }

  #where(request: Omit<SearchRequest, 'limit'>): { sql: string; params: SqlParams } {
    const compiled = compileQuery(request.query, { now: Date.now() });
    const clauses = [`(${compiled.sql})`];
    const params: Record<string, string | number> = { ...compiled.params };
    if (request.from !== undefined) {
      clauses.push('timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, \'UTC\')');
      params['lw_from'] = request.from;
    }
    if (request.to !== undefined) {
      clauses.push('timestamp < fromUnixTimestamp64Milli({lw_to:Int64}, \'UTC\')');
      params['lw_to'] = request.to;
    }
    return { sql: clauses.join(' AND '), params };
  }
}
