// Senders' clocks through the real pipeline and embedded engine (R-FIELDS-2): a zoneless RFC 3164
// line from a listener with a zone is stored at the instant it names; from one without, it is
// stored flagged with its skew, and the episode is stored once as a logwarden event.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { configSchema } from '../config/schema.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { framesToEvents } from '../sources/syslog-frames.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { STEADY_MS } from '../systems/clock-skew.ts';
import { internalRecorder, type RecordInternal } from './internal-events.ts';
import { IngestPipeline } from './pipeline.ts';
import { configuredPreparation } from './prepare.ts';

/** 16:00 UTC, 11:00 in New York. */
const T0 = Date.UTC(2033, 11, 1, 16, 0, 0);
const ZONED = '127.0.0.1:514';
const UNZONED = '127.0.0.1:1514';

describe('zoneless timestamps and clock skew in the pipeline (R-FIELDS-2)', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: IngestPipeline;
  const clock = new ManualClock(T0);
  const metrics = createMetrics();
  const logger = createLogger('silent');
  const config = configSchema.parse({ ingest: { listenerTimezones: { [ZONED]: 'America/New_York' }, clockSkew: { thresholdSeconds: 60 } } });
  const deps = { metrics, clock, maxEventBytes: config.ingest.maxEventBytes, defaultTimezone: config.ingest.defaultTimezone, syslog: config.syslog };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-clock-skew-'));
    store = new EventStore(new ChdbEngine(dir), undefined, clock);
    await store.open();
    const record: RecordInternal = (action, message) => internalRecorder(() => pipeline, clock, logger)(action, message);
    const preparation = configuredPreparation(config, { metrics, clock, record });
    pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node', preparation }, metrics, logger, clock);
    await pipeline.open();
  });
  after(async () => {
    await pipeline.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (line: string, listener: string): Promise<void> =>
    pipeline.submit(framesToEvents([{ bytes: Buffer.from(line), truncated: false }], { protocol: 'syslog-tcp', listener, peer: '198.51.100.9:40000', identity: '' }, { ...deps, pipeline }));
  const find = async (query: string): Promise<LogEvent[]> => store.search({ query: parsedQuery(query), scope: ALL_SYSTEMS, limit: 10 });

  test('a listener with a zone: stored at the true instant, unflagged', async () => {
    await send('<38>Dec  1 11:00:00 nyc1 sshd[1]: zoned listener line', ZONED);
    const [stored] = await find('"zoned listener line"');
    assert.equal(stored?.['@timestamp'], T0);
    assert.equal(stored?.['logwarden.time.skew_ms'], undefined);
    assert.equal(stored?.['event.original'], '<38>Dec  1 11:00:00 nyc1 sshd[1]: zoned listener line');
  });

  test('a listener without one: read as UTC, flagged −5 h, and one clock-skew-detected event once steady', async () => {
    await send('<38>Dec  1 11:00:00 nyc2 app: unzoned one', UNZONED);
    clock.advance(STEADY_MS);
    await send('<38>Dec  1 11:00:10 nyc2 app: unzoned two', UNZONED);
    clock.advance(1000);
    await send('<38>Dec  1 11:00:11 nyc2 app: unzoned three', UNZONED);
    const flagged = await find('message:unzoned');
    assert.equal(flagged.length, 3);
    for (const event of flagged) assert.equal(event['logwarden.time.skew_ms'], -5 * 3_600_000);
    // The episode is recorded from a microtask after the submit, then written in its own batch.
    let episodes = await find('event.action:clock-skew-detected');
    for (let wait = 0; episodes.length === 0 && wait < 100; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      episodes = await find('event.action:clock-skew-detected');
    }
    await send('<38>Dec  1 11:00:12 nyc2 app: unzoned four', UNZONED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    episodes = await find('event.action:clock-skew-detected');
    assert.equal(episodes.length, 1, 'once per episode, not per event');
    assert.match(String(episodes[0]?.['message']), /^source nyc2 \(system unassigned\) clock is off by -18000 s .*set a timezone for the system or listener$/);
    assert.equal(episodes[0]?.['logwarden.system'], 'logwarden');
    assert.match(await metrics.registry.getSingleMetricAsString('logwarden_source_clock_skew_ms'), /logwarden_source_clock_skew_ms\{source="nyc2"\} -18000000/);
  });
});
