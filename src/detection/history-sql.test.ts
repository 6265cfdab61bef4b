// SqlDetectionHistory against the real embedded engine, held equal to MemoryDetectionHistory over
// the same stored events (the history rate, first_seen and silence rely on, R-ANALYSE-1): each
// question answered from the store as from memory, and with the expected figures.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Predicate } from '../query/predicate.ts';
import type { LogEvent } from '../schema/event.ts';
import { resolveField } from '../schema/fields.ts';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { ClickHouseServerEngine } from '../store/clickhouse-engine.ts';
import type { SqlEngine } from '../store/engine.ts';
import { EventStore } from '../store/event-store.ts';
import { correlation, detectionRule } from './correlation/correlation.fixtures.ts';
import { Correlator } from './correlation/correlator.ts';
import { MemoryDetectionHistory, type DetectionHistory, type HistoryQuery } from './correlation/history.ts';
import { SqlDetectionHistory } from './history-sql.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const T = Date.parse('2026-11-24T00:00:00.000Z');

const failed: Predicate = { op: 'substring', field: { def: resolveField('event.outcome')!, name: 'event.outcome' }, at: 'equals', value: 'failure', cased: false };

function storedEvents(): LogEvent[] {
  const events: LogEvent[] = [];
  let seq = 1;
  const add = (time: number, fields: LogEvent): void => {
    events.push({ 'event.sequence': seq++, '@timestamp': time, 'event.ingested': time + 50, 'event.original': 'x', message: 'x', 'logwarden.node': 'n1', 'logwarden.system': 'web', ...fields });
  };
  // three days of failed logins at 10:00–11:00 for alice from two addresses; bob once
  for (let day = 0; day < 3; day++)
    for (let i = 0; i <= day + 2; i++)
      add(T + day * DAY + 10 * HOUR + i * MINUTE, { 'user.name': 'alice', 'source.ip': i % 2 === 0 ? '192.0.2.1' : '192.0.2.2', 'event.outcome': 'failure', 'host.name': 'web-1' });
  add(T + 2 * DAY + 10 * HOUR, { 'user.name': 'bob', 'source.ip': '198.51.100.4', 'event.outcome': 'failure', 'host.name': 'web-1' });
  // a success (not failed), an alert (never counted), another node's event, an event without a user
  add(T + 2 * DAY + 10 * HOUR + 30 * MINUTE, { 'user.name': 'alice', 'source.ip': '203.0.113.7', 'event.outcome': 'success', 'host.name': 'web-1' });
  add(T + 2 * DAY + 11 * HOUR, { 'event.kind': 'alert', 'user.name': 'alice', 'event.outcome': 'failure', 'host.name': 'web-1' });
  add(T + 2 * DAY + 11 * HOUR, { 'logwarden.node': 'n2', 'user.name': 'alice', 'event.outcome': 'failure', 'host.name': 'web-1' });
  add(T + 2 * DAY + 12 * HOUR, { 'event.outcome': 'failure', 'host.name': 'web-1' });
  // a host heard every 2 minutes for an hour, then once 20 minutes later
  for (let i = 0; i < 30; i++) add(T + 3 * DAY + i * 2 * MINUTE, { 'host.name': 'db-1' });
  add(T + 3 * DAY + 78 * MINUTE, { 'host.name': 'db-1' });
  // stored after the stream's start: never part of the history
  add(T + 3 * DAY + 2 * HOUR, { 'user.name': 'alice', 'source.ip': '192.0.2.99', 'event.outcome': 'failure', 'host.name': 'web-1' });
  return events;
}

const events = storedEvents();
const streamStart = events.length; // the last event is the stream's first

const byUser: HistoryQuery = { parts: [{ predicate: failed, groupFields: ['user.name'], valueField: 'source.ip' }], beforeSeq: streamStart, from: T, to: T + 4 * DAY };

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
  describe(`SqlDetectionHistory on ${engineName} (R-ANALYSE-1)`, () => {
    let dir: string;
    let store: EventStore;
    let sql: DetectionHistory;
    const memory = new MemoryDetectionHistory(events.filter((e) => e['logwarden.node'] === 'n1'));

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lw-history-sql-'));
      const engine = makeEngine(dir);
      store = new EventStore(engine);
      await store.open();
      await store.insert(events);
      sql = new SqlDetectionHistory(engine, 'n1');
    });

    after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    const sortRows = <R extends { group: readonly string[] }>(rows: R[]): R[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

    test('bucketCounts: failed logins per user per hour, this node only, alerts and later events left out', async () => {
      const rows = sortRows(await sql.bucketCounts(byUser, HOUR));
      assert.deepEqual(rows, sortRows(await memory.bucketCounts(byUser, HOUR)));
      assert.deepEqual(
        rows.filter((r) => r.group[0] === 'alice').map((r) => [r.bucket - T, r.count]),
        [
          [10 * HOUR, 3],
          [DAY + 10 * HOUR, 4],
          [2 * DAY + 10 * HOUR, 5],
        ],
      );
      assert.deepEqual(
        rows.filter((r) => r.group[0] === 'bob').map((r) => r.count),
        [1],
      );
    });

    test('bucketCounts restricted to wanted groups and a time range', async () => {
      const query: HistoryQuery = { ...byUser, groups: [['bob']], from: T + DAY, to: T + 3 * DAY };
      const rows = await sql.bucketCounts(query, HOUR);
      assert.deepEqual(rows, await memory.bucketCounts(query, HOUR));
      assert.deepEqual(rows, [{ group: ['bob'], bucket: T + 2 * DAY + 10 * HOUR, count: 1 }]);
    });

    test('knownValues: the addresses each user failed from, the last time each was seen, and the group’s first event', async () => {
      const rows = sortRows(await sql.knownValues(byUser));
      assert.deepEqual(rows, sortRows(await memory.knownValues(byUser)));
      const alice = rows.find((r) => r.group[0] === 'alice')!;
      assert.equal(alice.first, T + 10 * HOUR);
      assert.deepEqual([...alice.values.keys()].sort(), ['192.0.2.1', '192.0.2.2']);
      assert.equal(alice.values.get('192.0.2.1'), T + 2 * DAY + 10 * HOUR + 4 * MINUTE);
    });

    test('two parts with their own group fields: each event is read with the first part that holds', async () => {
      const query: HistoryQuery = { parts: [{ predicate: failed, groupFields: ['user.name'] }, { groupFields: ['host.name'] }], beforeSeq: streamStart, from: T, to: T + 4 * DAY };
      const rows = sortRows(await sql.bucketCounts(query, DAY));
      assert.deepEqual(rows, sortRows(await memory.bucketCounts(query, DAY)));
      assert.ok(rows.some((r) => r.group[0] === 'db-1'));
      assert.ok(rows.some((r) => r.group[0] === 'alice'));
    });

    test('lastHeard: when each host was last heard (event.ingested), that event, and its usual gap', async () => {
      const query: HistoryQuery = { parts: [{ groupFields: ['host.name'] }], beforeSeq: streamStart, from: T, to: T + 4 * DAY };
      const rows = sortRows(await sql.lastHeard(query));
      assert.deepEqual(rows, sortRows(await memory.lastHeard(query)));
      const db = rows.find((r) => r.group[0] === 'db-1')!;
      assert.equal(db.lastSeen, T + 3 * DAY + 78 * MINUTE + 50);
      assert.equal(db.lastSeq, streamStart - 1);
      assert.equal(db.usualGapMs, 2 * MINUTE, 'the 95th percentile of 29 two-minute gaps and one of 20 minutes');
      assert.ok(rows.find((r) => r.group[0] === 'web-1')!.usualGapMs! > HOUR, 'heard in daily bursts: its usual gap is long');
      const users = await sql.lastHeard({ ...query, parts: [{ groupFields: ['user.name'] }] });
      assert.equal(users.find((r) => r.group[0] === 'bob')!.usualGapMs, undefined, 'one event: too few gaps to say');
    });

    test('a first_seen correlator on this history: a new address for alice fires, a known one does not', async () => {
      const login = { ...detectionRule('failed-login'), predicate: failed };
      const rule = correlation({ id: 'new-source', type: 'first_seen', rules: ['failed-login'], groupBy: ['user.name'], condition: {}, anomaly: { field: 'source.ip', learningMs: DAY } });
      const correlator = new Correlator([rule], { latenessMs: MINUTE, maxEvidence: 10, history: sql, detectionRules: [login] });
      const known = { ...events[0]!, 'event.sequence': events.length + 1, '@timestamp': T + 3 * DAY + 3 * HOUR };
      const stream = [events[events.length - 1]!, known];
      await correlator.prepare(stream);
      const detections = stream.flatMap((event) => correlator.observe(event, [{ rule: login, searches: ['selection'] }]));
      assert.deepEqual(
        detections.map((d) => [d.group, d.why]),
        [[{ 'user.name': 'alice' }, { kind: 'anomaly', type: 'first_seen', value: '192.0.2.99' }]],
      );
    });

    test('earliest: how far back the store remembers', async () => {
      assert.equal(await sql.earliest(streamStart), T + 10 * HOUR);
      assert.equal(await memory.earliest(streamStart), T + 10 * HOUR);
      assert.equal(await sql.earliest(1), undefined);
    });
  });
