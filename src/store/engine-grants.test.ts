// Least privilege inside the embedded engine (R-TAMPER-1): the engine the server and the CLI open
// refuses every way of removing or rewriting stored rows, and of reading files or the network,
// with the engine's own access-denied error; what the store, migrations and retention need works.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { validateConfig } from '../config/load.ts';
import { createEngine } from './store-component.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { migrate } from './migrations.ts';

const ACCESS_DENIED = /Code: 497\. .*Not enough privileges.*\(ACCESS_DENIED\)/s;

let dir: string;
let engine: ChdbEngine;

/** The partitions holding rows, as (retention class, month) values, e.g. `('standard',202601)`. */
async function partitionIds(table: string): Promise<string[]> {
  const rows = await engine.query<{ id: string }>('SELECT DISTINCT partition AS id FROM system.parts WHERE database = currentDatabase() AND table = {t:String} AND active AND rows > 0 ORDER BY id', {
    t: table,
  });
  return rows.map((row) => row.id);
}

async function count(table: string): Promise<number> {
  const [row] = await engine.query<{ n: string }>(`SELECT count() AS n FROM ${table}`);
  return Number(row?.n);
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-grants-'));
  engine = new ChdbEngine(dir);
  await migrate(engine);
  // Two months of receipt: two partitions, one of which retention moves out below.
  await engine.command(
    "INSERT INTO events (event_sequence, message, event_ingested, logwarden_retention_class) VALUES (0, 'old', '2026-01-15 00:00:00', 'standard'), (1, 'kept', '2026-02-15 00:00:00', 'standard'), (2, 'kept too', '2026-02-16 00:00:00', 'standard')",
  );
  await engine.command('CREATE TABLE retired_leaves AS ledger_leaves'); // a MOVE target that exists
  await engine.command("INSERT INTO ledger_leaves (seq, leaf) VALUES (0, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), (1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')");
});

after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('R-TAMPER-1 the embedded engine refuses what would remove, rewrite or exfiltrate stored data', () => {
  const refused: readonly (readonly [string, string])[] = [
    ['ALTER DELETE on events', 'ALTER TABLE events DELETE WHERE event_sequence = 1 SETTINGS mutations_sync = 2'],
    ['ALTER UPDATE on events', "ALTER TABLE events UPDATE message = 'rewritten' WHERE event_sequence = 1 SETTINGS mutations_sync = 2"],
    ['lightweight DELETE on events', 'DELETE FROM events WHERE event_sequence = 1'],
    ['TRUNCATE events', 'TRUNCATE TABLE events'],
    ['DROP TABLE events', 'DROP TABLE events'],
    ['DETACH TABLE events', 'DETACH TABLE events'],
    ['RENAME events away', 'RENAME TABLE events TO retired_events'],
    ['DROP PARTITION on events', "ALTER TABLE events DROP PARTITION ('standard', 202602)"],
    ['DETACH PARTITION on events', "ALTER TABLE events DETACH PARTITION ('standard', 202602)"],
    ['REPLACE PARTITION into events', "ALTER TABLE events REPLACE PARTITION ('standard', 202602) FROM schema_migrations"],
    ['MODIFY TTL on events', 'ALTER TABLE events MODIFY TTL event_ingested + INTERVAL 1 DAY'],
    ['MATERIALIZE TTL on events', 'ALTER TABLE events MATERIALIZE TTL'],
    ['DROP COLUMN on events', 'ALTER TABLE events DROP COLUMN message'],
    ['CLEAR COLUMN on events', "ALTER TABLE events CLEAR COLUMN message IN PARTITION ('standard', 202602)"],
    ['MODIFY COLUMN on events', 'ALTER TABLE events MODIFY COLUMN message LowCardinality(String)'],
    ['OPTIMIZE events', 'OPTIMIZE TABLE events FINAL'],
    ['ALTER DELETE on ledger_leaves', 'ALTER TABLE ledger_leaves DELETE WHERE seq > 0 SETTINGS mutations_sync = 2'],
    ['ALTER UPDATE on ledger_leaves', "ALTER TABLE ledger_leaves UPDATE leaf = 'cccccccccccccccccccccccccccccccc' WHERE seq = 0 SETTINGS mutations_sync = 2"],
    ['lightweight DELETE on ledger_checkpoints', 'DELETE FROM ledger_checkpoints WHERE 1'],
    ['ALTER DELETE on ledger_checkpoints', 'ALTER TABLE ledger_checkpoints DELETE WHERE 1 SETTINGS mutations_sync = 2'],
    ['ALTER DELETE on ledger_tiles', 'ALTER TABLE ledger_tiles DELETE WHERE 1 SETTINGS mutations_sync = 2'],
    ['TRUNCATE ledger_leaves', 'TRUNCATE TABLE ledger_leaves'],
    ['DROP TABLE ledger_leaves', 'DROP TABLE ledger_leaves'],
    ['DROP TABLE ledger_checkpoints', 'DROP TABLE ledger_checkpoints'],
    ['DROP TABLE schema_migrations', 'DROP TABLE schema_migrations'],
    ['DROP PARTITION on ledger_leaves', 'ALTER TABLE ledger_leaves DROP PARTITION tuple()'],
    ['DETACH PARTITION on ledger_checkpoints', 'ALTER TABLE ledger_checkpoints DETACH PARTITION tuple()'],
    ['MOVE PARTITION out of ledger_leaves', 'ALTER TABLE ledger_leaves MOVE PARTITION tuple() TO TABLE retired_leaves'],
    ['DROP DATABASE', 'DROP DATABASE default'],
    ['file() read', "SELECT * FROM file('/etc/passwd', 'LineAsString')"],
    ['file() write', "INSERT INTO FUNCTION file('out.csv', 'CSV', 'x UInt8') SELECT 1"],
    ['url()', "SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString', 'x String')"],
    ['s3()', "SELECT * FROM s3('http://127.0.0.1:9/bucket/x.csv', 'CSV', 'x String')"],
    ['remote()', "SELECT * FROM remote('127.0.0.1:9', system.one)"],
    ['mysql()', "SELECT * FROM mysql('127.0.0.1:9', 'd', 't', 'u', 'p')"],
    ['postgresql()', "SELECT * FROM postgresql('127.0.0.1:9', 'd', 't', 'u', 'p')"],
    ['a File table engine', "CREATE TABLE passwd (line String) ENGINE = File(LineAsString, '/etc/passwd')"],
    ['a URL table engine', "CREATE TABLE web (line String) ENGINE = URL('http://127.0.0.1:9/', LineAsString)"],
    ['BACKUP to a file', "BACKUP TABLE events TO File('events-copy')"],
    ['granting itself more', 'GRANT ALL ON *.* TO default'],
    ['creating a user', 'CREATE USER intruder'],
    ['SYSTEM RELOAD USERS', 'SYSTEM RELOAD USERS'],
  ];
  for (const [name, sql] of refused) {
    test(`refuses ${name}`, async () => {
      await assert.rejects(engine.command(sql), ACCESS_DENIED);
    });
  }

  test('nothing refused above changed the stored rows', async () => {
    assert.equal(await count('events'), 3);
    assert.equal(await count('ledger_leaves'), 2);
    assert.deepEqual(await partitionIds('events'), ["('standard',202601)", "('standard',202602)"]);
  });
});

describe('R-TAMPER-1 what the store, migrations and retention need is allowed', () => {
  test('reads, inserts and INSERT … SELECT', async () => {
    await engine.command('CREATE TABLE IF NOT EXISTS scratch (seq UInt64, message String) ENGINE = MergeTree ORDER BY seq');
    await engine.command('INSERT INTO scratch SELECT event_sequence, message FROM events');
    assert.equal(await count('scratch'), 3);
    const rows = await engine.query<{ message: string }>('SELECT message FROM events WHERE event_sequence = {s:UInt64}', { s: 1 });
    assert.deepEqual(rows, [{ message: 'kept' }]);
  });

  test('migration DDL: ADD COLUMN, ADD INDEX, MODIFY SETTING', async () => {
    await engine.command('ALTER TABLE scratch ADD COLUMN IF NOT EXISTS extra UInt8');
    await engine.command('ALTER TABLE scratch ADD INDEX IF NOT EXISTS idx_extra extra TYPE minmax GRANULARITY 1');
    await engine.command('ALTER TABLE scratch MODIFY SETTING fsync_after_insert = 1');
    const [row] = await engine.query<{ n: string }>("SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = 'scratch' AND name = 'extra'");
    assert.equal(Number(row?.n), 1);
  });

  test('retention: a partition of events moves into a retired_* table, which is then dropped', async () => {
    await engine.command('CREATE TABLE retired_202601 AS events');
    await engine.command("ALTER TABLE events MOVE PARTITION ('standard', 202601) TO TABLE retired_202601");
    assert.equal(await count('retired_202601'), 1);
    assert.deepEqual(await partitionIds('events'), ["('standard',202602)"]);
    await engine.command('DROP TABLE retired_202601');
    await assert.rejects(engine.query('SELECT count() FROM retired_202601'), /UNKNOWN_TABLE/);
    assert.equal(await count('events'), 2);
  });

  test('a table-swapping migration renames only inside withMigrationPrivileges', async () => {
    await engine.command('CREATE TABLE IF NOT EXISTS scratch_next (seq UInt64, message String) ENGINE = MergeTree ORDER BY seq');
    await assert.rejects(engine.command('EXCHANGE TABLES scratch_next AND scratch'), ACCESS_DENIED);
    const slot = engine.isolated(); // a search slot restarts with its engine
    const during = await engine.withMigrationPrivileges(async () => {
      await engine.command('EXCHANGE TABLES scratch_next AND scratch');
      await engine.command('RENAME TABLE scratch_next TO retired_scratch');
      return engine.privileges;
    });
    assert.equal(during, 'migration');
    assert.equal(engine.privileges, 'restricted');
    assert.equal(await count('scratch'), 0, 'the empty table took the name');
    assert.equal(await count('retired_scratch'), 3);
    await assert.rejects(engine.command('RENAME TABLE scratch TO retired_scratch_2'), ACCESS_DENIED);
    await assert.rejects(engine.command('DROP TABLE events'), ACCESS_DENIED);
    assert.deepEqual(await slot.query('SELECT toUInt8(count()) AS n FROM retired_scratch'), [{ n: 3 }]);
    await assert.rejects(slot.command('TRUNCATE TABLE retired_scratch'), ACCESS_DENIED);
  });
});

describe('R-TAMPER-1 which engine is restricted', () => {
  test("the server's embedded engine is the restricted one", async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'logwarden-grants-server-'));
    await engine.close(); // one data directory per process
    const serverEngine = createEngine(validateConfig({ dataDir: other }, 'test'));
    try {
      assert.ok(serverEngine instanceof ChdbEngine);
      assert.equal(serverEngine.privileges, 'restricted');
      await migrate(serverEngine);
      await assert.rejects(serverEngine.command('TRUNCATE TABLE events'), ACCESS_DENIED);
    } finally {
      await serverEngine.close();
      await rm(other, { recursive: true, force: true });
    }
    engine = new ChdbEngine(dir);
  });

  test('an engine at another level on a directory already open in this process refuses to open', () => {
    assert.throws(() => new ChdbEngine(dir, { privileges: 'unrestricted' }), /already open in this process with other privileges/);
    assert.equal(engine.privileges, 'restricted');
  });

  test('the unrestricted engine for tampering tests does what the restricted one refuses', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'logwarden-grants-open-'));
    await engine.close();
    const open = new ChdbEngine(other, { privileges: 'unrestricted' });
    try {
      await migrate(open);
      await open.command("INSERT INTO events (event_sequence, message) VALUES (0, 'x')");
      await open.command('ALTER TABLE events DELETE WHERE 1 SETTINGS mutations_sync = 2');
      const [row] = await open.query<{ n: string }>('SELECT count() AS n FROM events');
      assert.equal(Number(row?.n), 0);
    } finally {
      await open.close();
      await rm(other, { recursive: true, force: true });
    }
    engine = new ChdbEngine(dir);
  });
});
