// verifyLedger over a store large enough that each window's tree is built on two threads (this
// one and RunHasher's helper), with signed checkpoints on both sides of the split, at the split,
// and at odd sizes: every one must be checked against the tree as it stood at its size. Real
// engine, real keys; the tamper cases of every kind are in test/e2e/ledger.test.ts. R-TAMPER-1.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { createSigner, generateKeyPair, signCheckpoint, type NoteSigner } from './checkpoint.ts';
import { LEAF_HASH_SQL, LEAF_SQL_WITH } from './leaf-sql.ts';
import { MerkleFrontier } from './merkle.ts';
import { RunHasher } from './run-hasher.ts';
import { verifyLedger, type NamedNote } from './verify.ts';

const RECORDS = 100_000; // split 65,536 + 34,464: the helper's run is long enough to be used
const ORIGIN = 'logwarden.test/verify';
const NODE = 'verify-node';
const keyPair = generateKeyPair('verify-test');
const signer: NoteSigner = createSigner(keyPair);

let dir: string;
let engine: ChdbEngine;
/** The root of the first `size` leaves, for each size a checkpoint is made at. */
const roots = new Map<number, Uint8Array>();

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-verify-'));
  engine = new ChdbEngine(dir);
  const store = new EventStore(engine);
  await store.open();
  for (let start = 0; start < RECORDS; start += 10_000) {
    const events: LogEvent[] = Array.from({ length: 10_000 }, (_, k) => ({
      'event.sequence': start + k,
      'event.ingested': Date.UTC(2026, 10, 24) + start + k,
      message: `record ${start + k}`,
    }));
    await store.insert(events);
  }
  await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) ${LEAF_SQL_WITH} SELECT '${NODE}', 1, event_sequence, ${LEAF_HASH_SQL} FROM events`);
  await engine.command(`INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at) VALUES ('${NODE}', 1, 0, ${RECORDS}, now64(3))`);
  // The expected roots come from the stored leaves, one at a time, on this thread alone.
  const leaves = await engine.queryRowBinary('SELECT leaf FROM ledger_leaves ORDER BY seq');
  const frontier = new MerkleFrontier();
  for (let index = 0; index < RECORDS; index++) {
    frontier.append(leaves.subarray(index * 32, (index + 1) * 32));
    roots.set(frontier.size, frontier.root());
  }
});

after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

function checkpointAt(size: number, rootHash = roots.get(size) as Uint8Array): NamedNote {
  return { source: `checkpoint ${size}`, note: signCheckpoint({ origin: ORIGIN, size, rootHash }, signer) };
}

test('the window is split where the helper thread can take the rest', () => {
  assert.equal(RunHasher.split(0, RECORDS), 65_536);
  assert.equal(RunHasher.split(0, 1000), undefined, 'too few to be worth a thread');
  assert.equal(RunHasher.split(3, RECORDS), undefined, 'a run must start at a multiple of its tallest subtree');
});

test('every checkpoint verifies, whichever thread built the tree at its size', async () => {
  // Main thread: 1, 65,535; the split: 65,536; helper: 65,537, 70,001, 99,999; the end: 100,000.
  const sizes = [1, 65_535, 65_536, 65_537, 70_001, 99_999, RECORDS];
  const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes: sizes.map((size) => checkpointAt(size)) });
  assert.deepEqual(report.problems, []);
  assert.equal(report.ok, true);
  assert.equal(report.records, RECORDS);
  assert.equal(report.checkpointsChecked, sizes.length);
  assert.equal(report.verifiedSize, RECORDS);
});

test('a signed checkpoint whose root does not match, inside the helper thread part, is caught at its size', async () => {
  const wrongRoot = roots.get(80_001) as Uint8Array; // a real root, of the wrong size
  const notes = [checkpointAt(70_001), { source: 'forged', note: signCheckpoint({ origin: ORIGIN, size: 80_000, rootHash: wrongRoot }, signer) }, checkpointAt(RECORDS)];
  const report = await verifyLedger({ engine, node: NODE, origin: ORIGIN, keys: [keyPair], notes });
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.problems.map((problem) => [problem.kind, problem.seq]),
    [['checkpoint-mismatch', 70_001]],
  );
  assert.match(report.problems[0]?.message ?? '', /checkpoint of size 80000 \(forged\)/);
  assert.equal(report.verifiedSize, RECORDS, 'the checkpoints around it still verify');
});
