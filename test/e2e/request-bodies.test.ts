// End to end: HTTP request bodies against the built server. A request larger than the queue is
// stored in parts (never a retryable 503 it can never get past), a request over
// ingest.maxEventsPerRequest is refused with a non-retryable 413 in each route's own error shape,
// and the Elasticsearch template routes are closed to readers and bounded (R-STORE-1, R-ACCESS-1).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import protobuf from 'protobufjs';
import { makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
const QUEUE = 300;
const CAP = 2000;

let server: SpawnedServer;
let dataDir: string;
let admin: string;
let ingestToken: string;
let readerToken: string;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function send(method: string, route: string, token: string, body?: string | Uint8Array, type = 'application/json'): Promise<Answer> {
  const response = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseOr(text) };
}

function parseOr(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}

async function count(query: string): Promise<number> {
  const answer = await send('GET', `/api/v1/count?q=${encodeURIComponent(query)}`, admin);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body['count'] as number;
}

const ndjson = (tag: string, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ message: `${tag} ${i}` })).join('\n');
const bulk = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `{"index":{"_index":"logs"}}\n${JSON.stringify({ message: `${tag} ${i}` })}`).join('\n') + '\n';
const otlpJson = (tag: string, n: number) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: n }, (_, i) => ({ body: { stringValue: `${tag} ${i}` } })) }] }] });

/** An ExportLogsServiceRequest of `n` empty LogRecords, written by field number (resource_logs=1, scope_logs=2, log_records=2). */
function emptyOtlpRecords(n: number): Uint8Array {
  const scopeLogs = protobuf.Writer.create();
  for (let i = 0; i < n; i++) scopeLogs.uint32((2 << 3) | 2).bytes(new Uint8Array(0));
  const resourceLogs = protobuf.Writer.create()
    .uint32((2 << 3) | 2)
    .bytes(scopeLogs.finish())
    .finish();
  return protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .bytes(resourceLogs)
    .finish();
}

describe('HTTP request bodies', () => {
  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'small-queue.yaml');
    await writeFile(config, `storage:\n  queueMaxEvents: ${QUEUE}\n  batchMaxEvents: 100\ningest:\n  maxEventsPerRequest: ${CAP}\n`);
    server = await spawnServer(dataDir, ['--config', config]);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    const token = async (name: string, role: string) => {
      const created = await send('POST', '/api/v1/tokens', admin, JSON.stringify({ name, role }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body['token'] as string;
    };
    ingestToken = await token('shipper', 'ingest');
    readerToken = await token('analyst', 'reader');
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-STORE-1: requests larger than the whole queue are stored in parts, on all three routes', async () => {
    const n = QUEUE * 5;
    const lines = await send('POST', '/api/v1/ingest', ingestToken, ndjson(`ndjson-${run}`, n), 'application/x-ndjson');
    assert.equal(lines.status, 200, JSON.stringify(lines.body));
    assert.equal(lines.body['accepted'], n);

    const documents = await send('POST', '/_bulk', ingestToken, bulk(`bulk-${run}`, n), 'application/x-ndjson');
    assert.equal(documents.status, 200, JSON.stringify(documents.body).slice(0, 500));
    const items = documents.body['items'] as { index: { status: number; _seq_no: number } }[];
    assert.equal(items.length, n);
    assert.ok(items.every((item) => item.index.status === 201));
    assert.equal(new Set(items.map((item) => item.index._seq_no)).size, n, 'each document has its own sequence number');

    const records = await send('POST', '/v1/logs', ingestToken, otlpJson(`otlp-${run}`, n));
    assert.equal(records.status, 200, JSON.stringify(records.body));
    assert.deepEqual(records.body, {});

    assert.equal(await count(`ndjson-${run}`), n);
    assert.equal(await count(`bulk-${run}`), n);
    assert.equal(await count(`otlp-${run}`), n);
    const metrics = await send('GET', '/metrics', admin);
    assert.match(String(metrics.body['text']), /logwarden_ingest_requests_in_parts_total\{protocol="http"\} [1-9]/);
  });

  test('a request over ingest.maxEventsPerRequest is a non-retryable 413 naming the limit and the count, in each route’s shape', async () => {
    const over = CAP + 1;
    for (const body of [ndjson(`capped-${run}`, over), `[${Array.from({ length: over }, () => '{}').join(',')}]`]) {
      const answer = await send('POST', '/api/v1/ingest', ingestToken, body);
      assert.equal(answer.status, 413, JSON.stringify(answer.body));
      assert.equal(answer.headers.get('retry-after'), null);
      const error = answer.body['error'] as { code: string; message: string; limit: number; found: number };
      assert.equal(error.code, 'LW_INGEST_TOO_MANY_EVENTS');
      assert.deepEqual([error.limit, error.found], [CAP, over]);
      assert.match(error.message, new RegExp(`${over} events; at most ${CAP}.*ingest\\.maxEventsPerRequest`));
    }

    const es = await send('POST', '/_bulk', ingestToken, bulk(`capped-${run}`, over), 'application/x-ndjson');
    assert.equal(es.status, 413);
    assert.equal(es.headers.get('x-elastic-product'), 'Elasticsearch');
    const esError = es.body as { status: number; error: { type: string; reason: string; 'logwarden.code': string } };
    assert.equal(esError.status, 413);
    assert.equal(esError.error.type, 'content_too_long_exception');
    assert.equal(esError.error['logwarden.code'], 'LW_INGEST_TOO_MANY_EVENTS');
    assert.match(esError.error.reason, new RegExp(`${over} documents .*at most ${CAP}`));

    const otlp = await fetch(`${server.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/x-protobuf' },
      body: emptyOtlpRecords(over),
    });
    assert.equal(otlp.status, 413);
    assert.equal(otlp.headers.get('content-type'), 'application/x-protobuf');
    const StatusType = protobuf.parse('syntax = "proto3"; message Status { int32 code = 1; string message = 2; }').root.lookupType('Status');
    const status = StatusType.toObject(StatusType.decode(new Uint8Array(await otlp.arrayBuffer()))) as { code: number; message: string };
    assert.equal(status.code, 8, 'RESOURCE_EXHAUSTED');
    assert.match(status.message, new RegExp(`LW_INGEST_TOO_MANY_EVENTS: the request holds ${over} log records; at most ${CAP}`));

    assert.equal(await count(`capped-${run}`), 0, 'nothing of a refused request is stored');
    const atCap = await send('POST', '/api/v1/ingest', ingestToken, ndjson(`at-cap-${run}`, CAP));
    assert.equal(atCap.status, 200, 'exactly the cap is accepted');
  });

  test('R-ACCESS-1: template and lifecycle routes refuse readers, bound bodies to 1 MiB and keep the 100 latest names', async () => {
    const routes = ['/_index_template/', '/_template/', '/_ilm/policy/'];
    for (const route of routes) {
      const reader = await send('PUT', `${route}reader-${run}`, readerToken, '{"policy":{}}');
      assert.equal(reader.status, 403, `${route}: a reader may not write`);
      assert.equal((reader.body['error'] as { 'logwarden.code': string })['logwarden.code'], 'LW_AUTH_FORBIDDEN');
      assert.equal((await send('GET', `${route}reader-${run}`, readerToken)).status, 404);
      assert.equal((await send('PUT', `${route}shipper-${run}`, ingestToken, '{"policy":{}}')).status, 200);
      assert.equal((await send('PUT', `${route}admin-${run}`, admin, '{"policy":{}}')).status, 200);
      assert.equal((await send('GET', `${route}shipper-${run}`, readerToken)).status, 200, 'reading stays open to readers');
      const big = await send('PUT', `${route}big-${run}`, ingestToken, `{"pad":"${'x'.repeat(1024 * 1024)}"}`);
      assert.equal(big.status, 413);
      assert.match((big.body['error'] as { reason: string }).reason, /at most 1048576 bytes/);
    }

    // Six names so far; 100 more push them out. Then the oldest of the 100 is written again, so
    // the 101st new name forgets the second oldest instead.
    const template = (i: number) => `/_index_template/t${i}-${run}`;
    for (let i = 0; i < 100; i++) assert.equal((await send('PUT', template(i), ingestToken, `{"i":${i}}`)).status, 200);
    for (const route of routes) {
      assert.equal((await send('GET', `${route}shipper-${run}`, ingestToken)).status, 404, `${route}shipper forgotten`);
      assert.equal((await send('GET', `${route}admin-${run}`, ingestToken)).status, 404, `${route}admin forgotten`);
    }
    assert.equal((await send('PUT', template(0), ingestToken, '{"i":"again"}')).status, 200);
    assert.equal((await send('PUT', template(100), ingestToken, '{"i":100}')).status, 200);
    const kept = await send('GET', template(0), ingestToken);
    assert.equal(kept.status, 200, 'a name written again is the most recent, not forgotten');
    assert.deepEqual((kept.body['index_templates'] as { index_template: unknown }[])[0]?.index_template, { i: 'again' });
    assert.equal((await send('GET', template(1), ingestToken)).status, 404, 'the oldest name is forgotten');
    assert.equal((await send('GET', template(2), ingestToken)).status, 200);
    assert.equal((await send('GET', template(100), ingestToken)).status, 200);
  });
});

describe('a 16 MiB request of tiny records', () => {
  let big: SpawnedServer;
  let bigDir: string;
  let token: string;
  before(async () => {
    bigDir = await makeDataDir();
    const config = path.join(bigDir, 'large-requests.yaml');
    // The whole request is let in; stopping may cut it short (what was acknowledged is durable).
    await writeFile(config, 'ingest:\n  maxEventsPerRequest: 6000000\nstorage:\n  stopTimeoutMs: 1000\n');
    big = await spawnServer(bigDir, ['--config', config]);
    token = (await readFile(big.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (big) await big.stop();
    await removeDataDir(bigDir);
  });

  test('R-STORE-1: while it is decoded and stored in parts, the server keeps answering /healthz', async () => {
    const body = Buffer.alloc(16 * 1024 * 1024, '{}\n'); // 5,592,405 events of 3 bytes
    let answered = false;
    const request = fetch(`${big.httpUrl}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body }).then(
      async (response) => {
        await response.arrayBuffer();
        answered = true;
        return response.status;
      },
      () => {
        answered = true;
        return 0;
      },
    );
    let healthy = 0;
    while (!answered && healthy < 20) {
      const response = await fetch(`${big.httpUrl}/healthz`);
      if (response.status === 200 && !answered) healthy++;
    }
    assert.equal(healthy, 20, '20 /healthz answers came while the large request was being processed');
    // More than a whole queue (storage.queueMaxEvents, 50,000) stored while the request still runs:
    // it is worked through in parts, not held whole.
    const received = async () => {
      const metrics = await fetch(`${big.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      return Number(/logwarden_events_received_total\{protocol="http"\} (\d+)/.exec(await metrics.text())?.[1] ?? 0);
    };
    while (!answered && (await received()) <= 60_000) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(answered, false, 'the request is still being worked through');
    assert.ok((await received()) > 60_000);
    void request;
  });
});
