// A RELP session against the real embedded engine, real pipeline and a real socket: while the
// pipeline has no room (read-only here, as for a full disk) the session reads no further and
// acknowledges nothing; once there is room it goes on, and every ack follows a durable store.
// R-STORE-1 (backpressure, acknowledged = stored), R-COLLECT-1 (RELP).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encodeRelpFrame, RelpParser, type RelpFrame } from '../codecs/relp.ts';
import { configSchema } from '../config/schema.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { systemClock } from '../runtime/clock.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { startRelp } from './relp.ts';
import type { RunningSource } from './syslog-udp.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RELP session backpressure (R-STORE-1)', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: IngestPipeline;
  let relp: RunningSource;
  let readOnly = false;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-relp-session-'));
    const metrics = createMetrics();
    const logger = createLogger('silent');
    store = new EventStore(new ChdbEngine(dir), undefined, systemClock);
    await store.open();
    pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node' }, metrics, logger, systemClock);
    await pipeline.open();
    pipeline.setReadOnlyCheck(() => readOnly);
    const config = configSchema.parse({});
    const deps = { pipeline, metrics, clock: systemClock, maxEventBytes: config.ingest.maxEventBytes, defaultTimezone: config.ingest.defaultTimezone, syslog: config.syslog };
    relp = await startRelp({ listen: { host: '127.0.0.1', port: 0 } }, deps, logger);
  });
  after(async () => {
    await relp.close();
    await pipeline.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('no room: nothing is acknowledged or stored; room again: every message is stored, then acknowledged in order', async () => {
    const [host, port] = [relp.address.slice(0, relp.address.lastIndexOf(':')), Number(relp.address.slice(relp.address.lastIndexOf(':') + 1))];
    const socket = net.connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const parser = new RelpParser({ maxDataBytes: 4096 });
    const replies: RelpFrame[] = [];
    socket.on('data', (chunk: Buffer) => replies.push(...parser.push(chunk).frames));
    const shown = (): string[] => replies.map((frame) => `${frame.txnr} ${frame.command} ${frame.data.toString().split('\n')[0]}`);
    const waitFor = async (count: number): Promise<void> => {
      for (let tries = 0; replies.length < count && tries < 400; tries++) await sleep(25);
    };

    socket.write(encodeRelpFrame(1, 'open', 'relp_version=0\nrelp_software=test\ncommands=syslog'));
    await waitFor(1);
    assert.deepEqual(shown(), ['1 rsp 200 OK']);

    readOnly = true;
    const messages = [2, 3, 4].map((txnr) => `<13>1 2026-01-02T03:04:05Z host app - - - held for room ${txnr}`);
    socket.write(Buffer.concat(messages.map((message, index) => encodeRelpFrame(index + 2, 'syslog', message))));
    await sleep(500); // long enough for an ack to come back if one were sent
    assert.deepEqual(shown(), ['1 rsp 200 OK'], 'no ack while there is no room');
    assert.equal(pipeline.queuedEvents, 0, 'nothing was submitted while there was no room');

    readOnly = false;
    pipeline.notifyRoom();
    await waitFor(4);
    assert.deepEqual(shown(), ['1 rsp 200 OK', '2 rsp 200 OK', '3 rsp 200 OK', '4 rsp 200 OK']);
    const stored = await store.search({ query: parsedQuery('"held for room"'), scope: ALL_SYSTEMS, limit: 10 });
    assert.deepEqual(stored.map((event) => event['message']).sort(), messages.map((message) => message.slice(message.indexOf('held'))).sort());

    socket.write(encodeRelpFrame(5, 'close'));
    await waitFor(6);
    assert.deepEqual(shown().slice(4), ['5 rsp 200 OK', '0 serverclose ']);
    socket.destroy();
  });
});
