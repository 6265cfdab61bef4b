// Migration 6 on stores made the way the code before it made them: migrations 1–5 only, records
// encoded with event.category and event.type as strings, ledger leaves hashed in JavaScript from
// the record as it was presented then (leaf format 1). After the migration every record is in the
// new table (partitioned by retention class and month, lists for category and type), the old
// leaves are the node's ledger (migration 7 adopts them), everything verifies against the
// checkpoint signed before, and new records (format 2), hashed as a ledger round, verify after them. A store
// changed before the upgrade is refused with LW_MIGRATION_FAILED and keeps its old table.
// Real engine throughout. R-TAMPER-1, R-TAMPER-2.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { createSigner, generateKeyPair, signCheckpoint } from '../ledger/checkpoint.ts';
import { eventLeafHash } from '../ledger/leaf.ts';
import { MerkleFrontier } from '../ledger/merkle.ts';
import { LeafRounds } from '../ledger/rounds.ts';
import { verifyLedger } from '../ledger/verify.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { encodeEvent, EventStore } from './event-store.ts';
import { recordLeafFormats } from '../ledger/leaf-format-table.ts';
import { EVENTS_V6_SQL } from './migrate-6-events.ts';
import { migrate } from './migrations.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

const ORIGIN = 'logwarden.test/migrate-6';
const NODE = 'node-a';
const keyPair = generateKeyPair('migrate-6-test');
const signer = createSigner(keyPair);
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const CATEGORIES = ['authentication', 'network', '', 'process'];

/** A record as the code before migration 6 made it: category and type were strings. */
function oldEvent(seq: number): LogEvent {
  const event: LogEvent = {
    'event.sequence': seq,
    '@timestamp': Date.UTC(2026, 9 + (seq % 3), 1) + seq,
    'event.ingested': Date.UTC(2026, 9 + (seq % 3), 1) + seq, // three receipt months
    message: `old record ${seq} "quoted" / slash`,
    'event.category': CATEGORIES[seq % CATEGORIES.length] as string,
    'event.type': seq % 2 === 0 ? 'start' : '',
    'source.port': seq % 5 === 0 ? 0 : 22,
    labels: seq % 7 === 0 ? { k: `v${seq}` } : {},
  };
  for (const name of Object.keys(event)) if (event[name] === '') delete event[name];
  return event;
}

interface OldStore {
  readonly dir: string;
  readonly leaves: Uint8Array[];
}

/** Migrations 1–5, `count` old records, their leaves in the ledger unless `withLedger` is false. */
async function oldStore(count: number, withLedger = true): Promise<OldStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-migrate6-'));
  dirs.push(dir);
  const engine = new ChdbEngine(dir);
  const leaves: Uint8Array[] = [];
  try {
    await migrate(engine, { node: NODE }, 5);
    for (let start = 0; start < count; start += 10_000) {
      const events = Array.from({ length: Math.min(10_000, count - start) }, (_, k) => oldEvent(start + k));
      await engine.insertJsonEachRow('events', Buffer.from(`${events.map(encodeEvent).join('\n')}\n`));
      const hashes = events.map((event) => eventLeafHash(event, 1)); // category a string: the old canonical form
      leaves.push(...hashes);
      if (withLedger) await storeLeaves(engine, start, hashes);
    }
  } finally {
    await engine.close();
  }
  return { dir, leaves };
}

/** Leaves computed here, into the old, unkeyed ledger table (by way of hex: JSON cannot carry the raw bytes). */
async function storeLeaves(engine: ChdbEngine, first: number, leaves: readonly Uint8Array[]): Promise<void> {
  await engine.command('CREATE TABLE IF NOT EXISTS retired_test_leaves (seq UInt64, hex String) ENGINE = Memory');
  const rows = leaves.map((leaf, k) => JSON.stringify({ seq: first + k, hex: Buffer.from(leaf).toString('hex') })).join('\n');
  await engine.insertJsonEachRow('retired_test_leaves', Buffer.from(`${rows}\n`));
  await engine.command('INSERT INTO ledger_leaves SELECT seq, unhex(hex) FROM retired_test_leaves');
  await engine.command('DROP TABLE retired_test_leaves');
}

function checkpointOver(leaves: readonly Uint8Array[]): { source: string; note: string } {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  return { source: `checkpoint ${leaves.length}`, note: signCheckpoint({ origin: ORIGIN, size: frontier.size, rootHash: frontier.root() }, signer) };
}

test('R-TAMPER-1: migration 6 copies every record, keeps every old leaf, and new records verify after them', async (t) => {
  const RECORDS = 30_000;
  const old = await oldStore(RECORDS);
  const before = checkpointOver(old.leaves);
  const engine = new ChdbEngine(old.dir);
  const store = new EventStore(engine);
  const started = performance.now();
  await store.open({ node: NODE });
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`migration 6: ${RECORDS} records in ${seconds.toFixed(2)} s`);
  try {
    const [table] = await engine.query<{ partition_key: string }>("SELECT partition_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'");
    assert.equal(table?.partition_key, '(logwarden_retention_class, toYYYYMM(event_ingested))');
    const retired = await engine.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'retired\\_%'");
    assert.deepEqual(retired, [], 'the old table, the staging table and the unkeyed ledger tables are dropped');
    assert.equal(await store.count({ query: parsedQuery('*'), scope: ALL_SYSTEMS }), RECORDS);
    assert.deepEqual(store.leafFormats.starts, [
      { from: 0, format: 1 },
      { from: RECORDS, format: 2 },
    ]);
    const first = await store.bySequence(0, ALL_SYSTEMS);
    assert.deepEqual(first?.['event.category'], ['authentication']);
    assert.deepEqual(first?.['event.type'], ['start']);
    assert.equal((await store.bySequence(2, ALL_SYSTEMS))?.['event.category'], undefined, "'' became an empty list: absent");

    // The old leaves are the node's committed ledger now (migration 7 copied them as round 0).
    const rounds = new LeafRounds(engine, NODE, () => Date.now());
    assert.equal(await rounds.open(), RECORDS, 'the adopted log ends after the old records');
    // New records, in the current format, hashed as the ledger does now: a round in the store's formats, committed.
    const fresh: LogEvent[] = Array.from({ length: 100 }, (_, k) => ({
      'event.sequence': RECORDS + k,
      '@timestamp': Date.UTC(2026, 11, 1) + k,
      'event.ingested': Date.UTC(2026, 11, 1) + k,
      message: `new record ${k}`,
      'event.category': ['authentication', 'iam'],
      'event.type': ['start'],
      'logwarden.retention_class': 'standard',
    }));
    await store.insert(fresh);
    const round = await rounds.hash(RECORDS, RECORDS + fresh.length, store.leafFormats);
    await rounds.commit(round, RECORDS, RECORDS + fresh.length);
    const leaves = [...old.leaves, ...fresh.map((event) => eventLeafHash(event))];
    const windows: Buffer[] = [];
    for await (const window of rounds.committedLeaves(0, RECORDS + fresh.length)) windows.push(window);
    const committed = Buffer.concat(windows);
    assert.ok(committed.equals(Buffer.concat(leaves)), "the ledger's leaves are the old ones, then the new records' in format 2");
    const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes: [before, checkpointOver(leaves)] });
    assert.deepEqual(report.problems, []);
    assert.equal(report.verifiedSize, RECORDS + 100);

    // Lists are searched and counted per value, old records and new alike.
    assert.equal(await store.count({ query: parsedQuery('event.category:authentication'), scope: ALL_SYSTEMS }), RECORDS / 4 + 100);
    assert.equal(await store.count({ query: parsedQuery('event.category:iam'), scope: ALL_SYSTEMS }), 100);
    assert.equal(await store.count({ query: parsedQuery('event.category:auth*'), scope: ALL_SYSTEMS }), RECORDS / 4 + 100);
    assert.equal(await store.count({ query: parsedQuery('NOT event.category:*'), scope: ALL_SYSTEMS }), RECORDS / 4, "the records whose category was ''");
    const top = await store.topValues({ query: parsedQuery('*'), scope: ALL_SYSTEMS }, 'event.category', 10);
    assert.deepEqual(top.slice(0, 3), [
      { value: 'authentication', count: RECORDS / 4 + 100 },
      { value: 'network', count: RECORDS / 4 },
      { value: 'process', count: RECORDS / 4 },
    ]);
    assert.deepEqual(top[3], { value: 'iam', count: 100 });
  } finally {
    await store.close();
  }
});

test('a store without ledger leaves migrates, compared against its own recomputed leaves', async () => {
  const old = await oldStore(5000, false);
  const engine = new ChdbEngine(old.dir);
  const store = new EventStore(engine);
  try {
    await store.open({ node: NODE });
    assert.equal(await store.count({ query: parsedQuery('*'), scope: ALL_SYSTEMS }), 5000);
    assert.equal(await new LeafRounds(engine, NODE, () => Date.now()).committedEnd(), 0, 'the node has no ledger yet');
    const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes: [] });
    // No leaves were ever stored and nothing was signed: the records, recomputed in format 1, await hashing; none changed.
    assert.equal(report.records, 5000);
    assert.deepEqual(report.problems, []);
  } finally {
    await store.close();
  }
});

test('R-TAMPER-1: a store changed before the upgrade is refused with LW_MIGRATION_FAILED and keeps its old table', async () => {
  const old = await oldStore(3000);
  const tamper = new ChdbEngine(old.dir, { privileges: 'unrestricted' }); // tampering on purpose
  await tamper.command("ALTER TABLE events UPDATE message = 'forged' WHERE event_sequence = 1234 SETTINGS mutations_sync = 2");
  await tamper.close();
  const engine = new ChdbEngine(old.dir);
  const store = new EventStore(engine);
  try {
    await assert.rejects(store.open({ node: NODE }), (error: unknown) => {
      assert.ok(error instanceof LogwardenError);
      assert.equal(error.code, 'LW_MIGRATION_FAILED');
      assert.match(error.message, /records 0\.\.2999 do not match the leaves in the ledger/);
      return true;
    });
    const [column] = await engine.query<{ type: string }>("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = 'event_category'");
    assert.equal(column?.type, 'LowCardinality(String)', 'the old table is still the one in use');
    const [row] = await engine.query<{ n: string }>('SELECT count() AS n FROM events');
    assert.equal(Number(row?.n), 3000);
    const versions = await engine.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version = 6');
    assert.deepEqual(versions, [], 'migration 6 is not recorded: the next start tries again');
  } finally {
    await store.close();
  }
});

test('R-TAMPER-1: a start that crashed after the exchange finishes migration 6 and every record still verifies', async () => {
  const old = await oldStore(2000);
  const crashed = new ChdbEngine(old.dir, { privileges: 'unrestricted' }); // replays a swap half done
  try {
    // What migration 6 had done when the process died: the copy, the formats, the exchange; not the rest.
    const [create, copy] = EVENTS_V6_SQL as [string, string];
    await crashed.command(create);
    for (const month of [202610, 202611, 202612]) await crashed.command(copy, { month });
    await crashed.command(
      `CREATE TABLE IF NOT EXISTS ledger_leaf_formats (node String, from_seq UInt64, format UInt8, created_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY (node, from_seq)`,
    );
    await recordLeafFormats(crashed, NODE, [
      { from: 0, format: 1 },
      { from: 2000, format: 2 },
    ]);
    await crashed.command('EXCHANGE TABLES events AND retired_events_staging_6');
  } finally {
    await crashed.close();
  }
  const engine = new ChdbEngine(old.dir);
  const store = new EventStore(engine);
  try {
    await store.open({ node: NODE });
    const tables = await engine.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'retired\\_%'");
    assert.deepEqual(tables, [], 'the old table, left under the staging name, is dropped');
    assert.equal(await store.count({ query: parsedQuery('*'), scope: ALL_SYSTEMS }), 2000);
    assert.deepEqual(
      store.leafFormats.starts,
      [
        { from: 0, format: 1 },
        { from: 2000, format: 2 },
      ],
      'the formats are recorded once',
    );
    const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes: [checkpointOver(old.leaves)] });
    assert.deepEqual(report.problems, []);
    assert.equal(report.verifiedSize, 2000);
  } finally {
    await store.close();
  }
});
