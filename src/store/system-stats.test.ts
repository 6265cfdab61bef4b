// The systems list's and the coverage report's SQL on the embedded engine, over stored events
// with a known mix of fields (R-FIELDS-1 coverage, R-FIELDS-2 skew flags).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemsScope, ALL_SYSTEMS } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ChdbEngine } from './chdb-engine.ts';
import { ClickHouseServerEngine } from './clickhouse-engine.ts';
import type { SqlEngine } from './engine.ts';
import { EventStore } from './event-store.ts';
import { presence, SystemStats } from './system-stats.ts';

const DAY = Date.parse('2026-11-24T00:00:00.000Z');
const HOUR = 3_600_000;

let sequence = 0;
function event(system: string, ingested: number, fields: LogEvent = {}): LogEvent {
  return {
    'event.sequence': sequence++,
    '@timestamp': ingested - 5,
    'event.ingested': ingested,
    'event.original': 'x',
    message: 'x',
    'logwarden.system': system,
    'logwarden.source.protocol': 'syslog-tcp',
    'logwarden.source.peer': '192.0.2.1:40000',
    ...fields,
  };
}

const engines: [string, (dir: string) => SqlEngine][] = [
  ['embedded chDB (values written as literals)', (dir) => new ChdbEngine(dir)],
  [
    '@clickhouse/client over a chDB connection (server-side parameters)',
    (dir) =>
      new ClickHouseServerEngine(
        { url: 'http://embedded.invalid', username: 'default', password: '', database: 'default' },
        // chdb ships its own copy of the Connection type; the shapes match at run time
        createClient({ connection: createChdbConnection({ path: dir }) as never }),
      ),
  ],
];

for (const [engineName, makeEngine] of engines)
  describe(`system stats SQL on ${engineName}`, () => {
    let dir: string;
    let store: EventStore;
    let stats: SystemStats;

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lw-system-stats-'));
      store = new EventStore(makeEngine(dir));
      await store.open();
      stats = new SystemStats(store);
      await store.insert([
        // web today: 4 events from two sources (a token over HTTP with a v6 peer, a syslog host)
        event('web', DAY + 1 * HOUR, {
          'logwarden.source.identity': 'web-app',
          'logwarden.source.peer': '::1:51000',
          'user.name': 'alice',
          'event.action': 'ssh-login',
          'event.category': ['authentication'],
          'source.ip': '198.51.100.7',
          'network.transport': 'tcp',
          'event.outcome': 'failure',
        }),
        event('web', DAY + 2 * HOUR, {
          'logwarden.source.identity': 'web-app',
          'logwarden.source.peer': '::1:51001',
          'user.id': '1000',
          'session.id': 's1',
          'trace.id': 't1',
          'url.original': '/login',
        }),
        event('web', DAY + 3 * HOUR, { 'host.name': 'web-1', 'logwarden.source.peer': '[2001:db8::5]:514', 'logwarden.time.skew_ms': 7_200_000 }),
        event('web', DAY + 4 * HOUR, { 'host.name': 'web-1', 'logwarden.source.peer': '[2001:db8::5]:515', 'host.ip': '2001:db8::5', 'file.path': '/etc/passwd' }),
        // web yesterday: not today, not in the coverage range below
        event('web', DAY - 2 * HOUR, { 'user.name': 'old' }),
        // db: last seen yesterday only
        event('db', DAY - 3 * HOUR, { 'logwarden.source.peer': '::ffff:10.0.0.9:6000' }),
        // unassigned today, from a v4-mapped peer
        event('unassigned', DAY + 5 * HOUR, { 'logwarden.source.peer': '::ffff:10.0.0.9:6000' }),
      ]);
    });
    after(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('R-FIELDS-1: events today, last seen and sources per system (UTC day by event.ingested)', async () => {
      const { systems, sources } = await stats.activity({ dayStart: DAY, lookbackStart: DAY - 31 * 24 * HOUR, maxSources: 20 }, ALL_SYSTEMS);
      assert.deepEqual(systems, [
        { system: 'db', eventsToday: 0, lastSeen: DAY - 3 * HOUR, sourcesToday: 0 },
        { system: 'unassigned', eventsToday: 1, lastSeen: DAY + 5 * HOUR, sourcesToday: 1 },
        { system: 'web', eventsToday: 4, lastSeen: DAY + 4 * HOUR, sourcesToday: 2 },
      ]);
      assert.deepEqual(sources, [
        { system: 'unassigned', identity: '', peer: '10.0.0.9', host: '', events: 1, lastSeen: DAY + 5 * HOUR },
        { system: 'web', identity: '', peer: '2001:db8::5', host: 'web-1', events: 2, lastSeen: DAY + 4 * HOUR },
        { system: 'web', identity: 'web-app', peer: '::1', host: '', events: 2, lastSeen: DAY + 2 * HOUR },
      ]);
    });

    test('sources are capped per system; the scope limits what is read', async () => {
      const capped = await stats.activity({ dayStart: DAY, lookbackStart: DAY - 31 * 24 * HOUR, maxSources: 1 }, ALL_SYSTEMS);
      assert.equal(capped.sources.filter((source) => source.system === 'web').length, 1);
      assert.equal(capped.systems.find((system) => system.system === 'web')?.sourcesToday, 2, 'the count of senders is not capped');
      const scoped = await stats.activity({ dayStart: DAY, lookbackStart: DAY - 31 * 24 * HOUR, maxSources: 20 }, systemsScope(['db']));
      assert.deepEqual(
        scoped.systems.map((system) => system.system),
        ['db'],
      );
      assert.deepEqual(scoped.sources, []);
    });

    test('R-FIELDS-1 coverage: per required field, overall and per source; R-FIELDS-2 skew-flagged times counted', async () => {
      const coverage = await stats.coverage('web', { from: DAY, to: DAY + 24 * HOUR }, ALL_SYSTEMS, 10);
      assert.deepEqual(coverage.overall, {
        events: 4,
        skewed: 1,
        present: { user: 2, system: 4, activity: 1, category: 1, timestamp: 4, input: 2, device: 2, addresses: 2, protocol: 1, correlation: 1, session: 1, outcome: 1 },
      });
      assert.equal(coverage.more, 0);
      assert.deepEqual(
        coverage.sources.map((source) => [source.identity, source.peer, source.host, source.events, source.present['user'], source.present['device'], source.skewed]),
        [
          ['', '2001:db8::5', 'web-1', 2, 0, 2, 1],
          ['web-app', '::1', '', 2, 2, 0, 0],
        ],
      );
      const capped = await stats.coverage('web', { from: DAY, to: DAY + 24 * HOUR }, ALL_SYSTEMS, 1);
      assert.equal(capped.sources.length, 1);
      assert.equal(capped.more, 1);
    });

    test('coverage of unassigned events: the system requirement is met only by a host name', async () => {
      const coverage = await stats.coverage('unassigned', { from: DAY, to: DAY + 24 * HOUR }, ALL_SYSTEMS, 10);
      assert.equal(coverage.overall.events, 1);
      assert.equal(coverage.overall.present['system'], 0);
      const empty = await stats.coverage('web', { from: DAY, to: DAY + 24 * HOUR }, systemsScope(['db']), 10);
      assert.equal(empty.overall.events, 0, 'out of scope: nothing is read');
      assert.deepEqual(empty.sources, []);
    });

    test('presence conditions follow the column types', () => {
      assert.equal(presence('event.category'), 'notEmpty(`event_category`)');
      assert.equal(presence('logwarden.time.skew_ms'), 'isNotNull(`logwarden_time_skew_ms`)');
      assert.equal(presence('user.name'), 'notEmpty(`user_name`)');
      assert.equal(presence('logwarden.system'), "`logwarden_system` != 'unassigned'");
      assert.throws(() => presence('message'));
    });
  });
