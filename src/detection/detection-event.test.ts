// A detection stored as an event (R-ANALYSE-1, R-ANALYSE-3): through the real pipeline into the
// real embedded engine and back, it reads back as the same detection with its own sequence number;
// the stored event is an alert with the rule's fields; the query language finds it from its
// evidence (`logwarden.detection.events:N`) and the API's list filters by time, rule (id or title),
// system and level, newest first.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS, systemsScope } from '../query/scope.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { detectionEvent, LOG_LEVEL_OF, storedDetection } from './detection-event.ts';
import { DetectionStore, listDetections } from './detection-store.ts';
import { detectionId, type Detection } from './detection.ts';

const NODE = 'detection-node';
const T0 = Date.parse('2026-11-30T10:00:00Z');
let dataDir: string;
let engine: ChdbEngine;
let store: EventStore;
let pipeline: IngestPipeline;

function detection(overrides: Partial<Detection> & { title: string; trigger: number }): Detection {
  const rule = { id: `rule-${overrides.title}`, revision: '0123456789abcdef' };
  const { title, trigger, ...rest } = overrides;
  return {
    id: detectionId(rule, String(trigger)),
    rule: { ...rule, title, level: 'high', tags: ['attack.credential-access', 'attack.t1110.001'], ruleset: 'logwarden' },
    time: T0 + trigger * 1000,
    events: [trigger - 2, trigger - 1, trigger],
    systems: ['web'],
    group: { 'source.ip': '203.0.113.9' },
    why: { kind: 'correlation', type: 'event_count', window: { from: T0, to: T0 + trigger * 1000 }, count: 3, condition: { gte: 3 }, rules: ['failed-login'] },
    message: `${title}: 3 failed logins from 203.0.113.9`,
    ...rest,
  };
}

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-detection-event-'));
  engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  store = new EventStore(engine);
  await store.open();
  pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 10_000, node: NODE }, createMetrics(), createLogger('silent'));
  await pipeline.open();
});
after(async () => {
  await pipeline.close();
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a detection as a stored event (R-ANALYSE-1, R-ANALYSE-3)', () => {
  const brute = detection({ title: 'SSH brute force', trigger: 12 });
  const sudo = detection({
    title: 'Sudo to root',
    trigger: 40,
    events: [40],
    systems: ['db', 'web'],
    group: {},
    rule: { id: 'rule-sudo', revision: 'fedcba9876543210', title: 'Sudo to root', level: 'medium', tags: [], ruleset: 'imported' },
    why: { kind: 'match', searches: ['selection'], values: { 'user.name': 'alice', 'process.name': 'sudo', absent: undefined } },
  });

  test('reads back as the same detection, with the sequence number the pipeline gave it', async () => {
    const events = [detectionEvent(brute, T0 + 60_000), detectionEvent(sudo, T0 + 61_000)];
    await pipeline.submit(events);
    const listed = await listDetections((sql, params) => store.read(sql, params), { scope: ALL_SYSTEMS, from: T0, to: T0 + 3_600_000, limit: 10 });
    // A reason's undefined value is left out, as JSON leaves it out.
    const sudoWhy = { kind: 'match', searches: ['selection'], values: { 'user.name': 'alice', 'process.name': 'sudo' } };
    assert.deepEqual(listed, [
      { ...sudo, why: sudoWhy, sequence: events[1]?.['event.sequence'] },
      { ...brute, sequence: events[0]?.['event.sequence'] },
    ]);
  });

  test('the stored event is an alert carrying the rule, level, evidence and why; event.original is the detection', async () => {
    const [stored] = await store.search({ query: parsedQuery(`event.id:${brute.id}`), scope: ALL_SYSTEMS, limit: 5 });
    assert.ok(stored);
    assert.equal(stored['event.kind'], 'alert');
    assert.deepEqual(stored['event.category'], ['intrusion_detection']);
    assert.equal(stored['rule.id'], brute.rule.id);
    assert.equal(stored['rule.name'], 'SSH brute force');
    assert.equal(stored['rule.version'], brute.rule.revision);
    assert.equal(stored['rule.ruleset'], 'logwarden');
    assert.deepEqual(stored['tags'], brute.rule.tags);
    assert.equal(stored['log.level'], LOG_LEVEL_OF.high);
    assert.equal(stored['logwarden.detection.level'], 'high');
    assert.deepEqual(stored['logwarden.detection.events'], ['10', '11', '12']);
    assert.deepEqual(stored['logwarden.detection.group'], { 'source.ip': '203.0.113.9' });
    assert.equal(stored['logwarden.system'], 'logwarden', 'stored as logwarden’s own event');
    assert.equal(stored['@timestamp'], brute.time);
    assert.equal(stored['event.ingested'], T0 + 60_000);
    assert.deepEqual(JSON.parse(String(stored['event.original'])), brute);
    assert.deepEqual(JSON.parse(String(stored['logwarden.detection.reason'])), brute.why);
    assert.deepEqual(storedDetection(stored), { ...brute, sequence: stored['event.sequence'] });
  });

  test('the query language finds a detection from its evidence: logwarden.detection.events:N', async () => {
    const citing = await store.search({ query: parsedQuery('event.kind:alert AND logwarden.detection.events:11'), scope: ALL_SYSTEMS, limit: 5 });
    assert.deepEqual(
      citing.map((event) => event['event.id']),
      [brute.id],
    );
    const none = await store.search({ query: parsedQuery('logwarden.detection.events:1'), scope: ALL_SYSTEMS, limit: 5 });
    assert.deepEqual(none, [], 'a sequence number is matched whole, not as a prefix of 10, 11, 12');
  });

  test('the list filters by rule id or title, system, level, time and scope', async () => {
    const list = (filter: Partial<Parameters<typeof listDetections>[1]>): Promise<string[]> =>
      listDetections((sql, params) => store.read(sql, params), { scope: ALL_SYSTEMS, from: T0, to: T0 + 3_600_000, limit: 10, ...filter }).then((found) => found.map((one) => one.id));
    assert.deepEqual(await list({ rule: 'rule-sudo' }), [sudo.id], 'by rule id');
    assert.deepEqual(await list({ rule: 'SSH brute force' }), [brute.id], 'by rule title');
    assert.deepEqual(await list({ rule: 'SSH brute' }), [], 'a title matches whole');
    assert.deepEqual(await list({ system: 'db' }), [sudo.id]);
    assert.deepEqual(await list({ system: 'web' }), [sudo.id, brute.id], 'newest first');
    assert.deepEqual(await list({ level: 'high' }), [brute.id]);
    assert.deepEqual(await list({ level: 'critical' }), []);
    assert.deepEqual(await list({ from: T0 + 20_000 }), [sudo.id], 'from is inclusive of the detection time');
    assert.deepEqual(await list({ to: T0 + 40_000 }), [brute.id], 'to is exclusive');
    assert.deepEqual(await list({ limit: 1 }), [sudo.id]);
    // R-ACCESS-1: a detection is visible only when all its evidence systems are in the scope.
    assert.deepEqual(await list({ scope: systemsScope(['db']) }), [], 'sudo’s evidence is in db and web: not db’s alone');
    assert.deepEqual(await list({ scope: systemsScope(['web']) }), [brute.id], 'a scope sees the detections of its systems’ evidence');
    assert.deepEqual(await list({ scope: systemsScope(['db', 'web']) }), [sudo.id, brute.id]);
    assert.deepEqual(await list({ scope: systemsScope([]) }), []);
  });

  test('the consumer’s lookups: stored ids, prior detections for seeding, where a replay starts', async () => {
    const reads = new DetectionStore(engine, NODE);
    const stored = await reads.storedIds([brute.id, sudo.id, 'f'.repeat(32)], { from: brute.time, to: sudo.time });
    assert.deepEqual([...stored].sort(), [brute.id, sudo.id].sort());
    assert.deepEqual([...(await reads.storedIds([brute.id], { from: sudo.time, to: sudo.time }))], [], 'outside the time bounds it is not looked at');
    const prior = await reads.priorDetections(T0 + 20_000);
    assert.deepEqual(prior, [{ id: sudo.id, ruleId: 'rule-sudo', group: {}, time: sudo.time, trigger: Math.max(...sudo.events) }], 'the trigger is the newest evidence');
    const last = await store.lastSequence();
    assert.equal(await reads.eventTimeAt(last, 10), sudo.time, 'the newest event time up to the cursor');
    assert.equal(await reads.firstSequenceSince(last, T0 + 20_000, 10), last, 'the first record at or after the time');
    assert.equal(await reads.firstSequenceSince(last, T0 + 3_600_000, 10), last + 1, 'none: the replay is empty');
    assert.equal(await new DetectionStore(engine, 'other-node').eventTimeAt(last, 10), undefined, 'another node’s records are not this node’s');
  });
});
