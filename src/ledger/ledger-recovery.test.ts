// Crash recovery of the ledger without deletes (R-TAMPER-1), against the real embedded engine: the
// crash states are built in the tables as a crash leaves them, the ledger is opened on them as a
// restart would, and `verify` must then pass and proofs must lead to the signed root.
//  - a hashing round whose leaves were written but whose commit marker was not (with leaves that
//    are wrong on purpose, and numbered as the next round would be: they must be ignored, and the
//    number never reused);
//  - a committed round with leaves beyond the stored records (records a crash lost), whose numbers
//    new records then take;
//  - a store from before ledgers were keyed by node, adopted under the configured node.
// Finally no statement in the code deletes, updates or truncates rows.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { databaseNotes } from './checkpoint-notes.ts';
import { createLogger } from '../observability/logger.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { openLedgerKeys } from './keys.ts';
import { Ledger } from './ledger.ts';
import { verifyInclusion } from './merkle.ts';
import { TransparencyFile } from './transparency-file.ts';
import { verifyLedger, type VerifyReport } from './verify.ts';

const NODE = 'node-a';
const logger = createLogger('silent');
const clock = new ManualClock(Date.UTC(2026, 11, 1, 12));

let dataDir: string;
let engine: ChdbEngine;
let store: EventStore;

async function storeRecords(first: number, count: number, text: string): Promise<void> {
  const events: LogEvent[] = Array.from({ length: count }, (_, k) => ({
    'event.sequence': first + k,
    'event.ingested': clock.now(),
    timestamp: clock.now(),
    message: `${text} ${first + k}`,
    'logwarden.node': NODE,
  }));
  await store.insert(events);
}

async function openLedger(lastStored: number): Promise<Ledger> {
  const ledger = new Ledger(engine, await openLedgerKeys(dataDir), await TransparencyFile.open(dataDir), { node: NODE, clock, checkpointIntervalMs: 1000, idleCheckpointMs: 3_600_000 }, logger);
  await ledger.open(lastStored);
  return ledger;
}

async function verify(ledger: Ledger): Promise<VerifyReport> {
  return verifyLedger({ engine, node: NODE, origin: ledger.origin, keys: ledger.keys.verifierKeys, notes: await databaseNotes(engine, NODE) });
}

/** Every record's inclusion proof in the latest signed tree leads to its signed root. */
async function assertProofs(ledger: Ledger, seqs: readonly number[]): Promise<void> {
  const latest = ledger.latestCheckpoint;
  assert.ok(latest);
  for (const seq of seqs) {
    const { leafHash, proof } = await ledger.inclusionProof(seq, latest.size);
    assert.ok(verifyInclusion(leafHash, seq, latest.size, proof, latest.rootHash), `the proof of ${seq} leads to the signed root`);
  }
}

async function count(sql: string): Promise<number> {
  const [row] = await engine.query<{ n: string }>(sql);
  return Number(row?.n);
}

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-recovery-'));
  engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  store = new EventStore(engine);
  await store.open();
});

after(async () => {
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('ledger crash recovery without deletes (R-TAMPER-1)', () => {
  test('a round whose marker is missing is ignored, its number never reused, and the next round supersedes it', async () => {
    await storeRecords(0, 40, 'first');
    const ledger = await openLedger(39);
    assert.equal(ledger.size, 40);
    await ledger.close();
    // The crash: records 40..59 stored, their round's leaves written (wrong ones, to show they are
    // never read) under the number the next round would take, and no marker.
    await storeRecords(40, 20, 'second');
    const next = (await count("SELECT max(round) AS n FROM ledger_rounds WHERE node = 'node-a'")) + 1;
    await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) SELECT '${NODE}', ${next}, 40 + number, SHA256('not the record') FROM numbers(20)`);

    const resumed = await openLedger(59);
    try {
      assert.equal(resumed.size, 60);
      const report = await verify(resumed);
      assert.deepEqual(report.problems, []);
      assert.equal(report.verifiedSize, 60);
      await assertProofs(resumed, [0, 39, 40, 50, 59]);
      assert.equal(await count(`SELECT count() AS n FROM ledger_rounds WHERE node = '${NODE}' AND round = ${next}`), 0, 'the dangling round is never committed');
    } finally {
      await resumed.close();
    }
  });

  test('committed leaves beyond the stored records are superseded, and the records that take their numbers verify', async () => {
    // The crash: a round committed leaves 60..64 for records that did not survive.
    const round = (await count('SELECT max(round) + 100 AS n FROM ledger_leaves')) + 1;
    await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) SELECT '${NODE}', ${round}, 60 + number, SHA256('a lost record') FROM numbers(5)`);
    await engine.command(`INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at) VALUES ('${NODE}', ${round}, 60, 65, now64(3))`);

    const resumed = await openLedger(59);
    try {
      assert.equal(resumed.size, 60);
      assert.deepEqual((await verify(resumed)).problems, [], 'the lost records are not reported as deleted: their leaves no longer count');
      // New records take numbers 60..69 and enter the tree through the stream, as the server does.
      await storeRecords(60, 10, 'third');
      await resumed.consume({ first: 60, end: 70 });
      assert.equal(resumed.size, 70);
      const report = await verify(resumed);
      assert.deepEqual(report.problems, []);
      assert.equal(report.verifiedSize, 70);
      await assertProofs(resumed, [59, 60, 62, 64, 69]);
    } finally {
      await resumed.close();
    }
    const reopened = await openLedger(69);
    try {
      assert.equal(reopened.size, 70, 'a second restart resumes at the same tree');
      assert.deepEqual((await verify(reopened)).problems, []);
    } finally {
      await reopened.close();
    }
  });

  test('verify still names a deleted leaf after rounds (tampering stays visible)', async () => {
    const ledger = await openLedger(69);
    await ledger.close();
    // Tampering on purpose, which the server's restricted engine refuses: an unrestricted one does it.
    await engine.close();
    const tamper = new ChdbEngine(path.join(dataDir, 'clickhouse'), { privileges: 'unrestricted' });
    await tamper.command(`ALTER TABLE ledger_leaves DELETE WHERE node = '${NODE}' AND seq = 33 SETTINGS mutations_sync = 2`);
    await tamper.close();
    engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
    const keys = ledger.keys.verifierKeys;
    const report = await verifyLedger({ engine, node: NODE, origin: ledger.origin, keys, notes: await databaseNotes(engine, NODE) });
    assert.deepEqual(report.problems.map((problem) => [problem.kind, problem.seq]).slice(0, 1), [['leaf-missing', 33]]);
  });
});

describe('no delete in the code', () => {
  test('no statement in src/ deletes, updates or truncates rows, or sets a TTL (R-TAMPER-1)', async () => {
    const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    assert.ok(files.length > 50, 'the source tree was found');
    // SQL keywords are written in capitals throughout the code, so a method named truncate() is not one.
    const forbidden = [/ALTER\s+TABLE\s+[\w`.{}:]+\s+(DELETE|UPDATE)\b/, /\bDELETE\s+FROM\b/, /\bTRUNCATE\s+(TABLE\s+)?[\w`{]/, /\bMODIFY\s+TTL\b/, /\bTTL\s+\w+\s*\+/];
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      for (const pattern of forbidden) if (pattern.test(text)) found.push(`${file}: ${pattern.source}`);
    }
    assert.deepEqual(found, []);
  });
});
