// A store from before ledgers were keyed by node (migrations 1–5, unkeyed ledger tables, one leaf
// beyond the stored records as an old crash left it) is upgraded: migration 7 sets the old tables
// aside, copies them under the node the store is opened for and drops them, and the ledger
// resumes on the old tree: verify passes against the old checkpoint and proofs lead to its root.
// Migration 7 run again (a crash before it was recorded) leaves the new tables alone. R-TAMPER-1.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { databaseNotes } from './checkpoint-notes.ts';
import { createLogger } from '../observability/logger.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { encodeEvent, EventStore } from '../store/event-store.ts';
import { LEDGER_MIGRATIONS } from '../store/migrations-ledger.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { createSigner, signCheckpoint } from './checkpoint.ts';
import { openLedgerKeys } from './keys.ts';
import { eventLeafHash } from './leaf.ts';
import { Ledger } from './ledger.ts';
import { MerkleFrontier, verifyInclusion } from './merkle.ts';
import { TransparencyFile } from './transparency-file.ts';
import { verifyLedger } from './verify.ts';

const NODE = 'upgraded-node';
const RECORDS = 30;
let dataDir: string;
let engine: ChdbEngine;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-legacy-'));
  engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
});
after(async () => {
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The store as the release before migration 7 left it. */
async function buildOldStore(): Promise<{ size: number; rootHash: Uint8Array }> {
  await engine.command("CREATE TABLE schema_migrations (version UInt32, description String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version");
  for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) {
    for (const statement of migration.statements) await engine.command(statement);
    await engine.command('INSERT INTO schema_migrations (version, description) VALUES ({v:UInt32}, {d:String})', { v: migration.version, d: migration.description });
  }
  const events = Array.from({ length: RECORDS }, (_, seq) => ({
    'event.sequence': seq,
    '@timestamp': Date.UTC(2026, 10, 1) + seq,
    'event.ingested': Date.UTC(2026, 10, 1) + seq,
    message: `old record ${seq}`,
  }));
  await engine.insertJsonEachRow('events', Buffer.from(`${events.map(encodeEvent).join('\n')}\n`));
  // Leaf format 1, as the old release hashed them (the engine's leaf SQL of today reads lists).
  const leaves = events.map((event) => eventLeafHash(event, 1));
  const rows = leaves.map((leaf, seq) => JSON.stringify({ seq, hex: Buffer.from(leaf).toString('hex') }));
  await engine.command('CREATE TABLE retired_test_leaves (seq UInt64, hex String) ENGINE = Memory');
  await engine.insertJsonEachRow('retired_test_leaves', Buffer.from(`${rows.join('\n')}\n`));
  await engine.command('INSERT INTO ledger_leaves SELECT seq, unhex(hex) FROM retired_test_leaves');
  await engine.command('DROP TABLE retired_test_leaves');
  // The old crash state its open used to delete: a leaf for a record that was never stored.
  await engine.command(`INSERT INTO ledger_leaves SELECT ${RECORDS}, SHA256('lost')`);
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  const keys = await openLedgerKeys(dataDir);
  const note = signCheckpoint({ origin: keys.origin, size: RECORDS, rootHash: frontier.root() }, createSigner(keys.signer));
  await engine.command(`INSERT INTO ledger_checkpoints (size, root_hash, note, frontier, created_at) VALUES ({size:UInt64}, unhex({root:String}), {note:String}, {frontier:String}, now64(3))`, {
    size: RECORDS,
    root: Buffer.from(frontier.root()).toString('hex'),
    note,
    frontier: Buffer.from(frontier.serialize()).toString('base64'),
  });
  return { size: RECORDS, rootHash: frontier.root() };
}

async function tables(): Promise<string[]> {
  return (await engine.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%ledger%' ORDER BY name")).map((row) => row.name);
}

test('an unkeyed ledger is adopted under the configured node and resumes on its old tree', async () => {
  const old = await buildOldStore();
  await new EventStore(engine).open({ node: NODE }); // migrations 6, 7 and 8, as the server opens it
  assert.deepEqual(await tables(), ['ledger_checkpoints', 'ledger_leaf_formats', 'ledger_leaves', 'ledger_rounds', 'ledger_tiles'], 'the retired tables are dropped once copied');
  const [adopted] = await engine.query<{ n: string }>('SELECT count() AS n FROM ledger_leaves WHERE node = {node:String} AND round = 0', { node: NODE });
  assert.equal(Number(adopted?.n), RECORDS + 1, "every old leaf is the node's, in round 0 (the lost one too, until the ledger ends the log before it)");

  const keys = await openLedgerKeys(dataDir);
  const ledger = new Ledger(engine, keys, await TransparencyFile.open(dataDir), { node: NODE, checkpointIntervalMs: 1000, idleCheckpointMs: 3_600_000 }, createLogger('silent'));
  await ledger.open(RECORDS - 1);
  try {
    assert.equal(ledger.size, RECORDS);
    const notes = await databaseNotes(engine, NODE);
    assert.ok(notes.length >= 2, "the old checkpoint is the node's now, beside the one signed at open");
    const report = await verifyLedger({ engine, node: NODE, origin: keys.origin, keys: keys.verifierKeys, notes });
    assert.deepEqual(report.problems, []);
    assert.equal(report.verifiedSize, RECORDS);
    for (const seq of [0, 17, RECORDS - 1]) {
      const { leafHash, proof } = await ledger.inclusionProof(seq, old.size);
      assert.ok(verifyInclusion(leafHash, seq, old.size, proof, old.rootHash), `record ${seq} is in the old signed tree`);
    }
  } finally {
    await ledger.close();
  }
});

test('migration 7 run again leaves the keyed tables alone', async () => {
  const before = await engine.query('SELECT count() AS n FROM ledger_leaves');
  await LEDGER_MIGRATIONS[0]?.run?.(engine, { node: NODE });
  assert.deepEqual(await tables(), ['ledger_checkpoints', 'ledger_leaf_formats', 'ledger_leaves', 'ledger_rounds', 'ledger_tiles']);
  assert.deepEqual(await engine.query('SELECT count() AS n FROM ledger_leaves'), before);
});
