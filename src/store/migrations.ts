// Versioned schema migrations. Each runs once, in order, and is recorded in `schema_migrations`.
// Never edit a released migration: add a new one.
import { FIELDS } from '../schema/fields.ts';
import type { SqlEngine } from './engine.ts';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

const eventColumns = FIELDS.map((field) => `\`${field.column}\` ${field.type}`).join(',\n  ');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events table',
    statements: [
      // Sorted by event time for time-range queries; partitioned by receipt month, which the
      // server controls (a sender's timestamps cannot explode the partition count), and which
      // retention will drop whole. The text index serves free-text search (docs/benchmarks.md has
      // the measurement against token bloom filters).
      `CREATE TABLE IF NOT EXISTS events (
  ${eventColumns},
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
    statements: ['events', 'ledger_leaves', 'ledger_checkpoints'].map(
      (table) => `ALTER TABLE ${table} MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1`,
    ),
  },
  {
    version: 4,
    description: 'ledger: stored interior nodes (tiles), so proofs read a few thousand hashes, not every leaf',
    // Derived from ledger_leaves and rebuilt from them when missing, so no fsync of their own.
    statements: ['CREATE TABLE IF NOT EXISTS ledger_tiles (height UInt8, idx UInt64, hash FixedString(32)) ENGINE = MergeTree ORDER BY (height, idx)'],
  },
];

export async function migrate(engine: SqlEngine): Promise<number[]> {
  await engine.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, description String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`,
  );
  const done = new Set((await engine.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) await engine.command(statement);
    await engine.command('INSERT INTO schema_migrations (version, description) VALUES ({v:UInt32}, {d:String})', {
      v: migration.version,
      d: migration.description,
    });
    applied.push(migration.version);
  }
  return applied;
}
