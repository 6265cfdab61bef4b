// Detections into alerts on the real embedded engine, with the real pipeline and ledger
// (R-ANALYSE-2, R-TAMPER-1): detections stored through the pipeline as detection events are
// grouped by the alerting consumer into one alert per rule and group; later ones join it; a
// resolved alert's next detection opens a new one; a batch handed again changes nothing; every
// transition is a logwarden event in the ledger with who, when and why; people's changes go
// through the lifecycle.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { detectionEvent } from '../detection/detection-event.ts';
import type { Detection } from '../detection/detection.ts';
import { TransitionLog } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { openLedgerKeys } from '../ledger/keys.ts';
import { Ledger } from '../ledger/ledger.ts';
import { verifyInclusion } from '../ledger/merkle.ts';
import { TransparencyFile } from '../ledger/transparency-file.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { ManualClock, systemClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { StreamConsumers } from '../stream/consumers.ts';
import { actOn } from './alert-actions.ts';
import { AlertConsumer } from './alert-consumer.ts';
import { ALERT_ENTITY, alertId, alertStateSchema, type AlertState, type StoredAlert } from './alert-state.ts';
import { AlertStore } from './alert-store.ts';

const NODE = 'alert-node';
const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const logger = createLogger('silent');
const clock = new ManualClock(START);

let dir: string;
let engine: ChdbEngine;
let pipeline: IngestPipeline;
let ledger: Ledger;
let consumers: StreamConsumers;
let alerts: AlertStore;
let metrics: Metrics;
/** One past the last sequence handed to the consumer. */
let cursor = 0;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-alerts-'));
  engine = new ChdbEngine(path.join(dir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open(); // migration 12 makes alert_transitions
  pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 2, queueMaxEvents: 10_000, node: NODE }, createMetrics(), logger, clock);
  const lastStored = await pipeline.open();
  ledger = new Ledger(engine, await openLedgerKeys(dir), await TransparencyFile.open(dir), { node: NODE, checkpointIntervalMs: 100, idleCheckpointMs: 60_000 }, logger);
  await ledger.open(lastStored);
  consumers = new StreamConsumers({ engine, node: NODE, metrics: createMetrics(), logger, clock: systemClock }, lastStored);
  pipeline.addStoredBatchListener(consumers);
  await consumers.register(ledger);
  alerts = await openAlerts();
  cursor = lastStored + 1;
});

after(async () => {
  await pipeline.close();
  await consumers.close();
  await ledger.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function openAlerts(): Promise<AlertStore> {
  const store = new AlertStore(new TransitionLog<AlertState>({ entity: ALERT_ENTITY, schema: alertStateSchema, engine, events: pipeline, clock }));
  await store.open();
  return store;
}

function consumer(store = alerts): AlertConsumer {
  metrics = createMetrics();
  return new AlertConsumer({ alerts: store, engine, node: NODE, metrics, logger, clock });
}

/** Evidence: an sshd failure on `host`, received now. Resolves to its sequence number once stored. */
async function evidence(host: string): Promise<number> {
  const event: LogEvent = { '@timestamp': clock.now(), 'event.ingested': clock.now(), message: `Failed password for root on ${host}`, 'host.name': host, 'event.kind': 'event' };
  await pipeline.submit([event]);
  return event['event.sequence'] as number;
}

let detectionNumber = 0;

/** A detection of `rule` for source `ip`, citing `events`, stored through the pipeline as a detection event. */
async function detect(rule: 'ssh' | 'scan', ip: string, events: number[]): Promise<Detection> {
  detectionNumber++;
  const detection: Detection = {
    id: `det-${detectionNumber}`,
    rule: { id: `r-${rule}`, title: rule === 'ssh' ? 'SSH brute force' : 'Port scan', level: rule === 'ssh' ? 'high' : 'medium', revision: '1', tags: ['attack.t1110'], ruleset: 'local' },
    time: clock.now(),
    events,
    systems: ['web'],
    group: { 'source.ip': ip },
    why: { kind: 'correlation', type: 'event_count', window: { from: clock.now() - 60_000, to: clock.now() }, count: events.length, condition: { gte: 2 }, rules: ['r-fail'] },
    message: `${rule} from ${ip} #${detectionNumber}`,
  };
  await pipeline.submit([detectionEvent(detection, clock.now())]);
  return detection;
}

/** Hand everything stored since the last call to the consumer, as the runner would; returns the range. */
async function handOver(target = consumer()): Promise<{ first: number; end: number }> {
  const [row] = await engine.query<{ top: string }>('SELECT max(event_sequence) AS top FROM events');
  const range = { first: cursor, end: Number(row?.top) + 1 };
  await target.consume(range);
  cursor = range.end;
  return range;
}

async function only(ruleId: string, ip: string): Promise<StoredAlert[]> {
  return (await alerts.all()).filter((alert) => alert.state.rule.id === ruleId && alert.state.group['source.ip'] === ip);
}

async function alertEventCount(): Promise<number> {
  const [row] = await engine.query<{ n: string }>("SELECT count() AS n FROM events WHERE labels['entity'] = 'alert'");
  return Number(row?.n);
}

let first: { range: { first: number; end: number }; sshX: string };

describe('the alerting consumer on the real engine, pipeline and ledger (R-ANALYSE-2, R-TAMPER-1)', () => {
  test('R-ANALYSE-2: one alert per rule and group; several detections of one alert in a batch make one transition', async () => {
    const e1 = await evidence('web-1');
    const e2 = await evidence('web-2');
    clock.advance(5000); // the detection is stored 5 s after its evidence arrived
    const e3 = await evidence('web-3');
    const d1 = await detect('ssh', '203.0.113.9', [e1, e2]);
    await detect('ssh', '203.0.113.9', [e3]);
    await detect('ssh', '198.51.100.7', [e3]);
    await detect('scan', '203.0.113.9', [e1]);
    const range = await handOver();
    const sshX = await only('r-ssh', '203.0.113.9');
    assert.equal(sshX.length, 1);
    assert.equal((await only('r-ssh', '198.51.100.7')).length, 1);
    assert.equal((await only('r-scan', '203.0.113.9')).length, 1);
    const alert = sshX[0] as StoredAlert;
    assert.equal(alert.id, alertId(d1.id));
    assert.deepEqual([alert.n, alert.by, alert.state.state, alert.state.detectionCount], [1, 'logwarden', 'open', 2]);
    assert.deepEqual(alert.state.detections, ['det-1', 'det-2']);
    assert.deepEqual(alert.state.hosts, ['web-1', 'web-2', 'web-3']);
    assert.equal(alert.state.firstReceived, START, "the trigger's receipt, not the detection's");
    assert.equal(alert.state.message, 'ssh from 203.0.113.9 #2');
    assert.equal(alert.state.why['kind'], 'correlation');
    assert.equal(alert.state.openedAt, START + 5000);
    const opened = await metrics.alertsOpened.get();
    assert.deepEqual(opened.values.map((v) => [v.labels.level, v.value]).sort(), [
      ['high', 2],
      ['medium', 1],
    ]);
    assert.equal((await metrics.alertsActive.get()).values[0]?.value, 3);
    first = { range, sshX: alert.id };
  });

  test('R-ANALYSE-2: a later detection joins the active alert of its rule and group', async () => {
    clock.advance(60_000);
    const e = await evidence('web-4');
    await detect('ssh', '203.0.113.9', [e]);
    await handOver();
    const alert = await alerts.get(first.sshX);
    assert.deepEqual([alert?.n, alert?.state.detectionCount, alert?.state.change.kind], [2, 3, 'detections']);
    assert.deepEqual(alert?.state.hosts, ['web-1', 'web-2', 'web-3', 'web-4']);
    assert.equal(alert?.state.firstReceived, START, 'the first receipt stays');
  });

  test('a batch handed again (a crash before the cursor was written) changes nothing, also to a fresh store', async () => {
    const before = await alertEventCount();
    const history = (await alerts.history(first.sshX)).length;
    await consumer().consume(first.range);
    await consumer(await openAlerts()).consume({ first: first.range.first, end: cursor });
    alerts = await openAlerts();
    assert.equal(await alertEventCount(), before, 'no new transition events');
    assert.equal((await alerts.history(first.sshX)).length, history);
    assert.equal((await alerts.all()).length, 3);
  });

  test("R-ANALYSE-2: a resolved alert's next detection opens a new alert; the resolved one keeps its detections", async () => {
    await actOn(alerts, first.sshX, { kind: 'resolve', comment: 'blocked at the firewall' }, 'alice', clock.now());
    clock.advance(1000);
    const e = await evidence('web-5');
    const next = await detect('ssh', '203.0.113.9', [e]);
    await handOver();
    const all = await only('r-ssh', '203.0.113.9');
    assert.equal(all.length, 2);
    const resolved = all.find((a) => a.id === first.sshX);
    const fresh = all.find((a) => a.id === alertId(next.id));
    assert.deepEqual([resolved?.state.state, resolved?.state.detectionCount], ['resolved', 3]);
    assert.deepEqual([fresh?.state.state, fresh?.state.detections, fresh?.n], ['open', [next.id], 1]);
    assert.equal(alerts.activeFor('r-ssh', { 'source.ip': '203.0.113.9' })?.id, fresh?.id);
    await assert.rejects(
      actOn(alerts, first.sshX, { kind: 'reopen' }, 'alice', clock.now()),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_ALERT_STATE' && /is active for the same rule and group/.test(error.message),
    );
  });

  test('R-ANALYSE-2: people change alerts through the lifecycle; refused moves and unknown ids are coded errors', async () => {
    const id = (await only('r-scan', '203.0.113.9'))[0]?.id as string;
    const acked = await actOn(alerts, id, { kind: 'acknowledge', comment: 'on it' }, 'bob', clock.now());
    assert.equal(acked.state.state, 'acknowledged');
    const again = await actOn(alerts, id, { kind: 'acknowledge' }, 'bob', clock.now());
    assert.equal(again.n, acked.n, 'a repeat stores nothing');
    await actOn(alerts, id, { kind: 'assign', assignee: '  carol  ' }, 'bob', clock.now());
    const closed = await actOn(alerts, id, { kind: 'close', disposition: 'benign', comment: 'our own scanner' }, 'carol', clock.now());
    assert.deepEqual([closed.state.state, closed.state.disposition, closed.state.assignee], ['closed', 'benign', 'carol']);
    await assert.rejects(actOn(alerts, id, { kind: 'acknowledge' }, 'bob', clock.now()), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_ALERT_STATE');
    await assert.rejects(actOn(alerts, 'no-such-alert', { kind: 'acknowledge' }, 'bob', clock.now()), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_ALERT_UNKNOWN');
    await assert.rejects(actOn(alerts, id, { kind: 'assign', assignee: 'x'.repeat(201) }, 'bob', clock.now()), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST');
    const reopened = await actOn(alerts, id, { kind: 'reopen', comment: 'not ours after all' }, 'carol', clock.now());
    assert.deepEqual([reopened.state.state, reopened.state.disposition], ['open', undefined]);
  });

  test('R-TAMPER-1: every transition of an alert is a logwarden event in the ledger with who, when and why', async () => {
    const id = (await only('r-scan', '203.0.113.9'))[0]?.id as string;
    const history = await alerts.history(id);
    assert.deepEqual(
      history.map((t) => [t.n, t.by, t.state.change.kind, t.state.change.why]),
      [
        [1, 'logwarden', 'create', 'scan from 203.0.113.9 #4'],
        [2, 'bob', 'acknowledge', 'on it'],
        [3, 'bob', 'assign', 'assigned to carol'],
        [4, 'carol', 'close', 'our own scanner'],
        [5, 'carol', 'reopen', 'not ours after all'],
      ],
    );
    const events = await engine.query<{ seq: string; user: string; t: string; transition: string }>(
      "SELECT event_sequence AS seq, user_name AS user, toUnixTimestamp64Milli(timestamp) AS t, labels['transition'] AS transition FROM events WHERE labels['entity'] = 'alert' AND labels['entity_id'] = {id:String} ORDER BY event_sequence",
      { id },
    );
    assert.deepEqual(
      events.map((e) => [e.transition, e.user, Number(e.t)]),
      history.map((t) => [String(t.n), t.by, t.at]),
    );
    const last = Number(events.at(-1)?.seq);
    while (ledger.size <= last) await delay(50); // the ledger hashes stored records on its next round
    await ledger.checkpoint();
    const checkpoint = ledger.latestCheckpoint;
    assert.ok(checkpoint);
    for (const event of events) {
      const { leafHash, proof } = await ledger.inclusionProof(Number(event.seq), checkpoint.size);
      assert.ok(verifyInclusion(leafHash, Number(event.seq), checkpoint.size, proof, checkpoint.rootHash), `inclusion proof of event ${event.seq}`);
    }
  });

  test('a batch handed again after its alert was resolved changes nothing: no second alert', async () => {
    const e = await evidence('db-1');
    const d = await detect('ssh', '192.0.2.44', [e]);
    const range = await handOver();
    const id = alertId(d.id);
    await actOn(alerts, id, { kind: 'resolve' }, 'alice', clock.now());
    const count = await alertEventCount();
    await consumer().consume(range);
    assert.equal(await alertEventCount(), count);
    assert.deepEqual(
      (await only('r-ssh', '192.0.2.44')).map((a) => [a.id, a.state.state]),
      [[id, 'resolved']],
    );
  });

  test('R-ANALYSE-2: an alert resolved by another writer meanwhile takes no detection; the next one opens a new alert', async () => {
    const e = await evidence('db-2');
    const d1 = await detect('scan', '192.0.2.50', [e]);
    await handOver();
    const stale = alerts; // still holds the alert as open
    const other = await openAlerts();
    await actOn(other, alertId(d1.id), { kind: 'resolve', comment: 'handled elsewhere' }, 'dave', clock.now());
    const d2 = await detect('scan', '192.0.2.50', [e]);
    await handOver(consumer(stale));
    const all = await only('r-scan', '192.0.2.50');
    assert.deepEqual(
      all.map((a) => [a.id, a.state.state, a.state.detectionCount]).sort(),
      [
        [alertId(d1.id), 'resolved', 1],
        [alertId(d2.id), 'open', 1],
      ].sort(),
    );
  });

  test('an event that calls itself an alert but is not a stored detection is not grouped', async () => {
    const count = (await alerts.all()).length;
    await pipeline.submit([
      { '@timestamp': clock.now(), 'event.ingested': clock.now(), 'event.kind': 'alert', message: 'IDS alert from a sensor', 'rule.id': 'r-ssh', 'logwarden.source.protocol': 'syslog-tcp' },
    ]);
    await handOver();
    assert.equal((await alerts.all()).length, count);
  });
});
