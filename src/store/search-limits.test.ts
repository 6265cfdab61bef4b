// Searches cannot stall the platform (issue 9, R-ACCESS-1 need-to-know access stays usable,
// R-TAMPER-1 the ledger keeps checkpointing): each search runs under a time limit and on a search
// slot of its own, apart from the engine session the ledger uses, and a full line is refused.
// Real engines only: the embedded chDB and @clickhouse/client over chDB's connection.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ChdbEngine } from './chdb-engine.ts';
import { ClickHouseServerEngine } from './clickhouse-engine.ts';
import type { SqlEngine } from './engine.ts';
import { encodeEvent, EventStore, type SearchLimits } from './event-store.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

/** Every message is checked against every term and none matches: seconds of work on the fixture. */
const HEAVY = Array.from({ length: 50 }, (_, i) => `NOT *x?x?x?q${i}*`).join(' AND ');
const EVENTS = 20_000;

const engines: [string, (dir: string) => SqlEngine][] = [
  ['embedded chDB', (dir) => new ChdbEngine(dir)],
  [
    '@clickhouse/client over chDB connection',
    (dir) =>
      new ClickHouseServerEngine(
        { url: 'http://embedded.invalid', username: 'default', password: '', database: 'default' },
        createClient({ connection: createChdbConnection({ path: dir }) as never }),
      ),
  ],
];

async function fill(dir: string): Promise<void> {
  const store = new EventStore(new ChdbEngine(dir));
  await store.open();
  const filler = 'x'.repeat(4000);
  await store.insertEncoded(Array.from({ length: EVENTS }, (_, i) => encodeEvent({ 'event.sequence': i, '@timestamp': i, 'event.ingested': i, message: `m${i} ${filler}` } as never)));
  await store.close();
}

const limits = (overrides: Partial<SearchLimits>): SearchLimits => ({ maxQuerySeconds: 300, maxConcurrent: 2, maxQueued: 16, ...overrides });

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-limits-'));
  await fill(dir);
});
after(async () => rm(dir, { recursive: true, force: true }));

for (const [name, makeEngine] of engines) {
  describe(`search limits on ${name}`, () => {
    test('a query over search.maxQuerySeconds answers LW_QUERY_TIMEOUT (504) naming the limit, for search, count and aggregate', async () => {
      const store = new EventStore(makeEngine(dir), limits({ maxQuerySeconds: 0.001 }));
      try {
        const expected = (error: unknown): boolean => {
          const e = error as { code: string; status: number; message: string; details: { limitSeconds: number } };
          assert.equal(e.code, 'LW_QUERY_TIMEOUT');
          assert.equal(e.status, 504);
          assert.match(e.message, /search\.maxQuerySeconds/);
          assert.equal(e.details.limitSeconds, 0.001);
          return true;
        };
        await assert.rejects(store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }), expected);
        await assert.rejects(store.searchPage({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS, limit: 10, maxBytes: 1 << 20 }), expected);
        await assert.rejects(store.histogram({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }, 60), expected);
        await assert.rejects(store.topValues({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }, 'host.name', 5), expected);
      } finally {
        await store.close();
      }
    });

    test('more searches than search.maxConcurrent + search.maxQueued are refused with LW_TOO_MANY_REQUESTS and a Retry-After', async () => {
      const store = new EventStore(makeEngine(dir), limits({ maxConcurrent: 1, maxQueued: 1 }));
      try {
        const running = store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS });
        const queued = store.count({ query: parsedQuery('m1'), scope: ALL_SYSTEMS });
        await assert.rejects(store.count({ query: parsedQuery('m2'), scope: ALL_SYSTEMS }), (error: { code: string; status: number; details: { retryAfterSeconds: number } }) => {
          assert.equal(error.code, 'LW_TOO_MANY_REQUESTS');
          assert.equal(error.status, 429);
          assert.ok(error.details.retryAfterSeconds >= 1);
          return true;
        });
        assert.equal(await running, EVENTS);
        assert.equal(await queued, 1);
        assert.equal(await store.count({ query: parsedQuery('m2'), scope: ALL_SYSTEMS }), 1, 'a slot frees once a search ends');
      } finally {
        await store.close();
      }
    });
  });
}

describe('searches are isolated from the ledger (embedded chDB)', () => {
  test('the engine session the ledger uses answers while a long search runs', async () => {
    const engine = new ChdbEngine(dir);
    const store = new EventStore(engine, limits({}));
    try {
      let searchDone = false;
      const search = store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }).then((n) => ((searchDone = true), n));
      await new Promise(setImmediate); // the search has reached the engine
      // What a ledger round asks first (ledger.ts #hashStored). It used to wait for the search: on the
      // same session, and then on chdb-node's process-wide line of parameterised queries.
      await engine.query('SELECT count() AS n, max(seq) AS last FROM ledger_leaves WHERE seq >= {a:UInt64}', { a: 0 });
      assert.equal(searchDone, false, 'the ledger-side query was answered before the long search ended');
      assert.equal(await search, EVENTS);
    } finally {
      await store.close();
    }
  });

  test('a light count is answered on the second search slot while a long search holds the first', async () => {
    const store = new EventStore(new ChdbEngine(dir), limits({ maxConcurrent: 2 }));
    try {
      let searchDone = false;
      const search = store.count({ query: parsedQuery(HEAVY), scope: ALL_SYSTEMS }).then((n) => ((searchDone = true), n));
      await new Promise(setImmediate); // the search has reached the engine
      assert.equal(await store.count({ query: parsedQuery('m7'), scope: ALL_SYSTEMS }), 1);
      assert.equal(searchDone, false, 'the light count did not wait for the long search');
      assert.equal(await search, EVENTS);
    } finally {
      await store.close();
    }
  });
});
