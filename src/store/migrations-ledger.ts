// Migrations 7 and 8: the ledger keyed by node, hashing rounds, and the stream consumers' cursors.
// Appended to MIGRATIONS (migrations.ts). Never edit a released migration: add a new one.
//
// Several nodes will each keep their own ledger, so every ledger table gets a `node` column first
// in its sort key and sequence numbers are per node. An old, unkeyed table is renamed
// `retired_<name>_unkeyed` and an empty keyed one created; then the same run copies the retired
// rows under the node it runs for (`context.node`, the configured node the server opens the store
// with) and drops them (ledger/legacy-ledger.ts).
import { adoptLegacyLedger, LEGACY_LEDGER_TABLES, retiredLedgerTable } from '../ledger/legacy-ledger.ts';
import type { SqlEngine } from './engine.ts';
import type { Migration, MigrationContext } from './migrations.ts';

/** Every insert fsynced with its part directory before it returns (as migration 3 set for the old tables). */
const DURABLE = 'SETTINGS fsync_after_insert = 1, fsync_part_directory = 1';

/** The keyed tables of migration 7, by name. */
const KEYED_LEDGER_TABLES: Readonly<Record<string, string>> = {
  // One row per leaf hash and hashing round: a round's leaves count only once its marker is in
  // ledger_rounds, so a crash mid-round leaves rows that are ignored, never rows to delete. Sorted
  // by sequence within the node (proofs and verify read ranges of it); the round breaks ties.
  ledger_leaves: `CREATE TABLE IF NOT EXISTS ledger_leaves (node LowCardinality(String), round UInt64, seq UInt64, leaf FixedString(32))
ENGINE = MergeTree ORDER BY (node, seq, round) ${DURABLE}`,
  ledger_checkpoints: `CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  node LowCardinality(String),
  size UInt64,
  root_hash FixedString(32),
  note String,
  frontier String,
  created_at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY (node, size, created_at) ${DURABLE}`,
  // Derived from the leaves and rebuilt from them when missing, so no fsync of their own.
  ledger_tiles: 'CREATE TABLE IF NOT EXISTS ledger_tiles (node LowCardinality(String), height UInt8, idx UInt64, hash FixedString(32)) ENGINE = MergeTree ORDER BY (node, height, idx)',
};

/**
 * The commit marker of a hashing round, written after all of its leaves: round `round` of `node`
 * holds the leaves of records [first_seq, end_seq). The minmax indexes let a read of a sequence
 * range skip the rounds far from it (rounds are numbered in sequence order).
 */
const LEDGER_ROUNDS = `CREATE TABLE IF NOT EXISTS ledger_rounds (
  node LowCardinality(String),
  round UInt64,
  first_seq UInt64,
  end_seq UInt64,
  at DateTime64(3, 'UTC'),
  INDEX idx_first first_seq TYPE minmax GRANULARITY 1,
  INDEX idx_end end_seq TYPE minmax GRANULARITY 1
) ENGINE = MergeTree ORDER BY (node, round) ${DURABLE}`;

async function hasColumn(engine: SqlEngine, table: string, column: string): Promise<boolean | undefined> {
  const rows = await engine.query<{ name: string }>('SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String}', { t: table });
  return rows.length === 0 ? undefined : rows.some((row) => row.name === column);
}

/**
 * Re-runnable after a crash at any step: a table is set aside only while it still lacks the node
 * column, so a second run never renames the new, keyed table; the copy skips what is copied.
 */
async function keyLedgerByNode(engine: SqlEngine, context: MigrationContext): Promise<void> {
  for (const table of LEGACY_LEDGER_TABLES) {
    const create = KEYED_LEDGER_TABLES[table] as string;
    if ((await hasColumn(engine, table, 'node')) === false) await engine.command(`RENAME TABLE ${table} TO ${retiredLedgerTable(table)}`);
    await engine.command(create);
  }
  await engine.command(LEDGER_ROUNDS);
  await adoptLegacyLedger(engine, context.node);
}

export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    version: 7,
    description: 'ledger keyed by node, leaves by hashing round with commit markers (no delete ever needed)',
    statements: [],
    run: keyLedgerByNode,
  },
  {
    version: 8,
    description: 'stream consumers: durable cursors, append-only, the current one by argMax',
    statements: [
      `CREATE TABLE IF NOT EXISTS consumer_cursors (node LowCardinality(String), consumer LowCardinality(String), seq Int64, at DateTime64(3, 'UTC'))
ENGINE = MergeTree ORDER BY (node, consumer, at) ${DURABLE}`,
    ],
  },
];
