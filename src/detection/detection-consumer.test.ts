// The detection consumer on the real pipeline and the real embedded engine, with the shipped pack
// loaded by the real loader and run by the real DetectionEngine (R-ANALYSE-1, R-ANALYSE-3): an
// sshd brute force is stored as one detection whose evidence is the failures; a batch handed over
// again stores nothing twice; a restart in the middle of the window (a fresh consumer and engine,
// the first batch after the cursor) catches up by replaying what was stored and fires once, with
// the evidence from before the restart; a restart after the firing stores nothing again; events
// later than the lateness are counted.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { EngineStoredRecords } from '../stream/stored-records.ts';
import { MemoryDetectionHistory } from './correlation/history.ts';
import { DetectionConsumer, longestWindowMs } from './detection-consumer.ts';
import { storedDetection, type StoredDetection } from './detection-event.ts';
import { DetectionStore, listDetections } from './detection-store.ts';
import { DetectionEngine } from './engine/engine.ts';
import { loadRuleSet } from './load.ts';
import { PACK_DIR, PACK_RULESET } from './pack.ts';
import type { RuleSet } from './rule.ts';

const NODE = 'consumer-node';
const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
const T0 = Date.parse('2026-11-30T10:59:30Z');
const LATENESS_MS = 60_000;
const logger = createLogger('silent');

let dataDir: string;
let engine: ChdbEngine;
let store: EventStore;
let pipeline: IngestPipeline;
let pack: RuleSet;
let clock: ManualClock;

// One store for the file (each test its own source address): a fresh consumer replays what the
// tests before it stored, and must find those detections stored already.
before(async () => {
  pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} });
  assert.ok(
    pack.rules.some((rule) => rule.id === BRUTE_FORCE_BY_SOURCE),
    'the pack has its brute-force rule',
  );
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-detection-consumer-'));
  engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  store = new EventStore(engine);
  await store.open();
  clock = new ManualClock(T0 + 120_000);
  pipeline = new IngestPipeline(store, { batchMaxEvents: 1000, batchMaxDelayMs: 2, queueMaxEvents: 100_000, node: NODE }, createMetrics(), logger, clock);
  await pipeline.open();
});

after(async () => {
  await pipeline.close();
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A consumer as the component builds it: a fresh engine over the pack, detections stored through the pipeline. */
function consumer(metrics: Metrics = createMetrics(), submit = (events: LogEvent[]): Promise<void> => pipeline.submit(events)): DetectionConsumer {
  return new DetectionConsumer(
    () => new DetectionEngine(pack, { latenessMs: LATENESS_MS, maxEvidence: 100, history: new MemoryDetectionHistory() }),
    { store: new DetectionStore(engine, NODE), submit, metrics, clock, logger },
    { latenessMs: LATENESS_MS, tickMs: 10_000 },
  );
}

/** A failed sshd login from `ip` at T0 + `second` s, as the sshd parser leaves it. */
function failure(ip: string, second: number): LogEvent {
  return {
    '@timestamp': T0 + second * 1000,
    'event.ingested': clock.now(),
    message: `Failed password for root from ${ip} port ${40_000 + second} ssh2`,
    'event.kind': 'event',
    'event.category': ['authentication'],
    'event.action': 'ssh-login',
    'event.outcome': 'failure',
    'event.dataset': 'sshd',
    'event.module': 'system',
    'process.name': 'sshd',
    'source.ip': ip,
    'user.name': 'root',
    'logwarden.source.protocol': 'syslog-tcp',
  };
}

/** Store events; returns their sequence range. */
async function ingest(events: LogEvent[]): Promise<{ first: number; end: number }> {
  await pipeline.submit(events);
  const first = Number(events[0]?.['event.sequence']);
  return { first, end: first + events.length };
}

async function bruteForces(ip: string): Promise<StoredDetection[]> {
  return (await listDetections((sql, params) => store.read(sql, params), { scope: ALL_SYSTEMS, from: 0, to: T0 + 86_400_000, rule: BRUTE_FORCE_BY_SOURCE, limit: 100 })).filter(
    (detection) => detection.group['source.ip'] === ip,
  );
}

const records = (): EngineStoredRecords => new EngineStoredRecords(engine, NODE);
/** Failures 4 s apart: ten of them span 36 s, well inside the rule's 5-minute window. */
const burst = (ip: string, from: number, count: number): LogEvent[] => Array.from({ length: count }, (_, k) => failure(ip, (from + k) * 4));

describe('the detection consumer (R-ANALYSE-1, R-ANALYSE-3)', () => {
  test('a brute force is stored once, its evidence the failures; a batch handed over again stores nothing more', async () => {
    const metrics = createMetrics();
    const detection = consumer(metrics);
    const range = await ingest(burst('203.0.113.9', 0, 10));
    await detection.consume(range, records());
    const [found, ...more] = await bruteForces('203.0.113.9');
    assert.deepEqual(more, []);
    assert.deepEqual(
      found?.events,
      Array.from({ length: 10 }, (_, k) => range.first + k),
    );
    assert.deepEqual(found?.group, { 'source.ip': '203.0.113.9' });
    // The runner hands a batch over again after a kill between it and its cursor: nothing twice.
    await detection.consume(range, records());
    assert.equal((await bruteForces('203.0.113.9')).length, 1);
    const counted = (await metrics.detections.get()).values.find((value) => value.labels.level === 'high')?.value;
    assert.equal(counted, 1, 'logwarden_detections_total{level="high"} counts the one stored');
    const latency = (await metrics.detectionLatency.get()).values.find((value) => value.metricName === 'logwarden_detection_latency_seconds_count')?.value;
    assert.ok((latency ?? 0) >= 1, 'the latency of the stored detection is observed');
  });

  test('a restart mid-window replays the stored records through the fresh engine: it fires once, with the evidence from before the restart', async () => {
    const before = await ingest(burst('198.51.100.7', 0, 6));
    await consumer().consume(before, records());
    assert.deepEqual(await bruteForces('198.51.100.7'), [], 'six failures are no brute force yet');
    // The restart: a new consumer and engine; its first batch starts after the cursor.
    const restarted = consumer();
    const afterRestart = await ingest(burst('198.51.100.7', 6, 4));
    await restarted.consume(afterRestart, records());
    const [found, ...more] = await bruteForces('198.51.100.7');
    assert.deepEqual(more, []);
    assert.deepEqual(found?.events, [...Array.from({ length: 6 }, (_, k) => before.first + k), ...Array.from({ length: 4 }, (_, k) => afterRestart.first + k)]);
  });

  test('a restart after the firing replays the window and stores nothing again; the engine is seeded with what is stored', async () => {
    const first = consumer();
    const range = await ingest(burst('192.0.2.50', 0, 10));
    await first.consume(range, records());
    const stored = await bruteForces('192.0.2.50');
    assert.equal(stored.length, 1);
    // Two more failures inside the window: with the firing seeded, the same burst does not fire again.
    const restarted = consumer();
    const more = await ingest(burst('192.0.2.50', 10, 2));
    await restarted.consume(more, records());
    assert.deepEqual(
      (await bruteForces('192.0.2.50')).map((detection) => detection.id),
      stored.map((detection) => detection.id),
    );
    // A replay of the same records by yet another fresh consumer (its cursor before all of them) fires the same id: not stored twice.
    const replaying = consumer();
    await replaying.consume({ first: range.first, end: more.end }, records());
    assert.equal((await bruteForces('192.0.2.50')).length, 1);
    assert.ok(longestWindowMs(replaying.engine as DetectionEngine) >= 300_000, 'the replay reaches back over the pack’s longest window');
  });

  test('a rule match handed over again, or replayed by a fresh consumer after a restart, is stored once: its id is looked up', async () => {
    const stopped: LogEvent = {
      '@timestamp': T0 + 5000,
      'event.ingested': clock.now(),
      message: 'audit daemon stopped',
      'event.kind': 'event',
      'event.action': 'audit-daemon-stopped',
      'event.dataset': 'auditd',
      'event.module': 'auditd',
      'process.name': 'auditd',
      'host.name': 'db-7',
      'logwarden.source.protocol': 'syslog-tcp',
    };
    const range = await ingest([stopped]);
    // Rows, not the API's list (which shows one per id): a duplicate would be a second row.
    const alerts = async (): Promise<string[]> =>
      (await store.search({ query: parsedQuery(`event.kind:alert AND logwarden.detection.events:${range.first}`), scope: ALL_SYSTEMS, limit: 100 })).map((event) => String(event['event.id']));
    const first = consumer();
    await first.consume(range, records());
    const ids = await alerts();
    assert.equal(ids.length, 1, 'the pack’s audit-daemon rule fires on it');
    await first.consume(range, records());
    assert.deepEqual(await alerts(), ids, 'handed over again: the recent ids know it');
    const next = await ingest([failure('192.0.2.99', 30)]);
    await consumer().consume(next, records());
    assert.deepEqual(await alerts(), ids, 'replayed after a restart: the stored ids know it');
  });

  test('a batch whose detections could not be stored is retried from a fresh engine: the detection is stored once, not lost', async () => {
    let failNext = true;
    const flaky = consumer(createMetrics(), (events) => {
      if (!failNext) return pipeline.submit(events);
      failNext = false;
      return Promise.reject(new Error('the write failed'));
    });
    const range = await ingest(burst('192.0.2.77', 0, 10));
    await assert.rejects(flaky.consume(range, records()), /the write failed/);
    assert.deepEqual(await bruteForces('192.0.2.77'), []);
    // The runner hands the same range over again.
    await flaky.consume(range, records());
    const [found, ...more] = await bruteForces('192.0.2.77');
    assert.deepEqual(more, []);
    assert.deepEqual(
      found?.events,
      Array.from({ length: 10 }, (_, k) => range.first + k),
      'the retry fired it with its whole evidence',
    );
  });

  test('events later than the lateness behind the newest are counted (logwarden_detection_late_events_total)', async () => {
    const metrics = createMetrics();
    const detection = consumer(metrics);
    const range = await ingest([failure('192.0.2.60', 600), failure('192.0.2.60', 0), failure('192.0.2.60', 590)]);
    await detection.consume(range, records());
    assert.equal((await metrics.detectionLateEvents.get()).values[0]?.value, 1, 'only the one 600 s behind; 10 s behind is within 60 s');
  });

  test('a stored detection reads back from its row as the detection the engine made', async () => {
    const detection = consumer();
    const range = await ingest(burst('203.0.113.77', 0, 10));
    await detection.consume(range, records());
    const [alert] = await store.search({ query: parsedQuery(`event.kind:alert AND rule.id:${BRUTE_FORCE_BY_SOURCE}`), scope: ALL_SYSTEMS, limit: 5 });
    assert.ok(alert);
    const [listed] = await bruteForces('203.0.113.77');
    assert.deepEqual(storedDetection(alert), listed);
  });
});
