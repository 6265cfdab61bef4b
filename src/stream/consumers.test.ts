// Consumers of the stored stream against the real engine and the real pipeline: a consumer that
// records what it saw (into a table of the same engine) is stopped in the middle of a batch the way
// a kill -9 stops it (the data dir is closed under it and never told), and a second open of the same
// data dir resumes it: every stored record seen, in order, none twice. While it is stuck, ingest goes
// on and its lag shows in logwarden_consumer_lag_events.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { systemClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import type { SequenceRange, StoredRecords, StreamConsumer } from './consumer.ts';
import { StreamConsumers } from './consumers.ts';

const NODE = 'stream-node';
const logger = createLogger('silent');
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lw-stream-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** One open of the data dir: engine, store, pipeline and the stream's consumers, as the server wires them. */
async function openDataDir(): Promise<{ engine: ChdbEngine; pipeline: IngestPipeline; consumers: StreamConsumers; metrics: Metrics }> {
  const engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open();
  await engine.command('CREATE TABLE IF NOT EXISTS test_seen (seq UInt64, message String, batch UInt32) ENGINE = MergeTree ORDER BY tuple()');
  const metrics = createMetrics();
  const pipeline = new IngestPipeline(store, { batchMaxEvents: 25, batchMaxDelayMs: 5, queueMaxEvents: 10_000, node: NODE }, metrics, logger);
  const lastStored = await pipeline.open();
  const consumers = new StreamConsumers({ engine, node: NODE, metrics, logger, clock: systemClock }, lastStored);
  pipeline.addStoredBatchListener(consumers);
  return { engine, pipeline, consumers, metrics };
}

/** Records every record it is handed into test_seen; `gate` can hold a batch before it records anything. */
class Recorder implements StreamConsumer {
  readonly name = 'recorder';
  readonly maxBatch = 17;
  readonly #engine: ChdbEngine;
  #batches = 0;
  gate: ((range: SequenceRange) => Promise<void> | undefined) | undefined;

  constructor(engine: ChdbEngine) {
    this.#engine = engine;
  }

  async consume(range: SequenceRange, records: StoredRecords): Promise<void> {
    await this.gate?.(range);
    const events = await records.read(range);
    assert.deepEqual(
      events.map((event) => event['event.sequence']),
      Array.from({ length: range.end - range.first }, (_, k) => range.first + k),
      'a batch holds its whole range, in order',
    );
    const rows = events.map((event) => JSON.stringify({ seq: event['event.sequence'], message: event.message, batch: this.#batches }));
    this.#batches++;
    await this.#engine.insertJsonEachRow('test_seen', Buffer.from(`${rows.join('\n')}\n`));
  }
}

function events(from: number, count: number): LogEvent[] {
  return Array.from({ length: count }, (_, k) => ({ message: `stream ${from + k}`, 'event.ingested': systemClock.now(), 'logwarden.node': NODE }));
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function lag(metrics: Metrics): Promise<number | undefined> {
  const { values } = await metrics.consumerLag.get();
  return values.find((value) => value.labels.consumer === 'recorder')?.value;
}

test('a consumer stopped mid-batch like kill -9 resumes at its cursor: nothing missed, nothing twice; ingest never waits for it', async () => {
  const first = await openDataDir();
  const recorder = new Recorder(first.engine);
  await first.consumers.register(recorder);
  await first.pipeline.submit(events(0, 60));
  await until(() => first.consumers.cursors().recorder === 59, 'the recorder to finish the first 60');

  // From now on the recorder is stuck in its batch: ingest goes on without it.
  let stuckAt: SequenceRange | undefined;
  recorder.gate = (range) => {
    stuckAt = range;
    return new Promise<void>(() => undefined);
  };
  await first.pipeline.submit(events(60, 140));
  await until(() => stuckAt !== undefined, 'the recorder to take its next batch');
  assert.equal(stuckAt?.first, 60);
  assert.equal(first.consumers.cursors().recorder, 59, 'a stuck batch does not move the cursor');
  assert.equal(await lag(first.metrics), 140, 'its lag is every record stored since');
  // The kill: the data dir goes away under the consumer, which is never told.
  await first.pipeline.close();
  await first.engine.close();

  const second = await openDataDir();
  try {
    await second.consumers.register(new Recorder(second.engine));
    assert.equal(second.consumers.cursors().recorder, 59, 'resumes after the last batch it finished');
    await second.pipeline.submit(events(200, 30));
    await until(() => second.consumers.cursors().recorder === 229, 'the recorder to catch up');
    assert.equal(await lag(second.metrics), 0);
    const seen = await second.engine.query<{ seq: string; message: string }>('SELECT seq, message FROM test_seen ORDER BY seq');
    assert.deepEqual(
      seen.map((row) => Number(row.seq)),
      Array.from({ length: 230 }, (_, k) => k),
      'every record 0..229 seen exactly once',
    );
    assert.deepEqual(
      seen.map((row) => row.message),
      Array.from({ length: 230 }, (_, k) => `stream ${k}`),
    );
    const [cursorRows] = await second.engine.query<{ n: string }>("SELECT count() AS n FROM consumer_cursors WHERE consumer = 'recorder'");
    assert.ok(Number(cursorRows?.n) >= 230 / 17, 'one cursor row per finished batch, appended');
  } finally {
    await second.pipeline.close();
    await second.consumers.close();
    await second.engine.close();
  }
});
