// Reads of stored detections (events with event.kind alert), all parameterised SQL: which of a
// batch's detection ids are stored already (so a replay or a retried batch fires nothing twice),
// the detections of the span a restart replays (to seed the correlator), the stored events of that
// span, and the detections API's filtered list. Detections are events like any other: written
// through the pipeline by the consumer (detection-consumer.ts), never here.
import { NODE_RECORDS_CONDITION } from '../ledger/ledger-sql.ts';
import type { Scope } from '../query/scope.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import type { SqlEngine, SqlParams } from '../store/engine.ts';
import { fromRow } from '../store/row-codec.ts';
import type { PriorDetection } from './correlation/correlator.ts';
import { DETECTION_FIELDS, storedDetection, type StoredDetection } from './detection-event.ts';
import type { RuleLevel } from './rule.ts';

const ALERT = "event_kind = 'alert'";
const column = (name: string): string => `\`${(fieldByName(name) as FieldDef).column}\``;
const DETECTION_COLUMNS = DETECTION_FIELDS.map(column).join(', ');

/** A read with every value bound: the engine, or the store's search slots for the API. */
export type SqlRead = <Row = Record<string, unknown>>(sql: string, params: SqlParams) => Promise<Row[]>;

export interface DetectionFilter {
  readonly scope: Scope;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
  /** A rule id or title. */
  readonly rule?: string;
  readonly system?: string;
  readonly level?: RuleLevel;
  readonly limit: number;
}

/** The detections API's list: newest first, one row per detection id. */
export async function listDetections(read: SqlRead, filter: DetectionFilter): Promise<StoredDetection[]> {
  const clauses = [ALERT, "timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC')", "timestamp < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')"];
  const params: Record<string, string | number | readonly string[]> = { lw_from: filter.from, lw_to: filter.to, lw_limit: filter.limit };
  if (filter.rule !== undefined) {
    clauses.push(`(${column('rule.id')} = {lw_rule:String} OR ${column('rule.name')} = {lw_rule:String})`);
    params['lw_rule'] = filter.rule;
  }
  if (filter.system !== undefined) {
    clauses.push(`has(${column('logwarden.detection.systems')}, {lw_system:String})`);
    params['lw_system'] = filter.system;
  }
  if (filter.level !== undefined) {
    clauses.push(`${column('logwarden.detection.level')} = {lw_level:String}`);
    params['lw_level'] = filter.level;
  }
  // A detection is the scope's only when ALL its evidence is: a detection names its evidence's
  // sequence numbers, group values and message, so one that correlates web and db events would
  // tell a web-only caller about db (R-ACCESS-1, need to know; docs/access.md).
  if (filter.scope.kind === 'systems') {
    clauses.push(`hasAll({lw_systems:Array(String)}, ${column('logwarden.detection.systems')})`);
    params['lw_systems'] = filter.scope.systems;
  }
  const rows = await read(
    `SELECT ${DETECTION_COLUMNS} FROM events WHERE ${clauses.join(' AND ')}
     ORDER BY timestamp DESC, event_sequence DESC LIMIT 1 BY ${column('event.id')} LIMIT {lw_limit:UInt32}`,
    params,
  );
  return rows.map((row) => storedDetection(fromRow(row)));
}

/** Stored detection reads of one node, for the consumer. */
export class DetectionStore {
  readonly #engine: SqlEngine;
  readonly #node: string;

  constructor(engine: SqlEngine, node: string) {
    this.#engine = engine;
    this.#node = node;
  }

  /**
   * Which of these ids are stored. A detection's time is part of what its id is derived from (the
   * same trigger, the same time), so the time bounds only narrow the scan to the granules it can be in.
   */
  async storedIds(ids: readonly string[], times: { readonly from: number; readonly to: number }): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#engine.query<{ id: string }>(
      `SELECT DISTINCT ${column('event.id')} AS id FROM events
       WHERE ${ALERT} AND ${column('event.id')} IN {lw_ids:Array(String)}
         AND timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC') AND timestamp <= fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')`,
      { lw_ids: ids, lw_from: times.from, lw_to: times.to },
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The detections this node stored with event times from `from` on: what the correlator is seeded with. */
  async priorDetections(from: number): Promise<PriorDetection[]> {
    const rows = await this.#engine.query(
      `SELECT ${DETECTION_COLUMNS} FROM events
       WHERE ${ALERT} AND timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC') AND ${NODE_RECORDS_CONDITION}
       ORDER BY timestamp, event_sequence LIMIT 1 BY ${column('event.id')}`,
      { lw_from: from, lw_node: this.#node },
    );
    return rows.map((row) => {
      const detection = storedDetection(fromRow(row));
      // The trigger is the newest evidence: a chained correlation reads it to tell whether an inner detection fired before the replay.
      const trigger = detection.events.length > 0 ? Math.max(...detection.events) : undefined;
      return { id: detection.id, ruleId: detection.rule.id, group: detection.group, time: detection.time, ...(trigger === undefined ? {} : { trigger }) };
    });
  }

  /**
   * The newest event time among the last `window` records up to `cursor`: where the correlator's
   * clock stood when the consumer stopped (undefined when nothing is stored). Records whose time
   * the clock check flagged are left out, as the correlator leaves them out of its clock.
   */
  async eventTimeAt(cursor: number, window: number): Promise<number | undefined> {
    const [row] = await this.#engine.query<{ t: string | number; n: string | number }>(
      `SELECT toUnixTimestamp64Milli(max(timestamp)) AS t, count() AS n FROM events
       WHERE event_sequence <= {lw_hi:UInt64} AND event_sequence > {lw_lo:Int64} AND ${column('logwarden.time.skew_ms')} IS NULL AND ${NODE_RECORDS_CONDITION}`,
      { lw_hi: cursor, lw_lo: cursor - window, lw_node: this.#node },
    );
    return row && Number(row.n) > 0 ? Number(row.t) : undefined;
  }

  /**
   * The first sequence number, among the last `window` up to `cursor`, of a record with an event
   * time from `from` on: where a restart's replay starts (cursor + 1 when there is none).
   */
  async firstSequenceSince(cursor: number, from: number, window: number): Promise<number> {
    const [row] = await this.#engine.query<{ s: string | number; n: string | number }>(
      `SELECT min(event_sequence) AS s, count() AS n FROM events
       WHERE event_sequence <= {lw_hi:UInt64} AND event_sequence > {lw_lo:Int64}
         AND timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC') AND ${NODE_RECORDS_CONDITION}`,
      { lw_hi: cursor, lw_lo: cursor - window, lw_from: from, lw_node: this.#node },
    );
    return row && Number(row.n) > 0 ? Number(row.s) : cursor + 1;
  }
}
