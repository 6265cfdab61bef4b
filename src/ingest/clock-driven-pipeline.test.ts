// Receipt times and `now` follow the server's clock (a ManualClock here), against the real embedded
// engine: a syslog frame's event.ingested, the pipeline's last-resort stamp for an event without
// one, internal events, and what `now` means in a search when the request does not say.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { configSchema } from '../config/schema.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import { framesToEvents } from '../sources/syslog-frames.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { internalRecorder } from './internal-events.ts';
import { IngestPipeline } from './pipeline.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

/** Years away from the machine's clock, so a Date.now() left anywhere on the path would show. */
const T0 = Date.UTC(2033, 6, 8, 9, 10, 11, 12);

describe('the server clock stamps receipt times and means now', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: IngestPipeline;
  const clock = new ManualClock(T0);
  const metrics = createMetrics();
  const logger = createLogger('silent');

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-clock-pipeline-'));
    store = new EventStore(new ChdbEngine(dir), undefined, clock);
    await store.open();
    pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node' }, metrics, logger, clock);
    await pipeline.open();
  });
  after(async () => {
    await pipeline.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ingestedOf = async (query: string): Promise<unknown[]> => (await store.search({ query: parsedQuery(query), scope: ALL_SYSTEMS, limit: 10 })).map((event) => event['event.ingested']);

  test('a syslog frame received at T0 is stored with event.ingested = T0', async () => {
    const config = configSchema.parse({});
    const deps = { pipeline, metrics, clock, maxEventBytes: config.ingest.maxEventBytes, defaultTimezone: config.ingest.defaultTimezone, syslog: config.syslog };
    const source = { protocol: 'syslog-tcp', listener: '127.0.0.1:514', peer: '127.0.0.1:40000', identity: '' };
    const events = framesToEvents([{ bytes: Buffer.from('<13>Jan  1 00:00:00 host app: clock frame'), truncated: false }], source, deps);
    await pipeline.submit(events);
    assert.deepEqual(await ingestedOf('"clock frame"'), [T0]);
  });

  test('an event that arrives without a receipt time gets the clock time in the pipeline; internal events too', async () => {
    clock.advance(90_000);
    await pipeline.submit([{ message: 'no receipt time given' }]);
    assert.deepEqual(await ingestedOf('"no receipt time given"'), [T0 + 90_000]);
    clock.advance(30_000);
    await internalRecorder(() => pipeline, clock, logger)('read-only-left', 'clock internal event');
    const [stored] = await store.search({ query: parsedQuery('"clock internal event"'), scope: ALL_SYSTEMS, limit: 1 });
    assert.equal(stored?.['event.ingested'], T0 + 120_000);
    assert.equal(stored?.['@timestamp'], T0 + 120_000);
  });

  test('`now` in a search is the clock time when the request does not say', async () => {
    // The frame's own timestamp is in the syslog line's year-less "Jan 1"; @timestamp of the other two is their receipt.
    assert.equal((await store.search({ query: parsedQuery('@timestamp:>=now-1m'), scope: ALL_SYSTEMS, limit: 10 })).length, 2, 'both events stamped within the last clock minute');
    clock.advance(10 * 60_000);
    assert.equal((await store.search({ query: parsedQuery('@timestamp:>=now-1m'), scope: ALL_SYSTEMS, limit: 10 })).length, 0, 'ten clock minutes later, none');
  });
});
