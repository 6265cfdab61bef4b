// Migration 6: the events table rebuilt, partitioned by (retention class, month of receipt) so
// that retention can drop whole partitions per class, with event.category and event.type as
// lists. The old table cannot be altered into that (a partition key is fixed at creation), so:
//   1. a staging table `retired_events_staging_6` is created with the new layout;
//   2. every record is copied into it inside the engine, one receipt month at a time (INSERT …
//      SELECT: nothing crosses into JavaScript; a category string becomes a one-element list,
//      '' an empty one);
//   3. the copy is checked leaf for leaf, in windows of sequence numbers, engine-side: each copied
//      record's leaf in format 1 (ledger/leaf-format.ts) must equal its stored ledger leaf and
//      the leaf the old table's record gives (the only check when the ledger never ran);
//   4. the leaf formats are recorded (format 1 below the first new record, 2 from it), the tables
//      are exchanged, and the old one, renamed `retired_events_before_6`, is dropped.
// A failed check throws LW_MIGRATION_FAILED before the exchange: the old table stays in use and
// the next start tries again. Every step can be repeated after a crash.
import { LogwardenError } from '../errors/codes.ts';
import { fieldsAsOf, type FieldDef } from '../schema/fields.ts';
import { buildLeafSql, LEAF_SQL_WITH } from '../ledger/leaf-sql.ts';
import { recordLeafFormats } from '../ledger/leaf-format-table.ts';
import type { SqlEngine } from './engine.ts';
import type { MigrationContext } from './migrations.ts';

const STAGING = 'retired_events_staging_6';
const RETIRED = 'retired_events_before_6';

/** The columns as they were when this migration was released: written out, never derived from the live registry. */
const V6_COLUMNS: readonly (readonly [string, string])[] = [
  ['event_sequence', 'UInt64'],
  ['timestamp', "DateTime64(3, 'UTC')"],
  ['event_ingested', "DateTime64(3, 'UTC')"],
  ['event_original', 'String'],
  ['message', 'String'],
  ['log_level', 'LowCardinality(String)'],
  ['event_kind', 'LowCardinality(String)'],
  ['event_category', 'Array(LowCardinality(String))'],
  ['event_type', 'Array(LowCardinality(String))'],
  ['event_action', 'LowCardinality(String)'],
  ['event_outcome', 'LowCardinality(String)'],
  ['event_severity', 'Nullable(Int64)'],
  ['host_name', 'LowCardinality(String)'],
  ['host_hostname', 'LowCardinality(String)'],
  ['host_ip', 'String'],
  ['host_id', 'String'],
  ['observer_name', 'LowCardinality(String)'],
  ['observer_hostname', 'LowCardinality(String)'],
  ['observer_ip', 'String'],
  ['observer_vendor', 'LowCardinality(String)'],
  ['observer_product', 'LowCardinality(String)'],
  ['observer_type', 'LowCardinality(String)'],
  ['service_name', 'LowCardinality(String)'],
  ['user_id', 'String'],
  ['user_name', 'String'],
  ['source_ip', 'String'],
  ['source_port', 'Nullable(UInt16)'],
  ['destination_ip', 'String'],
  ['destination_port', 'Nullable(UInt16)'],
  ['network_protocol', 'LowCardinality(String)'],
  ['network_transport', 'LowCardinality(String)'],
  ['process_name', 'LowCardinality(String)'],
  ['process_pid', 'Nullable(Int64)'],
  ['trace_id', 'String'],
  ['session_id', 'String'],
  ['labels', 'Map(String, String)'],
  ['log_syslog_facility_code', 'Nullable(UInt8)'],
  ['log_syslog_facility_name', 'LowCardinality(String)'],
  ['log_syslog_severity_code', 'Nullable(UInt8)'],
  ['log_syslog_severity_name', 'LowCardinality(String)'],
  ['log_syslog_version', 'LowCardinality(String)'],
  ['log_syslog_appname', 'LowCardinality(String)'],
  ['log_syslog_procid', 'String'],
  ['log_syslog_msgid', 'LowCardinality(String)'],
  ['log_syslog_structured_data', 'String'],
  ['logwarden_system', 'LowCardinality(String)'],
  ['logwarden_retention_class', 'LowCardinality(String)'],
  ['logwarden_node', 'LowCardinality(String)'],
  ['logwarden_source_protocol', 'LowCardinality(String)'],
  ['logwarden_source_listener', 'LowCardinality(String)'],
  ['logwarden_source_peer', 'String'],
  ['logwarden_source_identity', 'LowCardinality(String)'],
  ['logwarden_parse_error', 'LowCardinality(String)'],
  ['logwarden_parse_detail', 'String'],
  ['logwarden_truncated', 'Bool'],
  ['logwarden_original_base64', 'String'],
];

const CREATE_STAGING = `CREATE TABLE ${STAGING} (
${V6_COLUMNS.map(([name, type]) => `  \`${name}\` ${type},`).join('\n')}
  INDEX idx_message message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message)),
  INDEX idx_user_name user_name TYPE bloom_filter GRANULARITY 4,
  INDEX idx_source_ip source_ip TYPE bloom_filter GRANULARITY 4,
  INDEX idx_trace_id trace_id TYPE bloom_filter GRANULARITY 4,
  INDEX idx_session_id session_id TYPE bloom_filter GRANULARITY 4,
  INDEX idx_sequence event_sequence TYPE minmax GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY (logwarden_retention_class, toYYYYMM(event_ingested))
ORDER BY (timestamp, event_sequence)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1`;

const LISTS = new Set(['event_category', 'event_type']);
const COPY = `INSERT INTO ${STAGING} (${V6_COLUMNS.map(([name]) => `\`${name}\``).join(', ')})
SELECT ${V6_COLUMNS.map(([name]) => (LISTS.has(name) ? `CAST(if(\`${name}\` = '', [], [toString(\`${name}\`)]), 'Array(LowCardinality(String))')` : `\`${name}\``)).join(', ')}
FROM events WHERE toYYYYMM(event_ingested) = {month:UInt32}`;

/** The SQL this migration runs, held fixed by migrations.test.ts with the released statements. */
export const EVENTS_V6_SQL: readonly string[] = [CREATE_STAGING, COPY];

/** Records per window of the leaf check: bounded memory in the engine, few round trips. */
const WINDOW = 1 << 20;

export async function rebuildEventsTable(engine: SqlEngine, context: MigrationContext): Promise<void> {
  if (!(await alreadyExchanged(engine))) {
    await engine.command(`DROP TABLE IF EXISTS ${STAGING}`); // a copy a crash interrupted
    await engine.command(CREATE_STAGING);
    const months = await engine.query<{ m: number }>('SELECT DISTINCT toYYYYMM(event_ingested) AS m FROM events ORDER BY m');
    for (const { m } of months) await engine.command(COPY, { month: Number(m) });
    const span = await checkCopy(engine);
    await recordLeafFormats(
      engine,
      context.node,
      span === 0
        ? [{ from: 0, format: 2 }]
        : [
            { from: 0, format: 1 },
            { from: span, format: 2 },
          ],
    );
    await engine.command(`EXCHANGE TABLES events AND ${STAGING}`);
    await engine.command(`RENAME TABLE ${STAGING} TO ${RETIRED}`);
  }
  await engine.command(`DROP TABLE IF EXISTS ${STAGING}`);
  await engine.command(`DROP TABLE IF EXISTS ${RETIRED}`);
}

/** After a crash between the exchange and the end, `events` is already the new table. */
async function alreadyExchanged(engine: SqlEngine): Promise<boolean> {
  const [row] = await engine.query<{ type: string }>("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = 'event_category'");
  return row?.type.startsWith('Array(') === true;
}

/** The fields of the old table (event.category and event.type as strings) and of the new one. */
function leafExpressions(): { old: string; copied: string } {
  const v6: readonly FieldDef[] = fieldsAsOf(6);
  const v5 = v6.map((f) => (f.array ? { name: f.name, column: f.column, kind: f.kind, description: f.description, since: 1, type: 'LowCardinality(String)' } : f));
  return { old: buildLeafSql(1, v5).leafHash, copied: buildLeafSql(1, v6).leafHash };
}

interface Sums {
  readonly n: string;
  readonly h1: string;
  readonly h2: string;
}

/**
 * Count and two 64-bit sums of hashes of (sequence, leaf) per window: equal multisets give equal
 * sums, and a changed, missing or extra leaf changes them (2^-128 for a chance agreement).
 */
const SUMS = 'count() AS n, toString(sum(sipHash64(s, leaf))) AS h1, toString(sum(cityHash64(s, leaf))) AS h2';

/** Checks the staging table against the old one and the ledger; returns one past the last sequence number. */
async function checkCopy(engine: SqlEngine): Promise<number> {
  const [span] = await engine.query<{ records: string; copied: string; last: string; leaves: string }>(
    `SELECT (SELECT count() FROM events) AS records, (SELECT count() FROM ${STAGING}) AS copied,
            (SELECT if(count() = 0, 0, max(event_sequence) + 1) FROM events) AS last,
            (SELECT if(count() = 0, 0, max(seq) + 1) FROM ledger_leaves) AS leaves`,
  );
  if (!span || span.records !== span.copied) fail(`${span?.records} records but ${span?.copied} copied`);
  const end = Number(span.last);
  const leaves = Number(span.leaves);
  const { old, copied } = leafExpressions();
  for (let a = 0; a < end; a += WINDOW) {
    const b = Math.min(end, a + WINDOW);
    const l = Math.min(b, Math.max(a, leaves)); // the ledger may not have hashed the last records yet
    const window = { a, b, l };
    const [before] = await engine.query<Sums>(`${LEAF_SQL_WITH} SELECT ${SUMS} FROM (SELECT event_sequence AS s, ${old} AS leaf FROM events WHERE s >= {a:UInt64} AND s < {b:UInt64})`, window);
    const [after] = await engine.query<Sums & { ln: string; lh1: string; lh2: string }>(
      `${LEAF_SQL_WITH} SELECT ${SUMS}, countIf(s < {l:UInt64}) AS ln, toString(sumIf(sipHash64(s, leaf), s < {l:UInt64})) AS lh1, toString(sumIf(cityHash64(s, leaf), s < {l:UInt64})) AS lh2
       FROM (SELECT event_sequence AS s, ${copied} AS leaf FROM ${STAGING} WHERE s >= {a:UInt64} AND s < {b:UInt64})`,
      window,
    );
    const [ledger] = await engine.query<Sums>(`SELECT ${SUMS} FROM (SELECT seq AS s, leaf FROM ledger_leaves WHERE s >= {a:UInt64} AND s < {l:UInt64} LIMIT 1 BY s)`, window);
    if (!same(before, after)) fail(`the copies of records ${a}..${b - 1} do not hash as the records do`);
    if (!same(ledger, after && { n: after.ln, h1: after.lh1, h2: after.lh2 })) {
      fail(`records ${a}..${l - 1} do not match the leaves in the ledger: the store was changed before the upgrade (run logwarden verify with the previous version)`);
    }
  }
  return end;
}

function same(a: Sums | undefined, b: Sums | undefined): boolean {
  return a !== undefined && b !== undefined && Number(a.n) === Number(b.n) && a.h1 === b.h1 && a.h2 === b.h2;
}

function fail(problem: string): never {
  throw new LogwardenError('LW_MIGRATION_FAILED', `migration 6 (events by retention class) refused: ${problem}; the old table stays in use`, { migration: 6 });
}
