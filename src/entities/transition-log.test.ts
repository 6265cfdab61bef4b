// The transitions pattern on the real embedded engine, with the real pipeline and ledger: a small
// example entity, created and changed, retried, raced and refused.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { openLedgerKeys } from '../ledger/keys.ts';
import { Ledger } from '../ledger/ledger.ts';
import { verifyInclusion } from '../ledger/merkle.ts';
import { TransparencyFile } from '../ledger/transparency-file.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock, systemClock } from '../runtime/clock.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { TransitionLog } from './transition-log.ts';
import { transitionTableDdl } from './transition-table.ts';
import { StreamConsumers } from '../stream/consumers.ts';

const exampleCase = z.object({ status: z.enum(['open', 'assigned', 'closed']), assignee: z.string().optional() }).strict();
type ExampleCase = z.infer<typeof exampleCase>;

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
let dir: string;
let engine: ChdbEngine;
let pipeline: IngestPipeline;
let ledger: Ledger;
let consumers: StreamConsumers;
let cases: TransitionLog<ExampleCase>;
const clock = new ManualClock(START);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-entities-'));
  engine = new ChdbEngine(path.join(dir, 'clickhouse')); // the server's restricted engine: no update or delete needed
  const store = new EventStore(engine);
  await store.open();
  await engine.command(transitionTableDdl('example_case'));
  const logger = createLogger('silent');
  pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node' }, createMetrics(), logger);
  const lastStored = await pipeline.open();
  ledger = new Ledger(engine, await openLedgerKeys(dir), await TransparencyFile.open(dir), { node: 'test-node', checkpointIntervalMs: 100, idleCheckpointMs: 60_000 }, logger);
  await ledger.open(lastStored);
  // The consumers run on the machine's clock: the ledger's minimum interval between rounds is read
  // from their clock, and a manual one that the test does not advance would hold a round back for ever.
  consumers = new StreamConsumers({ engine, node: 'test-node', metrics: createMetrics(), logger, clock: systemClock }, lastStored);
  pipeline.addStoredBatchListener(consumers);
  await consumers.register(ledger);
  cases = new TransitionLog({ entity: 'example_case', schema: exampleCase, engine, events: pipeline, clock });
});

after(async () => {
  await pipeline.close();
  await consumers.close();
  await ledger.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

interface EventRow {
  seq: string;
  action: string;
  type: string;
  user: string;
  message: string;
  labels: Record<string, string>;
}

function eventsOf(id: string): Promise<EventRow[]> {
  return engine.query<EventRow>(
    "SELECT event_sequence AS seq, event_action AS action, event_type AS type, user_name AS user, message, labels FROM events WHERE labels['entity_id'] = {id:String} ORDER BY event_sequence",
    { id },
  );
}

function isConflict(error: unknown): boolean {
  return error instanceof LogwardenError && error.code === 'LW_TRANSITION_CONFLICT' && error.status === 409;
}

describe('transitions of a mutable entity in the append-only engine', () => {
  test('create and change: the current state is the highest transition, the history keeps every one', async () => {
    assert.equal(await cases.current('c-1'), undefined);
    await cases.apply({ id: 'c-1', n: 1, state: { status: 'open' }, by: 'alice' });
    clock.advance(1000);
    const applied = await cases.apply({ id: 'c-1', n: 2, state: { status: 'assigned', assignee: 'bob' }, by: 'alice' });
    assert.equal(applied.repeated, false);
    assert.deepEqual(await cases.current('c-1'), { id: 'c-1', n: 2, state: { status: 'assigned', assignee: 'bob' }, by: 'alice', at: START + 1000 });
    assert.deepEqual(
      (await cases.history('c-1')).map((t) => [t.n, t.state.status, t.at]),
      [
        [1, 'open', START],
        [2, 'assigned', START + 1000],
      ],
    );
  });

  test('every transition is a logwarden event, stored with a sequence number and included in the ledger', async () => {
    const events = await eventsOf('c-1');
    assert.deepEqual(
      events.map((e) => [e.action, e.type, e.user, e.labels]),
      [
        ['example_case-transition', ['creation'], 'alice', { entity: 'example_case', entity_id: 'c-1', transition: '1' }],
        ['example_case-transition', ['change'], 'alice', { entity: 'example_case', entity_id: 'c-1', transition: '2' }],
      ],
    );
    assert.match(events[1]?.message ?? '', /^example_case c-1 transition 2 by alice: \{"assignee":"bob","status":"assigned"\}$/);
    const last = Number(events.at(-1)?.seq);
    while (ledger.size <= last) await delay(50); // the ledger hashes stored records on its next tick
    await ledger.checkpoint();
    const latest = ledger.latestCheckpoint;
    assert.ok(latest);
    for (const event of events) {
      const seq = Number(event.seq);
      assert.ok(seq < latest.size, `event ${seq} is under the checkpoint of size ${latest.size}`);
      const { leafHash, proof } = await ledger.inclusionProof(seq, latest.size);
      assert.ok(verifyInclusion(leafHash, seq, latest.size, proof, latest.rootHash), `inclusion proof of event ${seq}`);
    }
  });

  test('a retry of a stored transition succeeds and stores nothing new, no row and no event', async () => {
    const again = await cases.apply({ id: 'c-1', n: 2, state: { assignee: 'bob', status: 'assigned' }, by: 'alice' });
    assert.equal(again.repeated, true);
    assert.equal(again.transition.at, START + 1000, 'the stored transition is returned');
    assert.equal((await cases.history('c-1')).length, 2);
    assert.equal((await eventsOf('c-1')).length, 2);
  });

  test('a different transition with a taken number, or one that skips a number, is refused with LW_TRANSITION_CONFLICT', async () => {
    await assert.rejects(cases.apply({ id: 'c-1', n: 2, state: { status: 'closed' }, by: 'alice' }), isConflict);
    await assert.rejects(cases.apply({ id: 'c-1', n: 2, state: { status: 'assigned', assignee: 'bob' }, by: 'mallory' }), isConflict);
    await assert.rejects(cases.apply({ id: 'c-1', n: 1, state: { status: 'closed' }, by: 'alice' }), isConflict);
    await assert.rejects(
      cases.apply({ id: 'c-1', n: 4, state: { status: 'closed' }, by: 'alice' }),
      (error: unknown) => isConflict(error) && /the next transition is 3/.test((error as Error).message),
    );
    await assert.rejects(cases.apply({ id: 'c-new', n: 2, state: { status: 'open' }, by: 'alice' }), isConflict);
    assert.equal((await cases.current('c-1'))?.n, 2);
    assert.equal((await eventsOf('c-1')).length, 2, 'a refused transition leaves no event');
  });

  test('of concurrent writers from the same state exactly one wins; identical concurrent retries store once', async () => {
    await cases.apply({ id: 'c-2', n: 1, state: { status: 'open' }, by: 'alice' });
    const racing = await Promise.allSettled(['bob', 'carol', 'dave', 'erin'].map((who) => cases.apply({ id: 'c-2', n: 2, state: { status: 'assigned', assignee: who }, by: who })));
    const won = racing.filter((outcome) => outcome.status === 'fulfilled');
    assert.equal(won.length, 1);
    assert.ok(racing.every((outcome) => outcome.status === 'fulfilled' || isConflict(outcome.reason)));
    const same = { id: 'c-2', n: 3, state: { status: 'closed' as const }, by: 'alice' };
    const retries = await Promise.all([cases.apply(same), cases.apply(same), cases.apply(same)]);
    assert.deepEqual(retries.map((r) => r.repeated).sort(), [false, true, true]);
    assert.deepEqual(
      (await cases.history('c-2')).map((t) => t.n),
      [1, 2, 3],
    );
    assert.equal((await eventsOf('c-2')).length, 3);
  });

  test('states are checked by the entity schema on the way in', async () => {
    const bad = { status: 'reopened' } as unknown as ExampleCase;
    await assert.rejects(
      cases.apply({ id: 'c-3', n: 1, state: bad, by: 'alice' }),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST' && /status/.test(error.message),
    );
    await assert.rejects(cases.apply({ id: 'c-3', n: 0, state: { status: 'open' }, by: 'alice' }), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST');
    assert.equal(await cases.current('c-3'), undefined);
  });

  test('the current state of every entity by argMax', async () => {
    const all = await cases.currentAll();
    assert.deepEqual(
      all.map((t) => [t.id, t.n, t.state.status]),
      [
        ['c-1', 2, 'assigned'],
        ['c-2', 3, 'closed'],
      ],
    );
  });
});
