// Paging by keyset (timestamp, event.sequence): walking a search page by page returns exactly the
// unpaged result, in both orders, with many events sharing a millisecond, whatever the page size
// and byte cap: no duplicate, no gap (R-STORE-1: a search never hides a stored event). Issue 10's
// exports, UI paging and live tail build on this. Property-based, against the real engines.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { ClickHouseServerEngine } from './clickhouse-engine.ts';
import type { SqlEngine } from './engine.ts';
import { EventStore, type PageRequest } from './event-store.ts';
import type { Keyset } from './keyset.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const WORDS = ['alpha', 'beta', 'gamma'];

const engines: [string, (dir: string) => SqlEngine, number][] = [
  ['embedded chDB', (dir) => new ChdbEngine(dir), 40],
  [
    '@clickhouse/client over chDB connection',
    (dir) =>
      new ClickHouseServerEngine(
        { url: 'http://embedded.invalid', username: 'default', password: '', database: 'default' },
        createClient({ connection: createChdbConnection({ path: dir }) as never }),
      ),
    15,
  ],
];

/** Events whose timestamps come from a handful of milliseconds, so ties are the rule. */
const eventsArb = fc.array(fc.record({ slot: fc.integer({ min: 0, max: 4 }), word: fc.constantFrom(...WORDS), pad: fc.nat({ max: 3000 }) }), { maxLength: 40 }).map((specs) =>
  specs.map(
    (spec, i): LogEvent =>
      ({
        'event.sequence': i,
        '@timestamp': T0 + spec.slot,
        'event.ingested': T0,
        message: `${spec.word} ${'p'.repeat(spec.pad)}`,
      }) as LogEvent,
  ),
);

const requestArb = fc.record({
  query: fc.constantFrom('', 'alpha', 'NOT beta'),
  ascending: fc.boolean(),
  limit: fc.integer({ min: 1, max: 7 }),
  // From "smaller than any event" (one event a page) to "never reached".
  maxBytes: fc.constantFrom(1, 1500, 4000, 1 << 20),
  from: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
});

async function allPages(store: EventStore, request: Omit<PageRequest, 'after'>): Promise<LogEvent[]> {
  const seen: LogEvent[] = [];
  let after: Keyset | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.searchPage({ ...request, ...(after ? { after } : {}) });
    assert.ok(page.events.length <= request.limit, 'a page holds at most limit events');
    seen.push(...page.events);
    const last = page.events.at(-1);
    if (!page.more || !last) return seen;
    after = { timestamp: Number(last['@timestamp']), sequence: Number(last['event.sequence']) };
  }
  throw new Error('paging did not end');
}

for (const [name, makeEngine, numRuns] of engines) {
  describe(`search pages on ${name}`, () => {
    test('paging through random data returns exactly the unpaged result, asc and desc, with ties (property)', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-pages-'));
      const store = new EventStore(makeEngine(dir));
      let runs = 0;
      let nextSequence = 0;
      try {
        await store.open();
        await fc.assert(
          fc.asyncProperty(eventsArb, requestArb, async (specs, r) => {
            // Each run adds its own events (a store is append-only) and searches only them.
            const run = runs++;
            const base = nextSequence;
            nextSequence += specs.length;
            const events = specs.map((e): LogEvent => ({
              ...e,
              'event.sequence': base + Number(e['event.sequence']),
              '@timestamp': Number(e['@timestamp']) + run * 1000,
              labels: { run: String(run) },
            }));
            await store.insert(events);
            const own = `labels.run:${run}`;
            const filter = {
              query: parsedQuery(r.query === '' ? own : `(${r.query}) AND ${own}`),
              scope: ALL_SYSTEMS,
              ascending: r.ascending,
              ...(r.from === undefined ? {} : { from: T0 + run * 1000 + r.from }),
            };
            const whole = await store.search({ ...filter, limit: 10_000 });
            const paged = await allPages(store, { ...filter, limit: r.limit, maxBytes: r.maxBytes });
            assert.deepEqual(
              paged.map((e) => e['event.sequence']),
              whole.map((e) => e['event.sequence']),
            );
          }),
          { numRuns },
        );
      } finally {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('a page stops at the byte cap, but always holds at least one event', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-pages-'));
      const store = new EventStore(makeEngine(dir));
      try {
        await store.open();
        const big = 'b'.repeat(10_000);
        await store.insert(Array.from({ length: 10 }, (_, i) => ({ 'event.sequence': i, '@timestamp': T0, 'event.ingested': T0, message: `${i} ${big}` }) as LogEvent));
        // A row's size is estimated from all its columns (~12.5 kB with every empty column of migration 9), so three fit in 45 kB, four do not.
        const capped = await store.searchPage({ query: parsedQuery(''), scope: ALL_SYSTEMS, limit: 10, maxBytes: 45_000 });
        assert.equal(capped.events.length, 3, 'three events of ~10 kB fit in 45 kB');
        assert.equal(capped.more, true);
        const tiny = await store.searchPage({ query: parsedQuery(''), scope: ALL_SYSTEMS, limit: 10, maxBytes: 1 });
        assert.equal(tiny.events.length, 1);
        const whole = await store.searchPage({ query: parsedQuery(''), scope: ALL_SYSTEMS, limit: 10, maxBytes: 1 << 20 });
        assert.deepEqual([whole.events.length, whole.more], [10, false]);
      } finally {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
