// The tail's consumer of the stored stream: it starts after the last stored record (a tail never
// replays), reads nothing while nobody tails, and otherwise hands each batch, from memory, to
// the hub; either way the batch is let go from memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_SYSTEMS } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import type { StoredRecords } from './consumer.ts';
import { RecentStoredRecords } from './recent-stored-records.ts';
import { TailConsumer } from './tail-consumer.ts';
import { tailFilter } from './tail-filter.ts';
import { TailHub, type TailSink } from './tail-hub.ts';

const events = (first: number, ...messages: string[]): LogEvent[] => messages.map((message, at) => ({ message, 'event.sequence': first + at, 'logwarden.system': 'web' }) as LogEvent);
const engine = (): StoredRecords & { reads: number } => {
  const stored = {
    reads: 0,
    read: async () => {
      stored.reads++;
      return [];
    },
  };
  return stored;
};

test('resumes after the last stored record; reads nothing without subscribers; publishes from memory with them', async () => {
  const hub = new TailHub({ maxSubscribers: 2, queueLimit: 10 });
  const recent = new RecentStoredRecords(100);
  const consumer = new TailConsumer(hub, recent, { lastSequence: async () => 41 });
  assert.equal(await consumer.resumeAfter(), 41);
  const records = engine();
  recent.stored(42, 2, events(42, 'a', 'b'));
  await consumer.consume({ first: 42, end: 44 }, records);
  assert.equal(recent.rows, 0, 'let go unread');
  const seen: string[] = [];
  const sink: TailSink = { record: (json) => (seen.push(json), true), skipped: () => true, onceDrained: () => undefined, end: () => undefined };
  hub.subscribe(tailFilter({ query: '', scope: ALL_SYSTEMS, now: 0 }), sink);
  recent.stored(44, 2, events(44, 'c', 'd'));
  await consumer.consume({ first: 44, end: 46 }, records);
  assert.deepEqual(
    seen.map((json) => (JSON.parse(json) as Record<string, unknown>)['message']),
    ['c', 'd'],
  );
  assert.equal(records.reads, 0, 'read from memory, not from the engine');
  assert.equal(recent.rows, 0);
});
