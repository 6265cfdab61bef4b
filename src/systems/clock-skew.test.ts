// Senders' clocks (R-FIELDS-2): the rolling median per source, the bound on sources, the flag, the
// episodes told once each way, and zoneless RFC 3164 timestamps read in the system's, listener's or
// default zone. Events come from the real syslog normaliser; time from a ManualClock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InternalAction } from '../ingest/internal-events.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { ClockCheck, medianOf, RESOLVE_AFTER, SKEW_WINDOW, sourceKey, STEADY_MS, type ClockCheckOptions } from './clock-skew.ts';
import { UNASSIGNED, type AssignedSystem } from './inventory.ts';

const T0 = Date.UTC(2026, 11, 1, 16, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Told {
  readonly action: InternalAction;
  readonly message: string;
}

function setup(options: Partial<ClockCheckOptions> = {}): { check: ClockCheck; metrics: Metrics; told: Told[]; clock: ManualClock } {
  const metrics = createMetrics();
  const told: Told[] = [];
  const record = (action: InternalAction, message: string): Promise<void> => {
    told.push({ action, message });
    return Promise.resolve();
  };
  return { check: new ClockCheck({ thresholdSeconds: 120, maxSources: 100, metrics, record, ...options }), metrics, told, clock: new ManualClock(T0) };
}

/** An event with a zoned @timestamp `skewMs` from its receipt at `received`. */
function zoned(host: string, received: number, skewMs: number): LogEvent {
  return { '@timestamp': received + skewMs, 'event.ingested': received, 'host.name': host, 'logwarden.source.protocol': 'http', 'logwarden.source.peer': '192.0.2.1:40000' };
}

/** A syslog line as received on `listener` at `received`, through the real normaliser. */
function syslog(line: string, received: number, listener = '127.0.0.1:514'): LogEvent {
  return normaliseSyslog({ bytes: Buffer.from(line), truncated: false }, { source: { protocol: 'syslog-tcp', listener, peer: '198.51.100.4:50514', identity: '' }, receivedAt: received }).event;
}

const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();
const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function metricLines(metrics: Metrics, name: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`));
}

describe('clock skew per source (R-FIELDS-2)', () => {
  test('medianOf: the middle sample, or the mean of the middle two', () => {
    assert.equal(medianOf(new Float64Array([])), 0);
    assert.equal(medianOf(new Float64Array([5, -3, 1_000_000])), 5);
    assert.equal(medianOf(new Float64Array([4, 1, 3, 2])), 3, '(2 + 3) / 2 rounded');
    assert.equal(medianOf(new Float64Array([-7, -7, 9_000_000_000])), -7, 'numeric order, not text order');
  });

  test('the median is rolling: over the last SKEW_WINDOW samples only, read in sources() and the gauge', async () => {
    const { check, metrics, clock } = setup();
    for (let i = 0; i < SKEW_WINDOW; i++) {
      check.check(zoned('web1', clock.now(), 10 * HOUR), UNASSIGNED);
      clock.advance(1000);
    }
    assert.equal(check.sources()[0]?.medianMs, 10 * HOUR);
    for (let i = 0; i < 60; i++) {
      check.check(zoned('web1', clock.now(), 500), UNASSIGNED);
      clock.advance(1000);
    }
    const [web1] = check.sources();
    assert.equal(web1?.medianMs, 500, '60 of the last 101 samples are 500 ms');
    assert.equal(web1?.samples, SKEW_WINDOW + 60);
    assert.equal(web1?.lastSeen, clock.now() - 1000);
    assert.deepEqual(await metricLines(metrics, 'logwarden_source_clock_skew_ms'), ['logwarden_source_clock_skew_ms{source="web1"} 500']);
  });

  test('the gauge is set on a source’s first sample without anyone asking', async () => {
    const { check, metrics, clock } = setup();
    check.check(zoned('db1', clock.now(), -3 * HOUR), UNASSIGNED);
    assert.deepEqual(await metricLines(metrics, 'logwarden_source_clock_skew_ms'), [`logwarden_source_clock_skew_ms{source="db1"} ${-3 * HOUR}`]);
  });

  test('at most maxSources are tracked: the stalest is forgotten, with its metric labels', async () => {
    const { check, metrics, clock } = setup({ maxSources: 3 });
    for (const host of ['a', 'b', 'c']) check.check(zoned(host, clock.now(), HOUR), UNASSIGNED);
    check.check(zoned('a', clock.now(), HOUR), UNASSIGNED); // a is fresh again: b is the stalest
    check.check(zoned('d', clock.now(), HOUR), UNASSIGNED);
    assert.deepEqual(
      check.sources().map((s) => s.source),
      ['c', 'a', 'd'],
    );
    const gauges = await metricLines(metrics, 'logwarden_source_clock_skew_ms');
    const flagged = await metricLines(metrics, 'logwarden_events_clock_skewed_total');
    assert.deepEqual(
      gauges.map((line) => line.split(' ')[0]).sort(),
      ['a', 'c', 'd'].map((s) => `logwarden_source_clock_skew_ms{source="${s}"}`),
    );
    assert.ok(!flagged.some((line) => line.includes('source="b"')), 'b’s counter is gone with it');
    assert.ok(flagged.includes('logwarden_events_clock_skewed_total{source="a"} 2'));
  });

  test('an event beyond the threshold is flagged logwarden.time.skew_ms and counted; at or within it, not', async () => {
    const { check, metrics, clock } = setup();
    const ahead = zoned('web2', clock.now(), 120_001);
    const behind = zoned('web2', clock.now(), -125_500.4);
    const edge = zoned('web2', clock.now(), 120_000);
    const near = zoned('web2', clock.now(), -3000);
    for (const event of [ahead, behind, edge, near]) check.check(event, UNASSIGNED);
    assert.equal(ahead['logwarden.time.skew_ms'], 120_001);
    assert.equal(behind['logwarden.time.skew_ms'], -125_500, 'an integer');
    assert.equal(edge['logwarden.time.skew_ms'], undefined);
    assert.equal(near['logwarden.time.skew_ms'], undefined);
    assert.deepEqual(await metricLines(metrics, 'logwarden_events_clock_skewed_total'), ['logwarden_events_clock_skewed_total{source="web2"} 2']);
  });

  test('an episode is told once when it starts, once when it ends, and again for the next one; never from inside check()', async () => {
    const { check, told, clock } = setup();
    const system: AssignedSystem = { name: 'web' };
    for (let i = 0; i < 5; i++) {
      check.check(zoned('web3', clock.now(), 3 * HOUR), system);
      clock.advance(1000);
    }
    assert.equal(told.length, 0, 'deferred to a microtask: a nested submit would interleave sequence numbers');
    await drain();
    assert.deepEqual(
      told.map((t) => t.action),
      ['clock-skew-detected'],
    );
    assert.match(told[0]?.message ?? '', /^source web3 \(system web\) clock is off by \+10800 s \(3\.0 h\): @timestamp 2026-12-01T19:00:00\.000Z received 2026-12-01T16:00:00\.000Z$/);
    assert.equal(check.sources()[0]?.skewed, true);
    for (let i = 0; i < RESOLVE_AFTER - 1; i++) check.check(zoned('web3', clock.now(), 200), system);
    await drain();
    assert.equal(told.length, 1, `${RESOLVE_AFTER - 1} events in range are not yet "a while"`);
    for (let i = 0; i < 3 * RESOLVE_AFTER; i++) check.check(zoned('web3', clock.now(), 200), system);
    await drain();
    assert.deepEqual(
      told.map((t) => t.action),
      ['clock-skew-detected', 'clock-skew-resolved'],
    );
    assert.match(told[1]?.message ?? '', /^source web3 \(system web\) clock is back within 120 s/);
    assert.equal(check.sources()[0]?.skewed, false);
    check.check(zoned('web3', clock.now(), -HOUR), system);
    clock.advance(STEADY_MS);
    check.check(zoned('web3', clock.now(), -HOUR), system);
    await drain();
    assert.deepEqual(
      told.map((t) => t.action),
      ['clock-skew-detected', 'clock-skew-resolved', 'clock-skew-detected'],
    );
  });

  test('a replayed backlog (old events arriving fast, their skew shrinking) is flagged but opens no episode', async () => {
    const { check, told, clock } = setup();
    // An hour of events, one every 10 s, replayed at 100 events a second.
    const flagged: unknown[] = [];
    for (let i = 0; i < 360; i++) {
      const event = zoned('relp1', clock.now(), -HOUR + i * 10_000 - (i * 10_000) / 1000);
      check.check(event, UNASSIGNED);
      flagged.push(event['logwarden.time.skew_ms']);
      clock.advance(10);
    }
    for (let i = 0; i < 20; i++) check.check(zoned('relp1', clock.now(), 50), UNASSIGNED);
    await drain();
    assert.equal(told.length, 0);
    assert.ok(flagged.filter((skew) => skew !== undefined).length > 300, 'the old events are flagged');
  });

  test('a clock steadily behind opens an episode once its skew has held for STEADY_MS', async () => {
    const { check, told, clock } = setup();
    check.check(zoned('slow1', clock.now(), -10 * MINUTE), UNASSIGNED);
    clock.advance(STEADY_MS - 1);
    check.check(zoned('slow1', clock.now(), -10 * MINUTE + 30_000), UNASSIGNED);
    await drain();
    assert.equal(told.length, 0, 'not yet steady for long enough');
    clock.advance(1);
    check.check(zoned('slow1', clock.now(), -10 * MINUTE + 60_000), UNASSIGNED);
    check.check(zoned('slow1', clock.now(), -10 * MINUTE), UNASSIGNED);
    await drain();
    assert.deepEqual(
      told.map((t) => t.action),
      ['clock-skew-detected'],
    );
    assert.match(told[0]?.message ?? '', /clock is off by -540 s \(-9\.0 min\): @timestamp 2026-12-01T15:51:10\.000Z received 2026-12-01T16:00:10\.000Z$/);
  });

  test('the source is host.name (case folded), else the peer’s address without its port, else the identity; internal events are skipped', () => {
    const base = { '@timestamp': T0, 'event.ingested': T0 };
    assert.equal(sourceKey({ ...base, 'host.name': 'Web-1', 'logwarden.source.peer': '192.0.2.1:5' }), 'web-1');
    assert.equal(sourceKey({ ...base, 'logwarden.source.peer': '192.0.2.1:514' }), '192.0.2.1');
    assert.equal(sourceKey({ ...base, 'logwarden.source.peer': '[2001:db8::1]:514' }), '2001:db8::1');
    assert.equal(sourceKey({ ...base, 'logwarden.source.peer': '::1:8080' }), '::1', 'HTTP peers are written without brackets');
    assert.equal(sourceKey({ ...base, 'logwarden.source.peer': '', 'logwarden.source.identity': 'ci-token' }), 'ci-token');
    const { check } = setup();
    const internal = { ...base, '@timestamp': T0 + 5 * HOUR, 'logwarden.source.protocol': 'internal', 'host.name': 'self' };
    check.check(internal, UNASSIGNED);
    assert.equal(internal['logwarden.time.skew_ms' as keyof typeof internal], undefined);
    assert.equal(check.sources().length, 0);
  });
});

describe('zoneless RFC 3164 timestamps read in a zone (R-FIELDS-2)', () => {
  // 11:00 in New York on 1 December is 16:00 UTC: the line a New York sender writes at T0.
  const NEW_YORK_LINE = '<38>Dec  1 11:00:00 nyc1 sshd[1234]: Accepted publickey for ops from 192.0.2.7 port 50022 ssh2';

  test('unconfigured (UTC): 5 hours in the past, flagged, and the episode says to set a zone', async () => {
    const { check, told } = setup();
    const event = syslog(NEW_YORK_LINE, T0);
    check.check(event, UNASSIGNED);
    assert.equal(iso(event['@timestamp']), '2026-12-01T11:00:00.000Z');
    assert.equal(event['logwarden.time.skew_ms'], -5 * HOUR);
    assert.equal(check.sources()[0]?.zone, 'UTC');
    await drain();
    assert.equal(told.length, 0, 'behind: not an episode until steady for STEADY_MS');
    // Ten seconds later the same sender again, still five hours behind.
    check.check(syslog('<38>Dec  1 11:00:10 nyc1 sshd[1234]: again', T0 + STEADY_MS), UNASSIGNED);
    await drain();
    assert.equal(told.length, 1);
    assert.match(
      told[0]?.message ?? '',
      /^source nyc1 \(system unassigned\) clock is off by -18000 s \(-5\.0 h\): .*; RFC 3164 timestamps carry no zone and were read as UTC: set a timezone for the system or listener$/,
    );
  });

  test('a listener’s zone: the true instant, not flagged; event.original untouched', () => {
    const { check } = setup({ listenerTimezones: { '127.0.0.1:514': 'America/New_York' } });
    const event = syslog(NEW_YORK_LINE, T0);
    check.check(event, UNASSIGNED);
    assert.equal(iso(event['@timestamp']), '2026-12-01T16:00:00.000Z');
    assert.equal(event['logwarden.time.skew_ms'], undefined);
    assert.equal(event['event.original'], NEW_YORK_LINE);
    assert.equal(check.sources()[0]?.zone, 'America/New_York');
  });

  test('a system’s zone wins over the listener’s, which wins over the default', () => {
    const { check } = setup({ listenerTimezones: { '127.0.0.1:514': 'Asia/Kolkata' }, defaultTimezone: 'Europe/Berlin' });
    const line = '<13>Jul 15 12:00:00 h app: x';
    const received = Date.UTC(2026, 6, 15, 10, 0, 30);
    const bySystem = syslog(line, received);
    check.check(bySystem, { name: 'nyc', timezone: 'America/New_York' });
    assert.equal(iso(bySystem['@timestamp']), '2026-07-15T16:00:00.000Z');
    const byListener = syslog(line, received);
    check.check(byListener, UNASSIGNED);
    assert.equal(iso(byListener['@timestamp']), '2026-07-15T06:30:00.000Z');
    const byDefault = syslog(line, received, '127.0.0.1:1514');
    check.check(byDefault, UNASSIGNED);
    assert.equal(iso(byDefault['@timestamp']), '2026-07-15T10:00:00.000Z', 'Berlin in summer: +02:00');
    assert.equal(byDefault['logwarden.time.skew_ms'], undefined);
  });

  test('a listener configured with port 0 ("any free port") gives its zone to that host’s listeners', () => {
    const { check } = setup({ listenerTimezones: { '127.0.0.1:0': 'America/New_York', '[::1]:6514': 'Asia/Kolkata' } });
    assert.equal(check.listenerZone('127.0.0.1:40123'), 'America/New_York');
    assert.equal(check.listenerZone('[::1]:6514'), 'Asia/Kolkata');
    assert.equal(check.listenerZone('[::1]:6515'), undefined);
    assert.equal(check.listenerZone('10.0.0.1:514'), undefined);
  });

  test('zoned timestamps are never moved (RFC 5424, the RFC 3164 ISO variant with an offset); that variant without one is read in the zone', () => {
    const { check } = setup({ defaultTimezone: 'America/New_York' });
    const rfc5424 = syslog('<14>1 2026-12-01T16:00:00Z h app - - - x', T0);
    const iso3164 = syslog('<14>2026-12-01T17:00:00+01:00 h app: x', T0);
    const isoNoZone = syslog('<14>2026-12-01T11:00:00 h app: x', T0);
    for (const event of [rfc5424, iso3164, isoNoZone]) check.check(event, UNASSIGNED);
    assert.deepEqual(
      [rfc5424, iso3164, isoNoZone].map((e) => iso(e['@timestamp'])),
      Array(3).fill('2026-12-01T16:00:00.000Z'),
    );
  });

  test('the year is chosen in the sender’s zone: "Jan  1 00:30:00" from Tokyo received on 31 December UTC', () => {
    const { check } = setup({ defaultTimezone: 'Asia/Tokyo' });
    const received = Date.UTC(2026, 11, 31, 15, 30, 1);
    const event = syslog('<13>Jan  1 00:30:00 tokyo1 app: happy new year', received);
    check.check(event, UNASSIGNED);
    assert.equal(iso(event['@timestamp']), '2026-12-31T15:30:00.000Z');
    assert.equal(event['logwarden.time.skew_ms'], undefined);
  });
});

describe('events without a time of their own (R-FIELDS-2)', () => {
  test('an event stamped with its receipt time (RFC 5424 NILVALUE) is no sample of its sender’s clock', () => {
    const { check } = setup();
    check.check(syslog('<14>1 - nil1 app - - - no time', T0), UNASSIGNED);
    assert.equal(check.sources().length, 0);
    check.check(syslog('<14>1 2026-12-01T15:59:59Z nil1 app - - - a time', T0), UNASSIGNED);
    assert.deepEqual(
      check.sources().map((s) => [s.source, s.medianMs, s.samples]),
      [['nil1', -1000, 1]],
    );
  });
});
