// `npm run bench`, search isolation: a light count's latency (p50, p99) alone and while 4 heavy
// searches run, on the embedded engine with the default search limits; also the heavy search's
// own duration, and a one-event insert's latency meanwhile (ingest must not wait for searches).
// Prints figures, asserts nothing. Option: BENCH_SEARCH_EVENTS (default 300000, the figure).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { DEFAULT_SEARCH_LIMITS, encodeEvent, EventStore } from '../store/event-store.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { HEAVY_QUERY, sshdEvent } from './sshd-events.ts';

const EVENTS = Number(process.env['BENCH_SEARCH_EVENTS'] ?? 300_000);
const SAMPLES = 20;
const HEAVY = HEAVY_QUERY;
const LIGHT = 'user42';

const event = sshdEvent;

async function latencies(run: () => Promise<unknown>, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const at = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const describe = (sorted: readonly number[]): string => `p50 ${at(sorted, 0.5).toFixed(1)} ms, p99 ${at(sorted, 0.99).toFixed(1)} ms`;

export async function benchSearchIsolation(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-search-'));
  try {
    const writer = new EventStore(new ChdbEngine(dir));
    await writer.open();
    for (let first = 0; first < EVENTS; first += 50_000) {
      await writer.insertEncoded(Array.from({ length: Math.min(50_000, EVENTS - first) }, (_, k) => encodeEvent(event(first + k))));
    }
    await writer.close();
    console.log(`search isolation over ${EVENTS} events (embedded engine, search.maxQuerySeconds 30, search.maxQueued 16):`);
    await measure(dir, DEFAULT_SEARCH_LIMITS.maxConcurrent);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string, maxConcurrent: number): Promise<void> {
  const store = new EventStore(new ChdbEngine(dir), { ...DEFAULT_SEARCH_LIMITS, maxConcurrent });
  try {
    const light = (): Promise<number> => store.count({ query: parsedQuery(LIGHT), scope: ALL_SYSTEMS });
    await light();
    const alone = await latencies(light, SAMPLES);
    const heavyAlone = await latencies(() => store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }), 3);
    let running = true;
    let heavyRuns = 0;
    const heavy = Array.from({ length: 4 }, async () => {
      while (running) {
        await store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS });
        heavyRuns++;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const loaded = await latencies(light, SAMPLES);
    let sequence = EVENTS;
    const inserts = await latencies(() => store.insertEncoded([encodeEvent(event(sequence++))]), 5);
    running = false;
    await Promise.all(heavy);
    console.log(`  search.maxConcurrent ${maxConcurrent}:`);
    console.log(`    heavy wildcard count alone       : ${describe(heavyAlone)} (3 runs)`);
    console.log(`    light count alone                : ${describe(alone)} over ${SAMPLES}`);
    console.log(`    light count while 4 heavy run    : ${describe(loaded)} over ${SAMPLES} (${heavyRuns} heavy searches meanwhile)`);
    console.log(`    one-event insert while 4 heavy   : ${describe(inserts)} over 5`);
  } finally {
    await store.close();
  }
}
