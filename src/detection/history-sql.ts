// DetectionHistory over the stored events: parameterised SQL through the engine (every value a
// bound parameter, column names only from the field registry, predicates rendered by the query
// compiler's SQL backend). Only this node's events count (sequence numbers are per node), alerts
// never do. Each query bounds event_ingested first (PREWHERE) so the month partitions it cannot
// touch are skipped; @timestamp ranges allow a day of clock skew ahead of receipt.
import { toSql } from '../query/sql-backend.ts';
import { resolveField, type FieldDef } from '../schema/fields.ts';
import type { SqlEngine, SqlParams } from '../store/engine.ts';
import { usualGap } from './correlation/history-memory.ts';
import type { BucketCount, DetectionHistory, HistoryPart, HistoryQuery, KnownValues, LastHeard } from './correlation/history.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

type Row = Record<string, unknown>;

/** The partition bound every query names first (a day before the @timestamp range: clocks ahead of receipt). */
const INGESTED_FROM = "event_ingested >= fromUnixTimestamp64Milli({lw_ingested:Int64}, 'UTC')";

/** The SQL pieces of a query: which events, and the group (and value) each is read with. */
interface Selection {
  readonly where: string;
  readonly group: string;
  readonly value: string;
  readonly params: Record<string, string | number | readonly string[]>;
}

export class SqlDetectionHistory implements DetectionHistory {
  readonly #engine: SqlEngine;
  readonly #node: string;

  constructor(engine: SqlEngine, node: string) {
    this.#engine = engine;
    this.#node = node;
  }

  get node(): string {
    return this.#node;
  }

  async bucketCounts(query: HistoryQuery, bucketMs: number): Promise<BucketCount[]> {
    const s = this.#selection(query, 'timestamp');
    const rows = await this.#query(
      `SELECT ${s.group} AS g, intDiv(toUnixTimestamp64Milli(timestamp), {lw_bucket:Int64}) * {lw_bucket:Int64} AS b, count() AS n
       FROM events PREWHERE ${INGESTED_FROM} WHERE ${s.where} GROUP BY g, b ORDER BY g, b`,
      { ...s.params, lw_ingested: query.from - DAY, lw_bucket: bucketMs },
    );
    return rows.map((row) => ({ group: strings(row['g']), bucket: Number(row['b']), count: Number(row['n']) }));
  }

  async knownValues(query: HistoryQuery): Promise<KnownValues[]> {
    const s = this.#selection(query, 'timestamp');
    const rows = await this.#query(
      `SELECT ${s.group} AS g, ${s.value} AS v, toUnixTimestamp64Milli(min(timestamp)) AS first, toUnixTimestamp64Milli(max(timestamp)) AS last
       FROM events PREWHERE ${INGESTED_FROM} WHERE ${s.where} GROUP BY g, v ORDER BY g, v`,
      { ...s.params, lw_ingested: query.from - DAY },
    );
    const groups = new Map<string, { group: readonly string[]; first: number; values: Map<string, number> }>();
    for (const row of rows) {
      const group = strings(row['g']);
      const key = JSON.stringify(group);
      const known = groups.get(key) ?? { group, first: Number(row['first']), values: new Map<string, number>() };
      known.first = Math.min(known.first, Number(row['first']));
      const value = String(row['v']);
      if (value !== '') known.values.set(value, Number(row['last']));
      groups.set(key, known);
    }
    return [...groups.values()];
  }

  async lastHeard(query: HistoryQuery): Promise<LastHeard[]> {
    const s = this.#selection(query, 'event_ingested');
    const rows = await this.#query(
      `SELECT ${s.group} AS g, toUnixTimestamp64Milli(max(event_ingested)) AS seen, argMax(event_sequence, (event_ingested, event_sequence)) AS seq,
              groupUniqArray(intDiv(toUnixTimestamp64Milli(event_ingested), 60000) * 60000) AS minutes
       FROM events PREWHERE ${INGESTED_FROM} WHERE ${s.where} GROUP BY g ORDER BY g`,
      { ...s.params, lw_ingested: query.from },
    );
    return rows.map((row) => {
      const heard = { group: strings(row['g']), lastSeen: Number(row['seen']), lastSeq: Number(row['seq']) };
      const usualGapMs = usualGap(numbers(row['minutes']).map((m) => Math.floor(m / MINUTE) * MINUTE));
      return usualGapMs === undefined ? heard : { ...heard, usualGapMs };
    });
  }

  async earliest(beforeSeq: number): Promise<number | undefined> {
    const [row] = await this.#query(
      `SELECT count() AS n, toUnixTimestamp64Milli(min(timestamp)) AS t FROM events
       WHERE logwarden_node = {lw_node:String} AND event_sequence < {lw_before:UInt64} AND event_kind != 'alert'`,
      { lw_node: this.#node, lw_before: beforeSeq },
    );
    return row === undefined || Number(row['n']) === 0 ? undefined : Number(row['t']);
  }

  #query(sql: string, params: SqlParams): Promise<Row[]> {
    return this.#engine.query<Row>(sql, params);
  }

  /**
   * The WHERE of a query and its group and value expressions. With several parts (one per
   * referenced rule, each with its own aliases) an event takes the first part whose predicate
   * holds, as MemoryDetectionHistory does: multiIf over the parts' predicates.
   */
  #selection(query: HistoryQuery, timeColumn: 'timestamp' | 'event_ingested'): Selection {
    const params: Record<string, string | number | readonly string[]> = { lw_node: this.#node, lw_before: query.beforeSeq, lw_from: query.from, lw_to: query.to };
    const conditions = query.parts.map((part, i) => partCondition(part, i, query, params));
    const pick = (exprs: readonly string[], none: string): string => (exprs.length === 1 ? exprs[0]! : `multiIf(${exprs.map((expr, i) => `${conditions[i]}, ${expr}`).join(', ')}, ${none})`);
    const where = [
      'logwarden_node = {lw_node:String}',
      'event_sequence < {lw_before:UInt64}',
      "event_kind != 'alert'",
      `${timeColumn} >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC')`,
      `${timeColumn} < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')`,
      conditions.length === 0 ? '0' : `(${conditions.join(' OR ')})`,
    ].join(' AND ');
    const group = pick(
      query.parts.map((part) => `[${part.groupFields.map((field) => columnText(field)).join(', ')}]::Array(String)`),
      '[]::Array(String)',
    );
    const value = pick(
      query.parts.map((part) => (part.valueField === undefined ? "''" : columnText(part.valueField))),
      "''",
    );
    return { where, group, value, params };
  }
}

/** One part's events: its predicate, every group field present, and (when asked) its group among the wanted ones. */
function partCondition(part: HistoryPart, index: number, query: HistoryQuery, params: Record<string, string | number | readonly string[]>): string {
  const terms: string[] = [];
  if (part.predicate !== undefined) {
    const compiled = toSql(part.predicate);
    // the backend names its placeholders p0, p1, …: each part's get a prefix of their own
    terms.push(`(${compiled.sql.replace(/\{p(\d+):/g, `{lw_${index}_p$1:`)})`);
    for (const [name, value] of Object.entries(compiled.params)) params[`lw_${index}_${name}`] = value;
  }
  part.groupFields.forEach((field, i) => {
    terms.push(`${columnText(field)} != ''`);
    if (query.groups === undefined) return;
    const name = `lw_${index}_g${i}`;
    params[name] = [...new Set(query.groups.map((group) => group[i] ?? ''))];
    terms.push(`${columnText(field)} IN {${name}:Array(String)}`);
  });
  return terms.length === 0 ? '1' : terms.join(' AND ');
}

/** A field's value as the text group-key.ts compares (valueText): arrays joined by commas, absent as ''. */
function columnText(field: string): string {
  const def: FieldDef | undefined = resolveField(field);
  if (def === undefined) return "''"; // an unknown field is never stored: no event has a value for it
  const column = `\`${def.column}\``;
  if (def.type.startsWith('Array(') || def.type.startsWith('LowCardinality(Array')) return `arrayStringConcat(${column}, ',')`;
  if (def.kind === 'bool') return `if(${column}, 'true', 'false')`;
  return `ifNull(toString(${column}), '')`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.map(Number) : [];
}
