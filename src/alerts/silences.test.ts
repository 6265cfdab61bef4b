// Silences on the real embedded engine through the real pipeline (R-ANALYSE-2, R-TAMPER-1):
// created with a matcher, times, a reason and an author, matched from memory while in force,
// ended early once, loaded again after a restart; every change is a logwarden event.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TransitionLog } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { alertStateSchema, type AlertState } from './alert-state.ts';
import { SILENCE_ENTITY, silenceStateSchema, type SilenceState } from './silence-state.ts';
import { SilenceStore } from './silences.ts';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const HOUR = 3_600_000;
const clock = new ManualClock(START);
let dir: string;
let engine: ChdbEngine;
let pipeline: IngestPipeline;
let silences: SilenceStore;

async function openSilences(): Promise<SilenceStore> {
  const store = new SilenceStore(new TransitionLog<SilenceState>({ entity: SILENCE_ENTITY, schema: silenceStateSchema, engine, events: pipeline, clock }), clock);
  await store.open();
  return store;
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-silences-'));
  engine = new ChdbEngine(path.join(dir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open();
  pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 2, queueMaxEvents: 1000, node: 'silence-node' }, createMetrics(), createLogger('silent'), clock);
  await pipeline.open();
  silences = await openSilences();
});

after(async () => {
  await pipeline.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

function alert(ip: string, system = 'web'): AlertState {
  return alertStateSchema.parse({
    rule: { id: 'r-ssh', title: 'SSH brute force', level: 'high', revision: '1', tags: ['ssh'], ruleset: 'local' },
    group: { 'source.ip': ip },
    state: 'open',
    detections: ['d1'],
    detectionCount: 1,
    firstSequence: 1,
    lastSequence: 1,
    firstSeen: START,
    lastSeen: START,
    firstReceived: START,
    systems: [system],
    hosts: [],
    message: 'SSH brute force',
    why: {},
    openedAt: START,
    comments: [],
    change: { kind: 'create' },
  });
}

function coded(code: string, pattern?: RegExp): (error: unknown) => boolean {
  return (error: unknown) => error instanceof LogwardenError && error.code === code && (pattern === undefined || pattern.test(error.message));
}

describe('silences (R-ANALYSE-2)', () => {
  let maintenance: string;
  let later: string;

  test('a silence is created with its author and matches the alerts of its matcher while in force', async () => {
    const created = await silences.create(
      { matcher: { rule: 'r-ssh', group: { 'source.ip': '203.0.113.9' } }, startsAt: START - 1000, endsAt: START + HOUR, reason: ' pen test this afternoon ' },
      'alice',
    );
    maintenance = created.id;
    assert.match(created.id, /^[0-9a-f]{16}$/);
    assert.deepEqual([created.n, created.by, created.state.author, created.state.reason], [1, 'alice', 'alice', 'pen test this afternoon']);
    assert.deepEqual(
      silences.matching(alert('203.0.113.9'), START).map((s) => s.id),
      [created.id],
    );
    assert.deepEqual(silences.matching(alert('198.51.100.7'), START), [], 'another group');
    assert.deepEqual(silences.matching(alert('203.0.113.9'), START + HOUR), [], 'over at its end');
  });

  test('a silence yet to start is kept and matches from its start', async () => {
    const future = await silences.create({ matcher: { system: 'db' }, startsAt: START + 2 * HOUR, endsAt: START + 3 * HOUR, reason: 'database upgrade' }, 'bob');
    later = future.id;
    assert.deepEqual(silences.matching(alert('203.0.113.9', 'db'), START + HOUR), []);
    assert.deepEqual(
      silences.matching(alert('203.0.113.9', 'db'), START + 2 * HOUR).map((s) => s.id),
      [future.id],
    );
    assert.deepEqual(
      (await silences.all()).map((s) => s.id),
      [future.id, maintenance],
      'the newest start first',
    );
  });

  test('times and matchers are checked: LW_BAD_REQUEST', async () => {
    await assert.rejects(silences.create({ matcher: { level: 'high' }, startsAt: START + HOUR, endsAt: START, reason: 'backwards' }, 'alice'), coded('LW_BAD_REQUEST', /end after it starts/));
    await assert.rejects(silences.create({ matcher: {}, startsAt: START, endsAt: START + HOUR, reason: 'everything' }, 'alice'), coded('LW_BAD_REQUEST', /at least one matcher/));
    await assert.rejects(silences.create({ matcher: { level: 'high' }, startsAt: START - 2 * HOUR, endsAt: START - HOUR, reason: 'the past' }, 'alice'), coded('LW_BAD_REQUEST', /past/));
    await assert.rejects(silences.create({ matcher: { level: 'high' }, startsAt: START, endsAt: START + HOUR, reason: '  ' }, 'alice'), coded('LW_BAD_REQUEST', /reason/));
  });

  test('ended early once, by whom and why; ending again or an unknown silence is a coded error', async () => {
    clock.advance(60_000);
    const ended = await silences.end(maintenance, 'carol', 'the test is over');
    assert.deepEqual(ended.state.ended, { at: START + 60_000, by: 'carol', why: 'the test is over' });
    assert.equal(ended.n, 2);
    assert.deepEqual(silences.matching(alert('203.0.113.9'), clock.now()), []);
    await assert.rejects(silences.end(maintenance, 'carol', undefined), coded('LW_ALERT_STATE', /ended by carol/));
    await assert.rejects(silences.end('0123456789abcdef', 'carol', undefined), coded('LW_ALERT_UNKNOWN'));
  });

  test('after a restart the silences still to come are loaded; an expired one cannot be ended', async () => {
    const restarted = await openSilences();
    assert.deepEqual(
      restarted.matching(alert('203.0.113.9', 'db'), START + 2 * HOUR).map((s) => s.id),
      [later],
    );
    clock.set(START + 4 * HOUR);
    await assert.rejects(restarted.end(later, 'bob', undefined), coded('LW_ALERT_STATE', /expired/));
    assert.equal((await restarted.get(later))?.state.reason, 'database upgrade');
  });

  test('R-TAMPER-1: every change of a silence is a logwarden event with its author', async () => {
    const events = await engine.query<{ user: string; id: string; n: string }>(
      "SELECT user_name AS user, labels['entity_id'] AS id, labels['transition'] AS n FROM events WHERE labels['entity'] = 'silence' ORDER BY event_sequence",
    );
    assert.deepEqual(
      events.map((e) => [e.id, e.n, e.user]),
      [
        [maintenance, '1', 'alice'],
        [later, '1', 'bob'],
        [maintenance, '2', 'carol'],
      ],
    );
  });
});
