// One conformance suite for the event store, run against both engines: the embedded chDB session,
// and the ClickHouse-server engine (the official @clickhouse/client) over chDB's connection, so the
// client code path and its parameter binding run for real too. No mock store.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { ClickHouseServerEngine } from './clickhouse-engine.ts';
import type { SqlEngine } from './engine.ts';
import { EventStore } from './event-store.ts';
import { compactEvent } from '../schema/empty.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

const T0 = Date.parse('2026-11-24T12:00:00.000Z');

function sampleEvents(): LogEvent[] {
  return Array.from({ length: 10 }, (_, i) => ({
    'event.sequence': i,
    '@timestamp': T0 + i * 60_000 + 7,
    'event.ingested': T0 + i * 60_000 + 9,
    'event.original': `<38>1 original line ${i} "quoted" \\ back\u0000nul`,
    message: i % 2 === 0 ? `Failed password for alice from 10.0.0.${i}` : `Accepted publickey for bob`,
    'log.level': i % 2 === 0 ? 'warning' : 'informational',
    'host.name': i < 7 ? 'web-1' : 'db-1',
    'source.ip': `10.0.0.${i}`,
    'source.port': 40000 + i,
    'process.pid': 100 + i,
    'user.name': i % 2 === 0 ? 'alice' : 'bob',
    labels: i === 3 ? { env: 'prod', 'team.name': 'sec ops' } : ({} as Record<string, string>),
    'logwarden.truncated': i === 4,
    'logwarden.source.protocol': 'syslog-tcp',
  }));
}

type EngineFactory = (dir: string) => SqlEngine;

const engines: [string, EngineFactory][] = [
  ['embedded chDB', (dir) => new ChdbEngine(dir)],
  [
    '@clickhouse/client over chDB connection',
    (dir) =>
      new ClickHouseServerEngine(
        { url: 'http://embedded.invalid', username: 'default', password: '', database: 'default' },
        // chdb ships its own copy of the Connection type; the shapes match at run time
        createClient({ connection: createChdbConnection({ path: dir }) as never }),
      ),
  ],
];

for (const [name, makeEngine] of engines) {
  describe(`event store on ${name}`, () => {
    test('round-trips every field, searches, counts and aggregates', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-store-'));
      const store = new EventStore(makeEngine(dir));
      try {
        await store.open();
        await store.open(); // migrations are idempotent
        assert.equal(await store.lastSequence(), -1);
        const events = sampleEvents();
        await store.insert(events);
        assert.equal(await store.lastSequence(), 9);

        const all = await store.search({ query: parsedQuery(''), scope: ALL_SYSTEMS, limit: 100, ascending: true });
        assert.deepEqual(all, events.map(compactEvent), 'a stored record reads back exactly as written');

        const newest = await store.search({ query: parsedQuery(''), scope: ALL_SYSTEMS, limit: 2 });
        assert.deepEqual(
          newest.map((e) => e['event.sequence']),
          [9, 8],
        );

        assert.equal(await store.count({ query: parsedQuery('alice'), scope: ALL_SYSTEMS }), 5);
        assert.equal(await store.count({ query: parsedQuery('FAILED AND host.name:web-1'), scope: ALL_SYSTEMS }), 4);
        assert.equal(await store.count({ query: parsedQuery(''), scope: ALL_SYSTEMS, from: T0 + 60_000, to: T0 + 3 * 60_000 }), 2, 'from is inclusive, to exclusive');
        assert.equal(await store.count({ query: parsedQuery('labels.env:prod'), scope: ALL_SYSTEMS }), 1);

        const hours = await store.histogram({ query: parsedQuery(''), scope: ALL_SYSTEMS }, 300);
        assert.deepEqual(
          hours.map((b) => b.count),
          [5, 5],
        );
        assert.equal(hours[0]?.start, T0);
        const range = { query: parsedQuery(''), scope: ALL_SYSTEMS, from: T0 - 600_000 + 1, to: T0 + 1_200_000 };
        const filled = await store.histogram(range, 300);
        assert.deepEqual(
          filled.map((b) => [(b.start - T0) / 1000, b.count]),
          [
            [-600, 0],
            [-300, 0],
            [0, 5],
            [300, 5],
            [600, 0],
            [900, 0],
          ],
          'buckets are zero-filled across the requested range, the first one holding `from`',
        );
        await assert.rejects(store.histogram({ ...range, to: T0 + 86_400_000 }, 1), { code: 'LW_BAD_REQUEST', message: /87000 buckets .* the limit is 10000/ });

        const top = await store.topValues({ query: parsedQuery(''), scope: ALL_SYSTEMS }, 'host.name', 5);
        assert.deepEqual(top, [
          { value: 'web-1', count: 7 },
          { value: 'db-1', count: 3 },
        ]);
        await assert.rejects(store.topValues({ query: parsedQuery(''), scope: ALL_SYSTEMS }, 'message', 5), { code: 'LW_QUERY_FIELD' });
      } finally {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
