// The SQL behind the systems list and the coverage report (src/api/systems-routes.ts): events per
// system and per source, and which of the required fields (src/systems/required-fields.ts) their
// events carry. Read like a user's search, on a search slot under the time limit (EventStore.read);
// every value is a bound parameter. Each query names event_ingested bounds first (PREWHERE): the
// table is partitioned by the month of event.ingested, so a day's or a month's read skips the rest.
import { scopeCondition } from '../query/filter.ts';
import type { Scope } from '../query/scope.ts';
import { resolveField } from '../schema/fields.ts';
import { REQUIRED_FIELDS, SKEW_FLAG_FIELD, UNPLACED_SYSTEM_VALUE } from '../systems/required-fields.ts';
import type { SqlParams } from './engine.ts';

export interface StoreReader {
  read<Row = Record<string, unknown>>(sql: string, params: SqlParams): Promise<Row[]>;
}

/**
 * The address part of logwarden.source.peer: `[v6]:port` (syslog), `v6:port` (HTTP), `v4:port`; a
 * v4-mapped v6 address as the v4 one. The same reading as peerAddress in src/config/peer-range.ts.
 */
const PEER_ADDRESS = `replaceRegexpOne(replaceRegexpOne(logwarden_source_peer, '^[[]?(.*?)[]]?:[0-9]*$', '\\\\1'), '(?i)^::ffff:([0-9]+[.][0-9]+[.][0-9]+[.][0-9]+)$', '\\\\1')`;

/** One sender as the lists tell them apart. */
export interface SourceKey {
  readonly identity: string;
  /** The peer's address, without its port. */
  readonly peer: string;
  readonly host: string;
}

export interface SystemActivity {
  readonly system: string;
  readonly eventsToday: number;
  /** Epoch ms of the newest event.ingested in the look-back window (a system without one has no row). */
  readonly lastSeen: number;
  /** Distinct senders today. */
  readonly sourcesToday: number;
}

export interface SourceActivity extends SourceKey {
  readonly system: string;
  readonly events: number;
  readonly lastSeen: number;
}

export interface ActivityWindow {
  /** Start of "today" (UTC midnight), epoch ms. */
  readonly dayStart: number;
  /** How far back `last seen` looks, epoch ms. */
  readonly lookbackStart: number;
  /** Most sources listed per system. */
  readonly maxSources: number;
}

/** Counts of events with each required field, for a system overall or one of its sources. */
export interface CoverageCounts {
  readonly events: number;
  /** Per REQUIRED_FIELDS key. */
  readonly present: Readonly<Record<string, number>>;
  /** Events whose time the clock check flagged (logwarden.time.skew_ms set). */
  readonly skewed: number;
}

export interface SystemCoverage {
  readonly overall: CoverageCounts;
  readonly sources: readonly (SourceKey & CoverageCounts)[];
  /** Sources beyond maxSources, not listed. */
  readonly more: number;
}

type Row = Record<string, string | number | null>;

export class SystemStats {
  readonly #reader: StoreReader;

  constructor(reader: StoreReader) {
    this.#reader = reader;
  }

  /** Events today and last seen per system in scope, and today's busiest sources of each. */
  async activity(window: ActivityWindow, scope: Scope): Promise<{ systems: SystemActivity[]; sources: SourceActivity[] }> {
    const inScope = scopeCondition(scope);
    const params = { ...inScope.params, lw_day: window.dayStart, lw_since: window.lookbackStart };
    const day = "event_ingested >= fromUnixTimestamp64Milli({lw_day:Int64}, 'UTC')";
    const systems = await this.#reader.read<Row>(
      `SELECT logwarden_system AS system, countIf(${day}) AS today, toUnixTimestamp64Milli(max(event_ingested)) AS last
       FROM events PREWHERE event_ingested >= fromUnixTimestamp64Milli({lw_since:Int64}, 'UTC') WHERE ${inScope.sql}
       GROUP BY system ORDER BY system`,
      params,
    );
    const sources = await this.#reader.read<Row>(
      `SELECT logwarden_system AS system, logwarden_source_identity AS identity, ${PEER_ADDRESS} AS peer, host_name AS host,
              count() AS events, toUnixTimestamp64Milli(max(event_ingested)) AS last, count() OVER (PARTITION BY system) AS senders
       FROM events PREWHERE ${day} WHERE ${inScope.sql}
       GROUP BY system, identity, peer, host ORDER BY system, events DESC, identity, peer, host LIMIT {lw_max:UInt32} BY system`,
      { ...params, lw_max: window.maxSources },
    );
    // Windows run after GROUP BY and before LIMIT BY: `senders` counts every source of the system, listed or not.
    const senders = new Map(sources.map((row) => [String(row['system']), Number(row['senders'])]));
    return {
      systems: systems.map((row) => ({ system: String(row['system']), eventsToday: Number(row['today']), lastSeen: Number(row['last']), sourcesToday: senders.get(String(row['system'])) ?? 0 })),
      sources: sources.map((row) => ({ system: String(row['system']), ...sourceKey(row), events: Number(row['events']), lastSeen: Number(row['last']) })),
    };
  }

  /** Which required fields the system's events received in [from, to) carry, overall and per source (one query). */
  async coverage(system: string, range: { from: number; to: number }, scope: Scope, maxSources: number): Promise<SystemCoverage> {
    const inScope = scopeCondition(scope);
    const counts = REQUIRED_FIELDS.map((required) => `countIf(${required.fields.map(presence).join(' OR ')}) AS \`f_${required.key}\``).join(',\n              ');
    const rows = await this.#reader.read<Row>(
      `SELECT grouping(identity, peer, host) AS partial, logwarden_source_identity AS identity, ${PEER_ADDRESS} AS peer, host_name AS host,
              count() AS events, countIf(${presence(SKEW_FLAG_FIELD)}) AS skewed,
              ${counts}
       FROM events PREWHERE event_ingested >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC') AND event_ingested < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')
       WHERE logwarden_system = {lw_system:String} AND ${inScope.sql}
       GROUP BY GROUPING SETS ((), (identity, peer, host))
       ORDER BY partial DESC, events DESC, identity, peer, host`,
      { ...inScope.params, lw_from: range.from, lw_to: range.to, lw_system: system },
    );
    const isOverall = (row: Row): boolean => Number(row['partial']) !== 0;
    const overallRow = rows.find(isOverall);
    const sourceRows = rows.filter((row) => !isOverall(row));
    return {
      overall: overallRow ? coverageCounts(overallRow) : { events: 0, present: Object.fromEntries(REQUIRED_FIELDS.map((required) => [required.key, 0])), skewed: 0 },
      sources: sourceRows.slice(0, maxSources).map((row) => ({ ...sourceKey(row), ...coverageCounts(row) })),
      more: Math.max(0, sourceRows.length - maxSources),
    };
  }
}

function sourceKey(row: Row): SourceKey {
  return { identity: String(row['identity'] ?? ''), peer: String(row['peer'] ?? ''), host: String(row['host'] ?? '') };
}

function coverageCounts(row: Row): CoverageCounts {
  return {
    events: Number(row['events']),
    present: Object.fromEntries(REQUIRED_FIELDS.map((required) => [required.key, Number(row[`f_${required.key}`])])),
    skewed: Number(row['skewed']),
  };
}

/** The SQL condition "this field has a value" for a registry field; names come from the code's table, never from a request. */
export function presence(name: string): string {
  const field = resolveField(name);
  if (!field || field.kind === 'map' || field.kind === 'text') throw new Error(`required field ${name} is not a stored keyword, number, ip or time field`);
  const column = `\`${field.column}\``;
  if (name === '@timestamp') return '1';
  if (name === 'logwarden.system') return `${column} != '${UNPLACED_SYSTEM_VALUE}'`;
  if (field.type.startsWith('Nullable(')) return `isNotNull(${column})`;
  if (field.kind === 'int' || field.kind === 'time' || field.kind === 'bool') return `${column} != 0`;
  return `notEmpty(${column})`;
}
