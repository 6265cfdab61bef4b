// The event store: writes batches of events and answers searches, counts and aggregations.
// One implementation over SqlEngine serves both the embedded engine and a ClickHouse server.
import { LogwardenError } from '../errors/codes.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import { compileFilter, scopeCondition, type EventFilter } from '../query/filter.ts';
import { bucketStart, checkBucketCount, zeroFill } from '../query/histogram.ts';
import { isArrayField } from '../query/predicate.ts';
import type { Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { FIELDS, resolveField } from '../schema/fields.ts';
import type { SqlEngine, SqlParams } from './engine.ts';
import { afterKeyset, betweenKeysets, orderBy, rowsWithin, type Keyset } from './keyset.ts';
import { readLeafFormats } from '../ledger/leaf-format-table.ts';
import { LeafFormats } from '../ledger/leaf-format.ts';
import { LOCAL_CONTEXT, migrate, type MigrationContext } from './migrations.ts';
import { QuerySlots } from './query-slots.ts';
import { isTimeoutExceeded, queryTimeoutError, withTimeLimit } from './query-timeout.ts';
import { storeFailure } from './store-failure.ts';
import { encodeRow, fromEngineTime, fromRow } from './row-codec.ts';

export interface TimeRange {
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly to?: number;
}

/**
 * What every read takes: the parsed query, the caller's scope (mandatory: see src/access/scope.ts)
 * and a time range, compiled into one WHERE clause by src/query/filter.ts.
 */
export interface Filter extends EventFilter {
  /** What `now` in the query means, epoch ms (default: the time of the call); pages of one search share it. */
  readonly now?: number;
}

export interface SearchRequest extends Filter {
  readonly limit: number;
  /** Oldest first instead of newest first. */
  readonly ascending?: boolean;
}

export interface PageRequest extends SearchRequest {
  /** Continue after this event (exclusive), in the request's order. */
  readonly after?: Keyset;
  /** Stop before the events' engine JSON would exceed this (always at least one event). */
  readonly maxBytes: number;
}

export interface Page {
  readonly events: LogEvent[];
  /** More events match after the last one returned. */
  readonly more: boolean;
}

/** Limits on searches, counts and aggregations (configuration `search.*`). */
export interface SearchLimits {
  readonly maxQuerySeconds: number;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}

/** For tools and tests that build a store directly; the server passes the configured ones. */
export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxQuerySeconds: 30, maxConcurrent: 2, maxQueued: 16 };

/** What a client refused for too many searches at once is told to wait. */
const RETRY_AFTER_SECONDS = 2;

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
  return encodeRow(event);
}

const ALL_COLUMNS = FIELDS.map((f) => `\`${f.column}\``).join(', ');

export class EventStore {
  readonly #engine: SqlEngine;
  readonly #limits: SearchLimits;
  /** Each search slot is an engine session of its own: see SqlEngine.isolated. */
  readonly #slots: QuerySlots<SqlEngine>;
  /** What `now` in a query means when the request does not say. */
  readonly #clock: Clock;
  #leafFormats = LeafFormats.current;

  constructor(engine: SqlEngine, limits: SearchLimits = DEFAULT_SEARCH_LIMITS, clock: Clock = systemClock) {
    this.#engine = engine;
    this.#clock = clock;
    this.#limits = limits;
    const readers = Array.from({ length: limits.maxConcurrent }, () => engine.isolated());
    this.#slots = new QuerySlots(readers, { maxQueued: limits.maxQueued, retryAfterSeconds: RETRY_AFTER_SECONDS });
  }

  get description(): string {
    return this.#engine.description;
  }

  /** Migrate the store, then learn which leaf format each stored record's leaf is in. */
  async open(context: MigrationContext = LOCAL_CONTEXT): Promise<void> {
    await migrate(this.#engine, context);
    this.#leafFormats = await readLeafFormats(this.#engine, context.node);
  }

  /** Which leaf format each record's leaf is in (ledger/leaf-format.ts); known after open(). */
  get leafFormats(): LeafFormats {
    return this.#leafFormats;
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
    const [row] = await this.#engine.query<{ last: string | number; n: string | number }>('SELECT max(event_sequence) AS last, count() AS n FROM events');
    return row && Number(row.n) > 0 ? Number(row.last) : -1;
  }

  /** Up to `limit` events in order, however large (tools and tests; the API pages with searchPage). */
  async search(request: SearchRequest): Promise<LogEvent[]> {
    const where = this.#where(request);
    const rows = await this.#read(`SELECT ${ALL_COLUMNS} FROM events WHERE ${where.sql} ${orderBy(request.ascending === true)} LIMIT {lw_limit:UInt32}`, { ...where.params, lw_limit: request.limit });
    return rows.map(fromRow);
  }

  /**
   * One page of a search, bounded in memory as well as in rows: first the matching events' keys
   * and sizes (small rows), then only the events that fit in `maxBytes`, by their keyset range.
   */
  async searchPage(request: PageRequest): Promise<Page> {
    const ascending = request.ascending === true;
    const where = this.#where(request);
    const after = request.after ? afterKeyset(request.after, ascending) : undefined;
    const keysWhere = after ? `${where.sql} AND ${after.sql}` : where.sql;
    return this.#slots.run(async (engine) => {
      const keys = await this.#timed(() =>
        engine.query<{ t: string | number; s: string | number; b: string | number }>(
          withTimeLimit(
            `SELECT toUnixTimestamp64Milli(timestamp) AS t, event_sequence AS s, length(formatRow('JSONEachRow', ${ALL_COLUMNS})) AS b
             FROM events WHERE ${keysWhere} ${orderBy(ascending)} LIMIT {lw_limit:UInt32}`,
            this.#limits.maxQuerySeconds,
          ),
          { ...where.params, ...after?.params, lw_limit: request.limit + 1 },
        ),
      );
      const count = rowsWithin(
        keys.slice(0, request.limit).map((key) => Number(key.b)),
        request.maxBytes,
      );
      if (count === 0) return { events: [], more: false };
      const key = (i: number): Keyset => ({ timestamp: Number(keys[i]?.t), sequence: Number(keys[i]?.s) });
      const range = betweenKeysets(key(0), key(count - 1), ascending);
      const rows = await this.#timed(() =>
        engine.query(withTimeLimit(`SELECT ${ALL_COLUMNS} FROM events WHERE ${where.sql} AND ${range.sql} ${orderBy(ascending)} LIMIT {lw_limit:UInt32}`, this.#limits.maxQuerySeconds), {
          ...where.params,
          ...range.params,
          lw_limit: count,
        }),
      );
      return { events: rows.map(fromRow), more: keys.length > count };
    });
  }

  /** The record with this sequence number, if it is stored and inside the scope (else: as if missing). */
  async bySequence(sequence: number, scope: Scope): Promise<LogEvent | undefined> {
    const inScope = scopeCondition(scope);
    const rows = await this.#read(`SELECT ${ALL_COLUMNS} FROM events WHERE event_sequence = {lw_seq:UInt64} AND ${inScope.sql} LIMIT 1`, {
      ...inScope.params,
      lw_seq: sequence,
    });
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async count(request: Filter): Promise<number> {
    const where = this.#where(request);
    const [row] = await this.#read<{ n: string }>(`SELECT count() AS n FROM events WHERE ${where.sql}`, where.params);
    return Number(row?.n ?? 0);
  }

  /**
   * Event counts per time bucket of `intervalSeconds`, every bucket of the range present (zero
   * when empty); more than MAX_HISTOGRAM_BUCKETS is refused (LW_BAD_REQUEST) before the engine runs.
   */
  async histogram(request: Filter, intervalSeconds: number): Promise<HistogramBucket[]> {
    const intervalMs = intervalSeconds * 1000;
    if (request.from !== undefined && request.to !== undefined) checkBucketCount(bucketStart(request.from, intervalMs), request.to, intervalMs);
    const where = this.#where(request);
    const rows = await this.#read<{ start: string; n: string }>(
      `SELECT toStartOfInterval(timestamp, INTERVAL {lw_interval:UInt32} SECOND) AS start, count() AS n
       FROM events WHERE ${where.sql} GROUP BY start ORDER BY start`,
      { ...where.params, lw_interval: intervalSeconds },
    );
    const found = rows.map((row) => ({ start: fromEngineTime(row.start), count: Number(row.n) }));
    return zeroFill(found, request, intervalMs);
  }

  /** The most frequent values of a field. */
  async topValues(request: Filter, fieldName: string, size: number): Promise<TermBucket[]> {
    const field = resolveField(fieldName);
    if (!field || field.kind === 'map' || field.kind === 'text') {
      throw new LogwardenError('LW_QUERY_FIELD', `cannot aggregate on field "${fieldName}": expected a keyword, number, ip or time field`);
    }
    const where = this.#where(request);
    // An array field (registry `array: true`) counts each element as a value of its own.
    const value = isArrayField(field) ? `arrayJoin(\`${field.column}\`)` : `toString(\`${field.column}\`)`;
    const rows = await this.#read<{ value: unknown; n: string }>(
      `SELECT ${value} AS value, count() AS n FROM events WHERE ${where.sql}
       GROUP BY value ORDER BY n DESC, value LIMIT {lw_size:UInt32}`,
      { ...where.params, lw_size: size },
    );
    return rows.map((row) => ({ value: String(row.value ?? ''), count: Number(row.n) }));
  }

  async close(): Promise<void> {
    await this.#engine.close();
  }

  /**
   * A read whose SQL is written elsewhere (src/store/system-stats.ts), run as a user's search is: on
   * a search slot, under the time limit. Every value in it must be a bound parameter.
   */
  read<Row = Record<string, unknown>>(sql: string, params: SqlParams): Promise<Row[]> {
    return this.#read(sql, params);
  }

  /** A user's read: on a search slot, under the time limit. */
  #read<Row = Record<string, unknown>>(sql: string, params: SqlParams): Promise<Row[]> {
    return this.#slots.run((engine) => this.#timed(() => engine.query<Row>(withTimeLimit(sql, this.#limits.maxQuerySeconds), params)));
  }

  async #timed<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isTimeoutExceeded(error)) throw queryTimeoutError(this.#limits.maxQuerySeconds, error);
      throw storeFailure(error, 'query');
    }
  }

  #where(request: Filter): { sql: string; params: SqlParams } {
    return compileFilter(request, request.now ?? this.#clock.now());
  }
}
