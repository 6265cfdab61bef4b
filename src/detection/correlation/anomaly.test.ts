// logwarden's anomaly types (R-ANALYSE-1): rate against a robust same-hour baseline, first-seen
// values after a learning period, and silence of a group past its limit — with the history they
// read from the store (MemoryDetectionHistory here; SqlDetectionHistory is held equal to it in
// src/detection/history-sql.test.ts), restarts and seeding.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Predicate } from '../../query/predicate.ts';
import type { LogEvent } from '../../schema/event.ts';
import { resolveField } from '../../schema/fields.ts';
import { detectionId } from '../detection.ts';
import type { CorrelationRule, DetectionRule } from '../rule.ts';
import { correlation, detectionRule, MINUTE, prior } from './correlation.fixtures.ts';
import { Correlator } from './correlator.ts';
import { MemoryDetectionHistory } from './history.ts';

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-24T10:00:00.000Z');

const failedPredicate: Predicate = { op: 'substring', field: { def: resolveField('event.outcome')!, name: 'event.outcome' }, at: 'equals', value: 'failure', cased: false };
const fail: DetectionRule = { ...detectionRule('fail'), predicate: failedPredicate };

let seq = 1;
function ev(time: number, fields: LogEvent = {}): LogEvent {
  return { 'event.sequence': seq++, '@timestamp': time, 'event.ingested': time, 'logwarden.system': 'web', 'event.outcome': 'failure', 'user.name': 'alice', ...fields };
}

function run(rules: readonly CorrelationRule[], stored: readonly LogEvent[]): Correlator {
  return new Correlator(rules, { latenessMs: 60_000, maxEvidence: 100, history: new MemoryDetectionHistory(stored), detectionRules: [fail] });
}

/** Observe each event as matching `fail` when it failed (the stream's matcher, reduced to what these tests need). */
async function stream(target: Correlator, events: readonly LogEvent[]) {
  await target.prepare(events);
  return events.flatMap((e) => target.observe(e, e['event.outcome'] === 'failure' ? [{ rule: fail, searches: ['selection'] }] : []));
}

describe('rate (R-ANALYSE-1)', () => {
  const rate = correlation({ id: 'rate', type: 'rate', rules: ['fail'], groupBy: ['user.name'], timespanMs: HOUR, condition: {}, anomaly: { baselineDays: 7, deviations: 3, minCount: 10 } });
  /** 10:00–11:00 on each of the previous 7 days: 10, 12, 11, 9, 10, 13, 11 failures (median 11, MAD 1). */
  const baseline = (): LogEvent[] => [10, 12, 11, 9, 10, 13, 11].flatMap((n, d) => Array.from({ length: n }, (_, i) => ev(NOW - (7 - d) * DAY + i * MINUTE)));

  test('fires at the event that makes the hour ≥ 3 robust deviations above the same hour of previous days', async () => {
    const stored = baseline();
    const hour = Array.from({ length: 20 }, (_, i) => ev(NOW + i * MINUTE));
    const detections = await stream(run([rate], stored), hour);
    assert.equal(detections.length, 1, 'once per group and hour');
    const [d] = detections;
    // (16 − 11) / (1.4826 × 1) = 3.37 ≥ 3; 15 gives 2.70
    assert.equal(d!.id, detectionId(rate, String(hour[15]!['event.sequence'])));
    assert.deepEqual(d!.why, { kind: 'anomaly', type: 'rate', observed: 16, baseline: { median: 11, mad: 1, days: 7 }, deviation: 3.37 });
    assert.deepEqual(d!.group, { 'user.name': 'alice' });
    assert.equal(d!.events.length, 16);
  });

  test('an ordinary hour fires nothing; another user’s hour is its own', async () => {
    const stored = baseline(); // stored first: lower sequence numbers than the stream's
    const hour = Array.from({ length: 15 }, (_, i) => ev(NOW + i * MINUTE));
    const bob = Array.from({ length: 9 }, (_, i) => ev(NOW + i * MINUTE, { 'user.name': 'bob' }));
    assert.deepEqual(await stream(run([rate], stored), [...hour, ...bob]), [], 'bob has no baseline but stays under minCount');
    const more = Array.from({ length: 5 }, (_, i) => ev(NOW + (40 + i) * MINUTE));
    assert.equal((await stream(run([rate], stored), [...hour, ...more])).length, 1, 'the same baseline with five more events does fire');
  });

  test('a restart mid-hour counts the hour’s stored events: the 6th event after ten stored ones fires', async () => {
    const stored = [...baseline(), ...Array.from({ length: 10 }, (_, i) => ev(NOW + i * MINUTE))];
    const rest = Array.from({ length: 10 }, (_, i) => ev(NOW + (30 + i) * MINUTE));
    const detections = await stream(run([rate], stored), rest);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(rate, String(rest[5]!['event.sequence'])));
  });

  test('a stored detection of this hour keeps a restarted stream quiet', async () => {
    const stored = baseline();
    const hour = Array.from({ length: 20 }, (_, i) => ev(NOW + i * MINUTE));
    const first = await stream(run([rate], stored), hour);
    assert.equal(first.length, 1);
    const restarted = run([rate], stored);
    restarted.seed(prior(first));
    assert.deepEqual(await stream(restarted, hour), []);
  });

  test('with fewer than 3 days of stored history there is no baseline and nothing fires', async () => {
    const stored = Array.from({ length: 2 }, (_, d) => ev(NOW - (d + 1) * DAY));
    const hour = Array.from({ length: 50 }, (_, i) => ev(NOW + i * SECOND_MS));
    assert.deepEqual(await stream(run([rate], stored), hour), []);
  });
});

const SECOND_MS = 1000;

describe('first_seen (R-ANALYSE-1)', () => {
  const newSource = correlation({ id: 'new-source', type: 'first_seen', rules: ['fail'], groupBy: ['user.name'], condition: {}, anomaly: { field: 'source.ip', learningMs: 7 * DAY } });
  const history = (): LogEvent[] => [
    ev(NOW - 9 * DAY, { 'source.ip': '192.0.2.1' }),
    ev(NOW - 2 * DAY, { 'source.ip': '192.0.2.1' }),
    ev(NOW - 2 * DAY, { 'user.name': 'bob', 'source.ip': '192.0.2.5' }),
  ];

  test('a value the store and the stream have not had for the group fires once; known ones do not', async () => {
    const stored = history(); // stored first: lower sequence numbers than the stream's
    const events = [ev(NOW, { 'source.ip': '192.0.2.1' }), ev(NOW + MINUTE, { 'source.ip': '198.51.100.7' }), ev(NOW + 2 * MINUTE, { 'source.ip': '198.51.100.7' })];
    const detections = await stream(run([newSource], stored), events);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(newSource, String(events[1]!['event.sequence'])));
    assert.deepEqual(detections[0]!.why, { kind: 'anomaly', type: 'first_seen', value: '198.51.100.7' });
    assert.deepEqual(detections[0]!.group, { 'user.name': 'alice' });
  });

  test('a group with less than learningMs of history is learning: nothing is reported', async () => {
    const stored = history();
    const events = [ev(NOW, { 'user.name': 'bob', 'source.ip': '203.0.113.1' })];
    assert.deepEqual(await stream(run([newSource], stored), events), []);
  });

  test('a group the stream met first learns for learningMs, then reports', async () => {
    const events = [
      ev(NOW, { 'user.name': 'carol', 'source.ip': '192.0.2.1' }),
      ev(NOW + DAY, { 'user.name': 'carol', 'source.ip': '192.0.2.2' }),
      ev(NOW + 7 * DAY, { 'user.name': 'carol', 'source.ip': '192.0.2.3' }),
    ];
    const detections = await stream(run([newSource], []), events);
    assert.deepEqual(
      detections.map((d) => d.why.kind === 'anomaly' && d.why.value),
      ['192.0.2.3'],
    );
  });

  test('the store is asked 2 × learning back: a value stored 9 days ago is known, one stored only 15 days ago is not', async () => {
    const stored = [...history(), ev(NOW - 9 * DAY, { 'source.ip': '192.0.2.9' }), ev(NOW - 15 * DAY, { 'source.ip': '192.0.2.15' })];
    const events = [ev(NOW, { 'source.ip': '192.0.2.9' }), ev(NOW + MINUTE, { 'source.ip': '192.0.2.15' })];
    const detections = await stream(run([newSource], stored), events);
    assert.deepEqual(
      detections.map((d) => d.why.kind === 'anomaly' && d.why.value),
      ['192.0.2.15'],
    );
  });

  test('what the stream has seen stays known: a value back after eight quiet days is not new', async () => {
    const events = [ev(NOW, { 'user.name': 'dave', 'source.ip': '192.0.2.40' }), ev(NOW + 8 * DAY, { 'user.name': 'dave', 'source.ip': '192.0.2.40' })];
    assert.deepEqual(await stream(run([newSource], []), events), []);
  });

  test('after a restart the replayed event that fired fires nothing', async () => {
    const stored = history();
    const events = [ev(NOW, { 'source.ip': '198.51.100.8' })];
    const first = await stream(run([newSource], stored), events);
    assert.equal(first.length, 1);
    const restarted = run([newSource], stored);
    restarted.seed(prior(first));
    assert.deepEqual(await stream(restarted, events), []);
  });
});

describe('silence (R-ANALYSE-1)', () => {
  const quiet = correlation({ id: 'quiet', type: 'silence', rules: [], groupBy: ['logwarden.system'], condition: {}, anomaly: { maxGapMs: 10 * MINUTE } });
  const usual = correlation({ id: 'usual', type: 'silence', rules: [], groupBy: ['logwarden.system'], condition: {} });

  test('fires once when now − last heard passes maxGapMs, not at the limit itself; re-armed when the group speaks', async () => {
    const target = run([quiet], []);
    const first = [ev(NOW), ev(NOW + MINUTE)];
    await stream(target, first);
    assert.deepEqual(target.tick(NOW + 11 * MINUTE), [], 'exactly the limit is not yet silence');
    const fired = target.tick(NOW + 11 * MINUTE + 1);
    assert.equal(fired.length, 1);
    const lastSeq = first[1]!['event.sequence'];
    assert.equal(fired[0]!.id, detectionId(quiet, `["web"]\n${lastSeq}`));
    assert.equal(fired[0]!.time, NOW + 11 * MINUTE);
    assert.deepEqual(fired[0]!.events, [lastSeq]);
    assert.deepEqual(fired[0]!.why, { kind: 'anomaly', type: 'silence', observed: 10 * MINUTE + 1, lastSeen: NOW + MINUTE });
    assert.deepEqual(target.tick(NOW + HOUR), [], 'once per episode');
    await stream(target, [ev(NOW + 2 * HOUR)]);
    assert.deepEqual(target.tick(NOW + 2 * HOUR + 5 * MINUTE), []);
    assert.equal(target.tick(NOW + 2 * HOUR + 11 * MINUTE).length, 1, 're-armed after it spoke again');
  });

  test('without maxGapMs the usual gap from the store decides (3 × 2 min), and a restart with nobody sending still knows the group', async () => {
    const stored = Array.from({ length: 30 }, (_, i) => ev(NOW + i * 2 * MINUTE, { 'logwarden.system': 'db' }));
    const lastSeen = NOW + 58 * MINUTE;
    const target = run([usual], stored);
    await target.prepare([], lastSeen + MINUTE);
    assert.deepEqual(target.tick(lastSeen + 6 * MINUTE), []);
    const fired = target.tick(lastSeen + 6 * MINUTE + 1);
    assert.equal(fired.length, 1);
    assert.deepEqual(fired[0]!.why, { kind: 'anomaly', type: 'silence', observed: 6 * MINUTE + 1, lastSeen, usualGapMs: 2 * MINUTE });
    // restarted again, seeded with that detection: the same episode is not reported twice
    const again = run([usual], stored);
    again.seed(prior(fired));
    await again.prepare([], lastSeen + HOUR);
    assert.deepEqual(again.tick(lastSeen + HOUR), []);
  });

  test('a group with no usual gap and no maxGapMs is not watched; alerts are not heard', async () => {
    const target = run([usual], []);
    await stream(target, [ev(NOW)]);
    assert.deepEqual(target.tick(NOW + DAY), []);
    const watched = run([quiet], []);
    await stream(watched, [ev(NOW), ev(NOW + 5 * MINUTE, { 'event.kind': 'alert' })]);
    assert.equal(watched.tick(NOW + 10 * MINUTE + 1).length, 1, 'the alert did not count as hearing from web');
  });
});
