// Tiles stored in the real engine: built in steps as the tree grows, they give the same proofs as
// every leaf does, and a missing one makes sourceFor answer undefined (the ledger then reads every
// leaf). Tile height 3 gives four levels of tiles (heights 3, 6, 9, 12) in 5,000 leaves. R-TAMPER-2.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { consistencyProof, consistencyProofRanges, inclusionProof, inclusionProofRanges, MerkleFrontier, nodeHash, type LeafRange } from './merkle.ts';
import { TileStore, type Tile } from './tile-store.ts';
import { rangeHash } from './tiles.ts';

const LEAVES = 5000;
const TILE_HEIGHT = 3;
const NODE = 'tiles-node';
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

let dir: string;
let engine: ChdbEngine;
let leaves: Uint8Array[];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-tiles-'));
  engine = new ChdbEngine(dir, { privileges: 'unrestricted' }); // tampers with tiles on purpose
  await new EventStore(engine).open();
  await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) SELECT '${NODE}', 1, number, SHA256(toString(number)) FROM numbers(${LEAVES})`);
  await engine.command(`INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at) VALUES ('${NODE}', 1, 0, ${LEAVES}, now64(3))`);
  const bytes = await engine.queryRowBinary('SELECT leaf FROM ledger_leaves ORDER BY seq');
  leaves = Array.from({ length: LEAVES }, (_, index) => bytes.subarray(index * 32, (index + 1) * 32));
});

after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function viaTiles(tiles: TileStore, ranges: LeafRange[]): Promise<(start: number, end: number) => Uint8Array> {
  const source = await tiles.sourceFor(ranges);
  assert.ok(source, 'every tile the ranges need is stored');
  return (start, end) => rangeHash(start, end, source, nodeHash, TILE_HEIGHT);
}

test('tiles built as the tree grows give the proofs that every leaf gives', async () => {
  const tiles = new TileStore(engine, NODE, TILE_HEIGHT);
  await tiles.open();
  await tiles.extendTo(1234);
  await tiles.extendTo(1234); // nothing new: no duplicates
  const restarted = new TileStore(engine, NODE, TILE_HEIGHT);
  await restarted.open(); // resumes where the first stopped
  await restarted.extendTo(LEAVES);
  const counts = await engine.query<{ height: number; n: string; distinct: string }>('SELECT height, count() AS n, uniqExact(idx) AS distinct FROM ledger_tiles GROUP BY height ORDER BY height');
  assert.deepEqual(
    counts.map((row) => [Number(row.height), Number(row.n), Number(row.distinct)]),
    [3, 6, 9, 12].map((height) => [height, Math.floor(LEAVES / 2 ** height), Math.floor(LEAVES / 2 ** height)]),
  );
  for (const [seq, size] of [
    [0, LEAVES],
    [4095, LEAVES],
    [4999, LEAVES],
    [777, 4096],
    [12, 13],
    [0, 1],
  ] as const) {
    const hashRange = await viaTiles(restarted, inclusionProofRanges(seq, size));
    assert.deepEqual(inclusionProof(seq, size, { hashRange }).map(hex), inclusionProof(seq, size, leaves).map(hex), `inclusion of ${seq} in ${size}`);
  }
  for (const [from, to] of [
    [1, LEAVES],
    [1234, LEAVES],
    [4096, 4097],
    [100, 100],
  ] as const) {
    const hashRange = await viaTiles(restarted, consistencyProofRanges(from, to));
    assert.deepEqual(consistencyProof(from, to, { hashRange }).map(hex), consistencyProof(from, to, leaves).map(hex), `consistency ${from} → ${to}`);
  }
});

test('tiles reported by the frontier while appending are stored as they come, and equal the built ones', async () => {
  const built = await engine.query<{ height: number; idx: string; hash: string }>('SELECT height, idx, hex(hash) AS hash FROM ledger_tiles ORDER BY height, idx');
  await engine.command('TRUNCATE TABLE ledger_tiles');
  const tiles = new TileStore(engine, NODE, TILE_HEIGHT);
  await tiles.open();
  const frontier = new MerkleFrontier();
  const all = Buffer.concat(leaves);
  for (const [from, to] of [
    [0, 1000],
    [1000, 1001],
    [1001, LEAVES],
  ] as const) {
    const reported: Tile[] = [];
    frontier.appendLeaves(all.subarray(from * 32, to * 32), { every: TILE_HEIGHT, completed: (height, index, root) => reported.push({ height, index, root }) });
    await tiles.add(reported);
    await tiles.add(reported); // a repeat is ignored
  }
  const added = await engine.query<{ height: number; idx: string; hash: string }>('SELECT height, idx, hex(hash) AS hash FROM ledger_tiles ORDER BY height, idx');
  assert.deepEqual(added, built);
});

test('a missing tile makes the source unavailable rather than wrong', async () => {
  const tiles = new TileStore(engine, NODE, TILE_HEIGHT);
  await tiles.open();
  await tiles.extendTo(LEAVES);
  // The inclusion proof of record 0 needs [40, 48), which is node 5 of height 3.
  await engine.command('ALTER TABLE ledger_tiles DELETE WHERE height = 3 AND idx = 5 SETTINGS mutations_sync = 2');
  assert.equal(await tiles.sourceFor(inclusionProofRanges(0, LEAVES)), undefined);
  assert.ok(await tiles.sourceFor(inclusionProofRanges(4999, LEAVES)), 'proofs that do not need it still work');
});
