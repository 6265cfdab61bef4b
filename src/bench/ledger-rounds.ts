// `npm run bench:ledger-rounds`: what reading only committed rounds costs. Prints figures, asserts
// nothing. Over N leaves (BENCH_LEAVES, default 1M) of one node, written in rounds of R leaves
// (BENCH_ROUND_SIZES, default "10000,10": busy ingest, and a trickle), one 1M-leaf window is read
//  - as before rounds: every leaf, `ORDER BY seq LIMIT 1 BY seq`;
//  - as now: committed rounds only, the latest round's leaf per sequence number (ledger-sql.ts);
// and a proof-sized read (a few hundred leaves in a few runs) both ways.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { committedLeavesSql } from '../ledger/ledger-sql.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';

const LEAVES = Number(process.env['BENCH_LEAVES'] ?? 1_000_000);
const ROUND_SIZES = (process.env['BENCH_ROUND_SIZES'] ?? '10000,10').split(',').map(Number);
const NODE = 'bench-node';

async function best(runs: number, work: () => Promise<unknown>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

async function benchRoundSize(roundSize: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-bench-rounds-'));
  const engine = new ChdbEngine(dir);
  try {
    await new EventStore(engine).open();
    // Round r holds leaves [r·size, (r+1)·size); the round number is derived per row, so one insert.
    await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) SELECT '${NODE}', intDiv(number, ${roundSize}) + 1, number, SHA256(toString(number)) FROM numbers(${LEAVES})`);
    const rounds = Math.ceil(LEAVES / roundSize);
    await engine.command(
      `INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at)
       SELECT '${NODE}', number + 1, number * ${roundSize}, least((number + 1) * ${roundSize}, ${LEAVES}), now64(3) FROM numbers(${rounds})`,
    );
    await engine.command('OPTIMIZE TABLE ledger_leaves FINAL');
    const window = { lw_node: NODE, lw_lo: 0, lw_hi: LEAVES };
    const plain = await best(3, () =>
      engine.queryRowBinary('SELECT leaf FROM ledger_leaves WHERE node = {lw_node:String} AND seq >= {lw_lo:UInt64} AND seq < {lw_hi:UInt64} ORDER BY seq LIMIT 1 BY seq', window),
    );
    const committed = await best(3, () => engine.queryRowBinary(committedLeavesSql('leaf'), window));
    const spans = [
      [1000, 1100],
      [500_000, 500_200],
      [999_000, 999_100],
    ] as const;
    const runs = spans.map(([a, b]) => `(seq >= ${a} AND seq < ${b})`).join(' OR ');
    const overlapping = spans.map(([a, b]) => `(end_seq > ${a} AND first_seq < ${b})`).join(' OR ');
    const proofPlain = await best(5, () => engine.queryRowBinary(`SELECT seq, leaf FROM ledger_leaves WHERE node = {lw_node:String} AND (${runs}) ORDER BY seq LIMIT 1 BY seq`, window));
    const proofCommitted = await best(5, () => engine.queryRowBinary(committedLeavesSql('seq, leaf', { leaves: runs, rounds: overlapping }), { lw_node: NODE, lw_lo: 1000, lw_hi: 999_100 }));
    console.log(`rounds of ${roundSize} leaves (${rounds} rounds):`);
    console.log(`  read ${LEAVES} leaves, every leaf (before rounds) : ${plain.toFixed(0)} ms`);
    console.log(`  read ${LEAVES} leaves, committed rounds only     : ${committed.toFixed(0)} ms (${(committed / plain).toFixed(2)}×)`);
    console.log(`  proof-sized read (400 leaves in 3 runs), before: ${proofPlain.toFixed(1)} ms, committed only: ${proofCommitted.toFixed(1)} ms`);
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`logwarden bench: ledger rounds, ${LEAVES} leaves, ${os.cpus().length} cores, node ${process.version}`);
for (const size of ROUND_SIZES) await benchRoundSize(size);
