// The live tail's hub and filter (docs/api.md, "Live tail"): the query matches as the search's
// compiler says, the scope keeps other systems' records and others' audit events out, a masked
// caller gets masked values and cannot query masked fields, each subscriber's queue is bounded
// with the skipped records counted and announced once it has room, a slow subscriber never holds
// up a fast one, and one subscriber more than the limit is refused with LW_TAIL_FULL.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { maskingSchema } from '../access/masking-schema.ts';
import { MaskingProfiles } from '../access/masking.ts';
import { LogwardenError } from '../errors/codes.ts';
import { ALL_SYSTEMS, systemsScope, withAuditOf } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { tailFilter } from './tail-filter.ts';
import { TailHub, type TailSink } from './tail-hub.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');

/** A sink that takes `room` frames, then says it is full until `drain()`. */
class FakeSink implements TailSink {
  readonly frames: string[] = [];
  room: number;
  ended = false;
  #drained: (() => void)[] = [];
  constructor(room = Number.POSITIVE_INFINITY) {
    this.room = room;
  }
  record(json: string): boolean {
    this.frames.push(`record ${String((JSON.parse(json) as Record<string, unknown>)['message'])}`);
    return --this.room > 0;
  }
  skipped(count: number): boolean {
    this.frames.push(`skipped ${count}`);
    return --this.room > 0;
  }
  onceDrained(listener: () => void): void {
    this.#drained.push(listener);
  }
  end(): void {
    this.ended = true;
  }
  drain(room: number): void {
    this.room = room;
    for (const listener of this.#drained.splice(0)) listener();
  }
}

const event = (message: string, fields: Partial<LogEvent> = {}): LogEvent => ({ '@timestamp': NOW, message, 'logwarden.system': 'web', 'log.level': 'info', ...fields }) as LogEvent;
const all = (query: string) => tailFilter({ query, scope: ALL_SYSTEMS, now: NOW });

test('a tail filter matches as the search query language says', () => {
  const filter = all('message:disk AND NOT log.level:debug');
  assert.equal(filter.accepts(event('disk full')), true);
  assert.equal(filter.accepts(event('disk full', { 'log.level': 'debug' })), false);
  assert.equal(filter.accepts(event('cpu hot')), false);
  assert.equal(all('').accepts(event('anything')), true, 'an empty query follows every record');
  assert.throws(
    () => all('message:('),
    (error: unknown) => error instanceof LogwardenError && error.code === 'LW_QUERY_SYNTAX',
  );
  assert.throws(
    () => all('no.such.field:x'),
    (error: unknown) => error instanceof LogwardenError && error.code === 'LW_QUERY_FIELD',
  );
});

test('R-ACCESS-1: a scoped tail sees its systems only, and of the audit trail only its own events', () => {
  const web = tailFilter({ query: '', scope: withAuditOf(systemsScope(['web']), 'ann'), now: NOW });
  assert.equal(web.accepts(event('web line')), true);
  assert.equal(web.accepts(event('db line', { 'logwarden.system': 'db' })), false);
  const audit = (user: string) => event(`${user} searched`, { 'event.category': ['logwarden-audit'], 'user.name': user });
  assert.equal(web.accepts(audit('ann')), true);
  assert.equal(web.accepts(audit('bob')), false);
  assert.equal(tailFilter({ query: '', scope: systemsScope([]), now: NOW }).accepts(event('web line')), false, 'no systems: nothing');
});

test('R-MASK-1: a masked tail shows masked values and refuses a query on a masked field', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-tail-'));
  try {
    const profiles = new MaskingProfiles(maskingSchema.parse({ profiles: [] }), path.join(dir, 'secrets'));
    await profiles.open();
    const masker = profiles.forProfile('third-party');
    assert.ok(masker);
    const filter = tailFilter({ query: 'log.level:info', scope: ALL_SYSTEMS, masker, now: NOW });
    const shown = JSON.parse(filter.present(event('login ok', { 'user.name': 'alice' }))) as Record<string, unknown>;
    assert.notEqual(shown['user.name'], 'alice');
    assert.equal(JSON.stringify(shown).includes('alice'), false, JSON.stringify(shown));
    assert.equal(shown['@timestamp'], '2026-12-02T12:00:00.000Z', 'presented as a search page presents it');
    assert.throws(
      () => tailFilter({ query: 'user.name:alice', scope: ALL_SYSTEMS, masker, now: NOW }),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_MASKED_FIELD',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a full queue skips records, counts them, and announces them once before the records that follow', () => {
  const hub = new TailHub({ maxSubscribers: 4, queueLimit: 3 });
  const sink = new FakeSink(1);
  const subscription = hub.subscribe(all('message:keep'), sink);
  hub.publish([event('keep 1'), event('drop me'), event('keep 2'), event('keep 3'), event('keep 4'), event('keep 5'), event('keep 6')]);
  // keep 1 went out and filled the sink; keep 2..4 queued (the limit, 3); keep 5, 6 skipped.
  assert.deepEqual(sink.frames, ['record keep 1']);
  assert.equal(subscription.queued, 3);
  assert.equal(subscription.skipped, 2);
  hub.publish([event('keep 7')]); // still full: skipped too
  assert.equal(subscription.skipped, 3);
  sink.drain(Number.POSITIVE_INFINITY);
  hub.publish([event('keep 8')]);
  assert.deepEqual(sink.frames, ['record keep 1', 'record keep 2', 'record keep 3', 'record keep 4', 'skipped 3', 'record keep 8']);
  assert.equal(subscription.sent, 5);
});

test('a slow subscriber never holds up another, nor publish', () => {
  const hub = new TailHub({ maxSubscribers: 4, queueLimit: 10 });
  const slow = new FakeSink(1);
  const fast = new FakeSink();
  hub.subscribe(all(''), slow);
  hub.subscribe(all(''), fast);
  const events = Array.from({ length: 1000 }, (_, at) => event(`line ${at}`));
  hub.publish(events);
  assert.equal(fast.frames.length, 1000);
  assert.equal(slow.frames.length, 1);
});

test('subscribers are bounded: one more is refused with LW_TAIL_FULL (503, Retry-After); a closed one frees its place', () => {
  const hub = new TailHub({ maxSubscribers: 2, queueLimit: 10 });
  const first = hub.subscribe(all(''), new FakeSink());
  hub.subscribe(all(''), new FakeSink());
  assert.throws(
    () => hub.subscribe(all(''), new FakeSink()),
    (error: unknown) => error instanceof LogwardenError && error.code === 'LW_TAIL_FULL' && error.status === 503 && error.details['retryAfterSeconds'] === 5,
  );
  first.close();
  assert.equal(hub.size, 1);
  hub.subscribe(all(''), new FakeSink());
  assert.equal(hub.size, 2);
});

test('closeAll ends every subscriber’s sink and nothing more reaches them', () => {
  const hub = new TailHub({ maxSubscribers: 2, queueLimit: 10 });
  const sink = new FakeSink();
  hub.subscribe(all(''), sink);
  hub.closeAll();
  hub.publish([event('after')]);
  assert.equal(sink.ended, true);
  assert.deepEqual(sink.frames, []);
  assert.equal(hub.size, 0);
});
