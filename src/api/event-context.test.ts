// The context of a record on the real engine: its neighbours by sequence number from the same
// system, host and app only, nearest first on each side, and never outside the caller's scope.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ALL_SYSTEMS } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { eventContext } from './event-context.ts';

let dir: string;
let store: EventStore;

/** 0..19: system web, host web-1, app sshd on even numbers and nginx on odd; 20..23: system db, host web-1, app sshd. */
const events: LogEvent[] = Array.from({ length: 24 }, (_, seq) => ({
  'event.sequence': seq,
  '@timestamp': Date.UTC(2026, 11, 2) + seq,
  'event.ingested': Date.UTC(2026, 11, 2) + seq,
  'logwarden.system': seq < 20 ? 'web' : 'db',
  'host.name': 'web-1',
  'log.syslog.appname': seq < 20 && seq % 2 === 1 ? 'nginx' : 'sshd',
  message: `record ${seq}`,
}));

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-context-'));
  store = new EventStore(new ChdbEngine(dir));
  await store.open();
  await store.insert(events);
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const sequences = (found: LogEvent[]): number[] => found.map((event) => Number(event['event.sequence']));

test('R-ANALYSE-3: the neighbours are the same source’s, by sequence number, the record among them', async () => {
  const record = (await store.bySequence(10, ALL_SYSTEMS)) as LogEvent;
  assert.deepEqual(sequences((await eventContext(store, record, ALL_SYSTEMS, 3, 2)).events), [4, 6, 8, 10, 12, 14]);
  // At the end of its source: fewer after (20.. are another system's, though the same host and app).
  const last = (await store.bySequence(18, ALL_SYSTEMS)) as LogEvent;
  assert.deepEqual(sequences((await eventContext(store, last, ALL_SYSTEMS, 1, 5)).events), [16, 18]);
  assert.deepEqual(sequences((await eventContext(store, record, ALL_SYSTEMS, 0, 0)).events), [10]);
});

test('R-ACCESS-1: a caller limited to some systems gets no neighbour outside them', async () => {
  const record = (await store.bySequence(21, ALL_SYSTEMS)) as LogEvent;
  assert.deepEqual(sequences((await eventContext(store, record, ALL_SYSTEMS, 5, 5)).events), [20, 21, 22, 23]);
  assert.deepEqual(sequences((await eventContext(store, record, { kind: 'systems', systems: ['web'] }, 5, 5)).events), [21], 'only the record the route already checked is in scope');
});
