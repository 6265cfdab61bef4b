// The last stored records kept in memory must read exactly as the engine reads them back: every
// line of the detection scenarios and the parsers' fixtures (sshd, sudo, auditd, firewall, web,
// Windows JSON…) through the real pipeline with the real parsers into the real embedded engine,
// and each range read both ways. A range not wholly kept reads from the engine.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { configSchema } from '../config/schema.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { configuredPreparation } from '../ingest/prepare.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { systemClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { RecentStoredRecords } from './recent-stored-records.ts';
import { EngineStoredRecords } from './stored-records.ts';

const NODE = 'recent-node';
const SCENARIOS = new URL('../../test/fixtures/detection/', import.meta.url);
const SOURCE = { protocol: 'syslog-tcp', listener: '127.0.0.1:5514', peer: '192.0.2.1:40000', identity: '' };

let dataDir: string;
let engine: ChdbEngine;
let pipeline: IngestPipeline;
const recent = new RecentStoredRecords(1_000_000);

/** Every scenario line, normalised as its transport does. */
function scenarioLines(): LogEvent[] {
  return readdirSync(SCENARIOS).flatMap((file) => {
    const text = readFileSync(new URL(file, SCENARIOS), 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    if (file.endsWith('.ndjson')) return lines.map((line) => normaliseJson(JSON.parse(line) as unknown, line, { source: { ...SOURCE, protocol: 'http' }, receivedAt: systemClock.now() }).event);
    if (file.endsWith('.log')) return lines.map((line) => normaliseSyslog({ bytes: Buffer.from(line), truncated: false }, { source: SOURCE, receivedAt: systemClock.now() }).event);
    return [];
  });
}

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-recent-records-'));
  engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open();
  const metrics = createMetrics();
  const preparation = configuredPreparation(configSchema.parse({}), { metrics, clock: systemClock, record: async () => {} });
  pipeline = new IngestPipeline(store, { batchMaxEvents: 97, batchMaxDelayMs: 2, queueMaxEvents: 100_000, node: NODE, preparation }, metrics, createLogger('silent'));
  await pipeline.open();
  pipeline.addStoredBatchListener(recent);
});
after(async () => {
  await pipeline.close();
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('recent stored records in memory', () => {
  test('read exactly as the engine reads the same records back, for every scenario line', async () => {
    const events = scenarioLines();
    assert.ok(events.length > 1000, 'the scenarios are all there');
    await Promise.all(Array.from({ length: Math.ceil(events.length / 50) }, (_, k) => pipeline.submit(events.slice(k * 50, k * 50 + 50))));
    const stored = new EngineStoredRecords(engine, NODE);
    for (const range of [
      { first: 0, end: events.length },
      { first: 13, end: 500 },
      { first: 96, end: 98 },
      { first: events.length - 1, end: events.length },
    ]) {
      const fromMemory = recent.read(range);
      assert.ok(fromMemory, `range ${range.first}–${range.end} is kept`);
      assert.deepEqual(fromMemory, await stored.read(range), `range ${range.first}–${range.end}`);
    }
    assert.equal(recent.read({ first: events.length - 1, end: events.length + 1 }), undefined, 'beyond what is stored: not kept');
  });

  test('only the last rows are kept; a range whose start is gone reads from the engine', async () => {
    const small = new RecentStoredRecords(10);
    const row = (sequence: number): LogEvent => ({ 'event.sequence': sequence, message: `m${sequence}` });
    small.stored(0, 6, [0, 1, 2, 3, 4, 5].map(row));
    small.stored(6, 6, [6, 7, 8, 9, 10, 11].map(row));
    assert.equal(small.read({ first: 0, end: 3 })?.length, 3, 'both batches kept while the newer alone is under the limit');
    small.stored(12, 6, [12, 13, 14, 15, 16, 17].map(row));
    assert.equal(small.read({ first: 0, end: 3 }), undefined, 'the oldest batch went');
    assert.deepEqual(
      small.read({ first: 10, end: 14 })?.map((event) => event['message']),
      ['m10', 'm11', 'm12', 'm13'],
      'a range across two batches',
    );
    const fallback = { read: async (): Promise<LogEvent[]> => [{ message: 'from the engine' }] };
    assert.deepEqual(await small.over(fallback).read({ first: 0, end: 2 }), [{ message: 'from the engine' }]);
    assert.deepEqual(
      await small
        .over(fallback)
        .read({ first: 17, end: 18 })
        .then((events) => events.map((event) => event['message'])),
      ['m17'],
    );
  });

  test('a batch is let go once the consumer released it, not kept to the row limit', () => {
    const kept = new RecentStoredRecords(1_000);
    const row = (sequence: number): LogEvent => ({ 'event.sequence': sequence, message: `m${sequence}` });
    kept.stored(0, 4, [0, 1, 2, 3].map(row));
    kept.stored(4, 4, [4, 5, 6, 7].map(row));
    kept.release(6);
    assert.equal(kept.rows, 4, 'the first batch went; the second, only half consumed, stays');
    assert.equal(kept.read({ first: 3, end: 5 }), undefined, 'a released record reads from the engine');
    assert.deepEqual(
      kept.read({ first: 6, end: 8 })?.map((event) => event['message']),
      ['m6', 'm7'],
    );
    kept.release(8);
    assert.equal(kept.rows, 0, 'nothing is held once everything is consumed');
  });

  test('an event that already is its stored view is handed out as it is; any other as a copy', () => {
    const kept = new RecentStoredRecords(10);
    const whole: LogEvent = { 'event.sequence': 0, message: 'whole' };
    const withEmpty: LogEvent = { 'event.sequence': 1, message: 'empty identity', 'logwarden.source.identity': '' };
    kept.stored(0, 2, [whole, withEmpty]);
    const [first, second] = kept.read({ first: 0, end: 2 }) ?? [];
    assert.equal(first, whole);
    assert.notEqual(second, withEmpty);
    assert.deepEqual(second, { 'event.sequence': 1, message: 'empty identity' });
    assert.equal(withEmpty['logwarden.source.identity'], '', "the submitter's event is left as it was");
  });
});
