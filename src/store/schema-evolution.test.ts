// Schema evolution: a store written before fields of every kind existed (keyword, plain string,
// Nullable and non-Nullable number, time, ip, bool, map, list) gets them from a registry line each
// plus one migration of ADD COLUMN statements; reopened, it takes records that use them, finds
// them, and every record, old and new, still verifies against its ledger leaf — the old records'
// leaves were made without those columns and do not change (a column's default is no value).
// The old store is written by a process of its own with the released registry. Real engine.
// R-TAMPER-1, R-TAMPER-2.
import { EVOLUTION_FIELDS, TEST_VERSION } from './schema-evolution.fixtures.ts'; // first: extends the registry
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSigner, generateKeyPair, signCheckpoint } from '../ledger/checkpoint.ts';
import { eventLeafHash } from '../ledger/leaf.ts';
import { MerkleFrontier } from '../ledger/merkle.ts';
import { LeafRounds } from '../ledger/rounds.ts';
import { verifyLedger } from '../ledger/verify.ts';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';
import { addColumnStatements, extendMigrationsForTest } from './migrations.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

const ORIGIN = 'logwarden.test/evolution';
const NODE = 'node-a';
const keyPair = generateKeyPair('evolution-test');
const signer = createSigner(keyPair);
const OLD = 2000;
let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function newEvent(k: number): LogEvent {
  const seq = OLD + k;
  return {
    'event.sequence': seq,
    '@timestamp': Date.UTC(2026, 11, 1) + k,
    'event.ingested': Date.UTC(2026, 11, 1) + k,
    message: `after the new fields ${k}`,
    'event.category': ['authentication'],
    'test.keyword': `kw-${k % 3}`,
    'test.note': 'a "note" / with \\ escapes',
    'test.maybe': k % 2 === 0 ? 0 : 3, // a Nullable 0 is a value
    'test.count': k % 4, // a non-Nullable 0 is the column default: absent
    'test.when': Date.UTC(2026, 0, 1) + k * 1000,
    'test.addr': `10.0.0.${k % 250}`,
    'test.flag': k % 2 === 1,
    'test.attrs': { k: `v${k % 2}` },
    'test.tags': k % 5 === 0 ? [] : ['blue', `tag-${k % 2}`],
  };
}

test('R-TAMPER-2: fields of every kind added by registry and migration: old records keep their leaves, new ones are stored, found and verified', async () => {
  assert.ok(
    EVOLUTION_FIELDS.every((f) => fieldByName(f.name) === f),
    'the registry holds the test fields',
  );
  extendMigrationsForTest([{ version: TEST_VERSION, description: 'test: fields of every kind', statements: addColumnStatements(TEST_VERSION, EVOLUTION_FIELDS) }]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-evolution-'));
  const seed = fileURLToPath(new URL('./schema-evolution-seed.fixtures.ts', import.meta.url));
  const before = JSON.parse(execFileSync(process.execPath, [seed, dir, String(OLD), NODE], { encoding: 'utf8' })) as { size: number; root: string };
  assert.equal(before.size, OLD);

  const engine = new ChdbEngine(dir);
  const store = new EventStore(engine);
  try {
    await store.open({ node: NODE });
    const [versions] = await engine.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
    assert.equal(Number(versions?.v), TEST_VERSION);
    const old = await store.bySequence(7, ALL_SYSTEMS);
    assert.deepEqual(
      Object.keys(old ?? {}).filter((name) => name.startsWith('test.')),
      [],
      'an old record reads back without the new fields',
    );

    const fresh = Array.from({ length: 40 }, (_, k) => newEvent(k));
    await store.insert(fresh);
    // Hashed as the ledger does: a round over the new records in the store's leaf formats, committed.
    const rounds = new LeafRounds(engine, NODE, () => Date.now());
    assert.equal(await rounds.open(), OLD, "the node's log ends after the old records");
    const round = await rounds.hash(OLD, OLD + fresh.length, store.leafFormats);
    await rounds.commit(round, OLD, OLD + fresh.length);
    const windows: Buffer[] = [];
    for await (const window of rounds.committedLeaves(0, OLD + fresh.length)) windows.push(window);
    const leaves = Buffer.concat(windows);
    assert.equal(leaves.length, (OLD + fresh.length) * 32);
    // The engine's leaves of the new records equal the JavaScript ones (the empty-default rule on both sides).
    for (const event of fresh) {
      const seq = Number(event['event.sequence']);
      assert.equal(leaves.subarray(seq * 32, seq * 32 + 32).toString('hex'), Buffer.from(eventLeafHash(event)).toString('hex'), `leaf of record ${seq}`);
    }
    const frontier = new MerkleFrontier();
    frontier.appendLeaves(leaves);
    const notes = [
      { source: 'signed before the fields existed', note: signCheckpoint({ origin: ORIGIN, size: before.size, rootHash: Buffer.from(before.root, 'hex') }, signer) },
      { source: 'signed after', note: signCheckpoint({ origin: ORIGIN, size: frontier.size, rootHash: frontier.root() }, signer) },
    ];
    const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes });
    assert.deepEqual(report.problems, []);
    assert.equal(report.verifiedSize, OLD + fresh.length);

    const read = await store.bySequence(OLD + 4, ALL_SYSTEMS);
    assert.equal(read?.['test.count'], undefined, 'a non-Nullable 0 reads back absent');
    assert.equal(read?.['test.maybe'], 0, 'a Nullable 0 is kept');
    assert.deepEqual(read?.['test.tags'], ['blue', 'tag-0']);
    const count = (query: string) => store.count({ query: parsedQuery(query), scope: ALL_SYSTEMS });
    assert.equal(await count('test.keyword:kw-1'), 13);
    assert.equal(await count('test.note:*'), 40);
    assert.equal(await count('test.maybe:3'), 20);
    assert.equal(await count('test.count:>=2'), 20);
    assert.equal(await count('test.when:>=2026-01-01T00:00:30Z'), 10);
    assert.equal(await count('test.addr:10.0.0.0/28'), 16);
    assert.equal(await count('test.flag:true'), 20);
    assert.equal(await count('test.attrs.k:v1'), 20);
    assert.equal(await count('test.tags:blue'), 32);
    assert.equal(await count('test.tags:tag-*'), 32);
    assert.equal(await count('NOT test.tags:*'), OLD + 8);
    assert.deepEqual(await store.topValues({ query: parsedQuery('*'), scope: ALL_SYSTEMS }, 'test.tags', 2), [
      { value: 'blue', count: 32 },
      { value: 'tag-0', count: 16 },
    ]);
  } finally {
    await store.close();
  }
});
