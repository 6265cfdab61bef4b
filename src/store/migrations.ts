// Versioned schema migrations. Each runs once, in order, and is recorded in `schema_migrations`.
// Never edit a released migration: add a new one (migrations.test.ts holds each one's text fixed).
// Adding a field is one line in src/schema/fields.ts with `since: N` and a migration N whose
// statements are `addColumnStatements(N)`.
import { transitionTableDdl } from '../entities/transition-table.ts';
import { FIELDS, type FieldDef } from '../schema/fields.ts';
import type { SqlEngine } from './engine.ts';
import { EVENTS_V6_SQL, rebuildEventsTable } from './migrate-6-events.ts';
import { LEDGER_MIGRATIONS } from './migrations-ledger.ts';

/** What a migration may need to know about the server running it. */
export interface MigrationContext {
  /** This node's name (config `node`): ledger metadata is per node. */
  readonly node: string;
}

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
  /** Code that runs after the statements (a copy, a check, a swap): for what SQL statements alone cannot do. */
  readonly run?: (engine: SqlEngine, context: MigrationContext) => Promise<void>;
  /** SQL text the run uses, held fixed with the statements once released. */
  readonly runText?: readonly string[];
}

/** The statements that add the columns of the fields registered `since: version`. */
export function addColumnStatements(version: number, fields: readonly FieldDef[] = FIELDS): string[] {
  return fields.filter((f) => f.since === version).map((f) => `ALTER TABLE events ADD COLUMN IF NOT EXISTS \`${f.column}\` ${f.type}`);
}

/** For tools and tests that open a store outside a configured server. */
export const LOCAL_CONTEXT: MigrationContext = { node: 'local' };

const RELEASED: Migration[] = [
  {
    version: 1,
    description: 'events table',
    statements: [
      // Sorted by event time for time-range queries; partitioned by receipt month, which the
      // server controls (a sender's timestamps cannot explode the partition count), and which
      // retention will drop whole. The text index serves free-text search (docs/benchmarks.md has
      // the measurement against token bloom filters).
      // The columns as they were when this migration was released: written out, never derived from
      // the live registry, so that adding a field later cannot change what this migration did.
      `CREATE TABLE IF NOT EXISTS events (
  \`event_sequence\` UInt64,
  \`timestamp\` DateTime64(3, 'UTC'),
  \`event_ingested\` DateTime64(3, 'UTC'),
  \`event_original\` String,
  \`message\` String,
  \`log_level\` LowCardinality(String),
  \`event_kind\` LowCardinality(String),
  \`event_category\` LowCardinality(String),
  \`event_type\` LowCardinality(String),
  \`event_action\` LowCardinality(String),
  \`event_outcome\` LowCardinality(String),
  \`event_severity\` Nullable(Int64),
  \`host_name\` LowCardinality(String),
  \`host_hostname\` LowCardinality(String),
  \`host_ip\` String,
  \`host_id\` String,
  \`observer_name\` LowCardinality(String),
  \`observer_hostname\` LowCardinality(String),
  \`observer_ip\` String,
  \`observer_vendor\` LowCardinality(String),
  \`observer_product\` LowCardinality(String),
  \`observer_type\` LowCardinality(String),
  \`service_name\` LowCardinality(String),
  \`user_id\` String,
  \`user_name\` String,
  \`source_ip\` String,
  \`source_port\` Nullable(UInt16),
  \`destination_ip\` String,
  \`destination_port\` Nullable(UInt16),
  \`network_protocol\` LowCardinality(String),
  \`network_transport\` LowCardinality(String),
  \`process_name\` LowCardinality(String),
  \`process_pid\` Nullable(Int64),
  \`trace_id\` String,
  \`session_id\` String,
  \`labels\` Map(String, String),
  \`log_syslog_facility_code\` Nullable(UInt8),
  \`log_syslog_facility_name\` LowCardinality(String),
  \`log_syslog_severity_code\` Nullable(UInt8),
  \`log_syslog_severity_name\` LowCardinality(String),
  \`log_syslog_version\` LowCardinality(String),
  \`log_syslog_appname\` LowCardinality(String),
  \`log_syslog_procid\` String,
  \`log_syslog_msgid\` LowCardinality(String),
  \`log_syslog_structured_data\` String,
  \`logwarden_source_protocol\` LowCardinality(String),
  \`logwarden_source_listener\` LowCardinality(String),
  \`logwarden_source_peer\` String,
  \`logwarden_source_identity\` LowCardinality(String),
  \`logwarden_parse_error\` LowCardinality(String),
  \`logwarden_parse_detail\` String,
  \`logwarden_truncated\` Bool,
  \`logwarden_original_base64\` String,
  INDEX idx_message message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message)),
  INDEX idx_user_name user_name TYPE bloom_filter GRANULARITY 4,
  INDEX idx_source_ip source_ip TYPE bloom_filter GRANULARITY 4,
  INDEX idx_trace_id trace_id TYPE bloom_filter GRANULARITY 4,
  INDEX idx_session_id session_id TYPE bloom_filter GRANULARITY 4
) ENGINE = MergeTree
PARTITION BY toYYYYMM(event_ingested)
ORDER BY (timestamp, event_sequence)`,
    ],
  },
  {
    version: 2,
    description: 'ledger: leaf hashes, signed checkpoints, sequence index',
    statements: [
      // Leaf hashes outlive the records they hash (retention keeps them), so old checkpoints stay
      // verifiable. Ordered by sequence number: proofs and verify read them in order.
      `CREATE TABLE IF NOT EXISTS ledger_leaves (seq UInt64, leaf FixedString(32)) ENGINE = MergeTree ORDER BY seq`,
      `CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  size UInt64,
  root_hash FixedString(32),
  note String,
  frontier String,
  created_at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY (size, created_at)`,
      // The ledger reads just-written records by sequence range; events are sorted by time.
      `ALTER TABLE events ADD INDEX IF NOT EXISTS idx_sequence event_sequence TYPE minmax GRANULARITY 1`,
    ],
  },
  {
    version: 3,
    description: 'durable writes: fsync every inserted part and its directory before the insert returns',
    // An acknowledgement means the events survive kill -9 and power loss (R-STORE-3): the engine
    // writes each insert as a new part, and with these settings fsyncs it before committing it.
    statements: ['events', 'ledger_leaves', 'ledger_checkpoints'].map((table) => `ALTER TABLE ${table} MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1`),
  },
  {
    version: 4,
    description: 'ledger: stored interior nodes (tiles), so proofs read a few thousand hashes, not every leaf',
    // Derived from ledger_leaves and rebuilt from them when missing, so no fsync of their own.
    statements: ['CREATE TABLE IF NOT EXISTS ledger_tiles (height UInt8, idx UInt64, hash FixedString(32)) ENGINE = MergeTree ORDER BY (height, idx)'],
  },
  {
    version: 5,
    description: 'server-owned fields: the information system, the retention class and the node of each event',
    // Empty by default, and an empty string is left out of a record's leaf, so records stored
    // before these columns existed keep their leaves.
    statements: ['logwarden_system', 'logwarden_retention_class', 'logwarden_node'].map((column) => `ALTER TABLE events ADD COLUMN IF NOT EXISTS \`${column}\` LowCardinality(String)`),
  },
  {
    version: 6,
    description: 'events partitioned by retention class and month, event.category and event.type as lists, leaf formats per node',
    // A new table, every record copied and checked leaf for leaf, then swapped in (migrate-6-events.ts).
    statements: [
      `CREATE TABLE IF NOT EXISTS ledger_leaf_formats (node String, from_seq UInt64, format UInt8, created_at DateTime64(3, 'UTC') DEFAULT now64(3))
ENGINE = MergeTree ORDER BY (node, from_seq) SETTINGS fsync_after_insert = 1, fsync_part_directory = 1`,
    ],
    run: rebuildEventsTable,
    runText: EVENTS_V6_SQL,
  },
  ...LEDGER_MIGRATIONS,
  {
    version: 9,
    description: 'security fields the per-program parsers fill (user targets, process, file, url, http, related lists) and the clock-skew flag',
    // Empty and NULL by default, and empty values are left out of a record's leaf, so records
    // stored before these columns existed keep their leaves.
    statements: addColumnStatements(9),
  },
  {
    version: 10,
    description: 'detections: event.id, the rule (id, version, ruleset), tags, and the detection’s level, evidence, systems, group and reason',
    statements: addColumnStatements(10),
  },
  {
    version: 11,
    description: 'the audit trail: user.roles and what an audited action asked for, within which scope, on what, and how many results',
    statements: addColumnStatements(11),
  },
  {
    version: 12,
    description: 'alerting: the transitions of alerts, silences and notifications (each one also a logwarden event in the ledger)',
    // The entity names are written out: ALERT_ENTITY, SILENCE_ENTITY and NOTIFICATION_ENTITY must stay these.
    statements: ['alert', 'silence', 'notification'].map((entity) => transitionTableDdl(entity)),
  },
];

/** Test-only: migrations that go with fields added by extendRegistryForTest, appended after the released ones. */
export function extendMigrationsForTest(migrations: readonly Migration[]): void {
  RELEASED.push(...migrations);
}

export const MIGRATIONS: readonly Migration[] = RELEASED;

/** Apply every migration not yet applied, in order; `upTo` stops after that version (tests build old stores with it). */
export async function migrate(engine: SqlEngine, context: MigrationContext = LOCAL_CONTEXT, upTo = Infinity): Promise<number[]> {
  await engine.command(`CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, description String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`);
  const done = new Set((await engine.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version) || migration.version > upTo) continue;
    const apply = async (): Promise<void> => {
      for (const statement of migration.statements) await engine.command(statement);
      await migration.run?.(engine, context);
    };
    // A migration that runs code swaps tables (RENAME/EXCHANGE need DROP on the table renamed away),
    // which the engine grants only at its migration level, and only for the time of the step.
    await (migration.run && engine.withMigrationPrivileges ? engine.withMigrationPrivileges(apply) : apply());
    await engine.command('INSERT INTO schema_migrations (version, description) VALUES ({v:UInt32}, {d:String})', {
      v: migration.version,
      d: migration.description,
    });
    applied.push(migration.version);
  }
  return applied;
}
