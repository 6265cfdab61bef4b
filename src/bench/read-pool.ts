// `npm run bench`, read pool: the latency of the engine's own short reads (a proof's leaf window,
// the latest checkpoint) alone, while 4 heavy searches run on their slots, and while the ledger's
// hashing round (a leaf-hash recompute over a window of events, as after an ingest burst) also runs
// on the engine, and a one-event insert's latency meanwhile; with 1 shared session and with pools of
// 2 and 4. Prints figures and ratios, asserts nothing. Option: BENCH_READ_POOL_EVENTS (default 300000).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LEAF_HASH_SQL, LEAF_SQL_WITH } from '../ledger/leaf-sql.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { DEFAULT_SEARCH_LIMITS, encodeEvent, EventStore } from '../store/event-store.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { HEAVY_QUERY, sshdEvent } from './sshd-events.ts';

const EVENTS = Number(process.env['BENCH_READ_POOL_EVENTS'] ?? 300_000);
const SAMPLES = 20;
const POOLS = [1, 2, 4];
const HEAVY = HEAVY_QUERY;
const ROUND_WINDOW = 100_000;

const event = sshdEvent;

const at = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

interface Figures {
  readonly p50: number;
  readonly p99: number;
}

async function latencies(run: () => Promise<unknown>): Promise<Figures> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: at(times, 0.5), p99: at(times, 0.99) };
}

/** Runs `work` over and over until stopped; resolves with how many runs finished. */
function loop(work: () => Promise<unknown>): { stop: () => Promise<number> } {
  let running = true;
  let runs = 0;
  const done = (async () => {
    while (running) {
      await work();
      runs++;
    }
  })();
  return { stop: async () => ((running = false), await done, runs) };
}

async function fill(dir: string): Promise<void> {
  const engine = new ChdbEngine(dir);
  const store = new EventStore(engine);
  await store.open();
  for (let first = 0; first < EVENTS; first += 50_000) {
    await store.insertEncoded(Array.from({ length: Math.min(50_000, EVENTS - first) }, (_, k) => encodeEvent(event(first + k))));
  }
  await engine.command(`INSERT INTO ledger_leaves ${LEAF_SQL_WITH} SELECT event_sequence, ${LEAF_HASH_SQL} FROM events`);
  await engine.command("INSERT INTO ledger_checkpoints (size, root_hash, note, frontier, created_at) VALUES (1, repeat('x', 32), 'note', '', now64(3))");
  await store.close();
}

async function measure(dir: string, readSessions: number): Promise<Figures[]> {
  const engine = new ChdbEngine(dir, { readSessions });
  const store = new EventStore(engine, DEFAULT_SEARCH_LIMITS);
  try {
    let k = 0;
    const shortRead = async (): Promise<void> => {
      const start = (k++ * 7919) % (EVENTS - 64);
      await engine.queryRowBinary('SELECT leaf FROM ledger_leaves WHERE seq >= {a:UInt64} AND seq < {b:UInt64} ORDER BY seq', { a: start, b: start + 64 });
      await engine.query('SELECT note FROM ledger_checkpoints ORDER BY size DESC, created_at DESC LIMIT 1');
    };
    await shortRead();
    const alone = await latencies(shortRead);
    const searches = Array.from({ length: 4 }, () => loop(() => store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const withSearches = await latencies(shortRead);
    let w = 0;
    const round = loop(() => {
      const a = (w++ * ROUND_WINDOW) % Math.max(1, EVENTS - ROUND_WINDOW);
      return engine.queryRowBinary(`${LEAF_SQL_WITH} SELECT event_sequence, ${LEAF_HASH_SQL} FROM events WHERE event_sequence >= {a:UInt64} AND event_sequence < {b:UInt64}`, {
        a,
        b: a + ROUND_WINDOW,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const withRound = await latencies(shortRead);
    // More sessions busy at once may leave an insert waiting for a libuv worker thread (4 by default).
    let sequence = EVENTS;
    const inserts = await latencies(() => store.insertEncoded([encodeEvent(event(sequence++))]));
    const rounds = await round.stop();
    const heavy = (await Promise.all(searches.map((s) => s.stop()))).reduce((a, b) => a + b, 0);
    console.log(`    (${heavy} heavy searches, ${rounds} hashing rounds meanwhile)`);
    return [alone, withSearches, withRound, inserts];
  } finally {
    await store.close();
  }
}

const show = (f: Figures): string => `p50 ${f.p50.toFixed(1).padStart(7)} ms, p99 ${f.p99.toFixed(1).padStart(7)} ms`;

export async function benchReadPool(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-readpool-'));
  try {
    await fill(dir);
    console.log(`read pool over ${EVENTS} events: a proof's leaf window + the latest checkpoint, ${SAMPLES} samples each`);
    const results = new Map<number, Figures[]>();
    for (const size of POOLS) {
      console.log(`  read sessions ${size}:`);
      const figures = await measure(dir, size);
      results.set(size, figures);
      const [alone, searches, round, inserts] = figures as [Figures, Figures, Figures, Figures];
      console.log(`    alone                           : ${show(alone)}`);
      console.log(`    while 4 heavy searches          : ${show(searches)}`);
      console.log(`    while searches + a hashing round: ${show(round)}`);
      console.log(`    one-event insert meanwhile      : ${show(inserts)}`);
    }
    const shared = results.get(1) as Figures[];
    for (const size of POOLS.slice(1)) {
      const pool = results.get(size) as Figures[];
      const ratio = (i: number, q: 'p50' | 'p99') => ((pool[i] as Figures)[q] / (shared[i] as Figures)[q]).toFixed(2);
      console.log(
        `  pool ${size} / shared: alone p50 ${ratio(0, 'p50')}, with searches p50 ${ratio(1, 'p50')}, with searches + round p50 ${ratio(2, 'p50')} p99 ${ratio(2, 'p99')}, insert meanwhile p50 ${ratio(3, 'p50')} p99 ${ratio(3, 'p99')}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
