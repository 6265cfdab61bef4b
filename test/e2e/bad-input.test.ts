// End to end against the built server: bad input costs the one event that carries it, never its
// neighbours nor the request (R-STORE-1); what the answer counts as flagged is what is stored; and
// logwarden's own tokens never reach storage, whatever protocol carries them (R-TAMPER-1: a stored
// secret could never be removed; R-ACCESS-1).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import protobuf from 'protobufjs';
import { exportRequest, keyValue, logRecord, nestedKvlist, stringValue } from '../helpers/otlp-protobuf.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
let server: SpawnedServer;
let dataDir: string;
let admin: string;

const auth = () => ({ authorization: `Bearer ${admin}` });

async function search(query: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${server.httpUrl}/api/v1/search?limit=1000&q=${encodeURIComponent(query)}`, { headers: auth() });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(body));
  return body['events'] as Record<string, unknown>[];
}

async function count(query: string): Promise<number> {
  const response = await fetch(`${server.httpUrl}/api/v1/count?q=${encodeURIComponent(query)}`, { headers: auth() });
  return ((await response.json()) as { count: number }).count;
}

async function post(path: string, body: string | Uint8Array, contentType: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.httpUrl}${path}`, { method: 'POST', headers: { ...auth(), 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** `logwarden_events_rejected_total` for one protocol, summed over reasons, or per reason. */
async function rejectedMetric(protocol: string, reason?: string): Promise<number> {
  const text = await (await fetch(`${server.httpUrl}/metrics`, { headers: auth() })).text();
  let total = 0;
  for (const match of text.matchAll(/^logwarden_events_rejected_total\{protocol="([^"]+)",reason="([^"]+)"\} (\d+)$/gm)) {
    if (match[1] === protocol && (reason === undefined || match[2] === reason)) total += Number(match[3]);
  }
  return total;
}

const deepLine = (marker: string, levels: number) => `{"message":"${marker}","x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

describe('bad input costs one event, never its neighbours', () => {
  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('a JSON line nested 4,400 levels deep (9 KB) is one flagged event stored verbatim; its neighbours are stored (R-STORE-1)', async () => {
    const forms = [
      { name: 'ndjson', path: '/api/v1/ingest', body: (lines: string[]) => lines.join('\n') },
      { name: 'array', path: '/api/v1/ingest', body: (lines: string[]) => `[${lines.join(',\n')}]` },
      { name: 'bulk', path: '/_bulk', body: (lines: string[]) => `${lines.map((line) => `{"index":{"_index":"app"}}\n${line}`).join('\n')}\n` },
    ];
    for (const form of forms) {
      const marker = `deep${run}${form.name}`;
      const deep = deepLine(`${marker} deep`, 4400);
      assert.ok(deep.length > 9000);
      const answer = await post(form.path, form.body([`{"message":"${marker} before"}`, deep, `{"message":"${marker} after"}`]), 'application/x-ndjson');
      assert.equal(answer.status, 200, `${form.name}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      if (form.path === '/api/v1/ingest') assert.deepEqual([answer.body['accepted'], answer.body['flagged']], [3, 1], form.name);
      const stored = await search(marker);
      assert.equal(stored.length, 3, form.name);
      assert.equal(await count(`${marker} AND before`), 1, form.name);
      assert.equal(await count(`${marker} AND after`), 1, form.name);
      const flagged = stored.filter((event) => event['logwarden.parse.error'] !== undefined);
      assert.equal(flagged.length, 1, form.name);
      assert.equal(flagged[0]?.['logwarden.parse.error'], 'too_deep', form.name);
      assert.equal(flagged[0]?.['event.original'], deep, `${form.name}: the deep line is stored verbatim`);
    }
  });

  test('OTLP: a record nested 60 levels is rejected alone with partial success, protobuf and JSON; the others are stored (R-STORE-1)', async () => {
    const marker = `otlpdeep${run}`;
    const proto = exportRequest([logRecord({ body: stringValue(`${marker} one`) }), logRecord({ body: nestedKvlist(60, `${marker} deep`) }), logRecord({ body: stringValue(`${marker} two`) })]);
    const answer = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/x-protobuf' }, body: proto });
    assert.equal(answer.status, 200);
    const root = protobuf.parse('syntax = "proto3"; message R { P partial_success = 1; } message P { int64 rejected_log_records = 1; string error_message = 2; }').root;
    const response = root.lookupType('R').toObject(root.lookupType('R').decode(new Uint8Array(await answer.arrayBuffer())), { longs: Number }) as {
      partialSuccess?: { rejectedLogRecords: number; errorMessage: string };
    };
    assert.equal(response.partialSuccess?.rejectedLogRecords, 1);
    assert.match(String(response.partialSuccess?.errorMessage), /logRecords\[1\]: .*nested deeper than 32/);

    let nested: unknown = { stringValue: `${marker} deep` };
    for (let level = 0; level < 60; level++) nested = { kvlistValue: { values: [{ key: 'k', value: nested }] } };
    const json = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: `${marker} three` } }, { body: nested }] }] }] };
    const jsonAnswer = await post('/v1/logs', JSON.stringify(json), 'application/json');
    assert.equal(jsonAnswer.status, 200);
    assert.equal((jsonAnswer.body['partialSuccess'] as Record<string, unknown>)['rejectedLogRecords'], '1');

    assert.deepEqual((await search(marker)).map((event) => event['message']).sort(), [`${marker} one`, `${marker} three`, `${marker} two`]);
    assert.ok((await rejectedMetric('otlp-http', 'too_deep')) >= 2);
  });

  test('the flagged count in every answer, and the metrics, match what is stored flagged', async () => {
    const marker = `flag${run}`;
    const lines = [
      `{"message":"${marker} ok"}`,
      `{"message":"${marker} port","source.port":65536}`,
      `{"message":"${marker} time","@timestamp":"2400-01-01T00:00:00Z"}`,
      `{"message":"${marker} json" oops`,
    ];
    const httpBefore = await rejectedMetric('http');
    const ingest = await post('/api/v1/ingest', lines.join('\n'), 'application/x-ndjson');
    assert.equal(ingest.status, 200);
    const storedFlagged = await count(`${marker} AND logwarden.parse.error:*`);
    assert.equal(storedFlagged, 3);
    assert.equal(ingest.body['flagged'], storedFlagged);
    assert.deepEqual(
      (ingest.body['errors'] as { line: number }[]).map((error) => error.line),
      [2, 3, 4],
    );
    assert.equal((await rejectedMetric('http')) - httpBefore, storedFlagged);

    const bulkMarker = `bulkflag${run}`;
    const bulkBefore = await rejectedMetric('es-bulk');
    const docs = [`{"message":"${bulkMarker} ok"}`, `{"message":"${bulkMarker} port","source.port":65536}`, `{"message":"${bulkMarker} time","@timestamp":"2400-01-01T00:00:00Z"}`];
    const bulk = await post('/_bulk', `${docs.map((doc) => `{"create":{"_index":"app"}}\n${doc}`).join('\n')}\n`, 'application/x-ndjson');
    assert.equal(bulk.status, 200);
    const items = (bulk.body['items'] as Record<string, Record<string, unknown>>[]).map((item) => item['create'] as Record<string, unknown>);
    assert.deepEqual(
      items.map((item) => item['status']),
      [201, 201, 201],
    );
    const bulkFlagged = await count(`${bulkMarker} AND logwarden.parse.error:*`);
    assert.equal(bulkFlagged, 2);
    assert.deepEqual(
      items.map((item) => item['logwarden.parse.error']),
      [undefined, 'invalid_field', 'invalid_field'],
    );
    assert.equal((await rejectedMetric('es-bulk')) - bulkBefore, bulkFlagged);

    const otlpMarker = `otlpflag${run}`;
    const otlpBefore = await rejectedMetric('otlp-http');
    const year2400 = BigInt(Date.UTC(2400, 0, 1)) * 1_000_000n;
    const json = {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: `${otlpMarker} ok` } }, { timeUnixNano: year2400.toString(), body: { stringValue: `${otlpMarker} time` } }] }] }],
    };
    const otlp = await post('/v1/logs', JSON.stringify(json), 'application/json');
    assert.equal(otlp.status, 200);
    assert.equal(await count(`${otlpMarker} AND logwarden.parse.error:*`), 1);
    const partial = otlp.body['partialSuccess'] as Record<string, unknown>;
    assert.equal(partial['rejectedLogRecords'], '0', 'stored, so not rejected');
    assert.match(String(partial['errorMessage']), /^1 log record\(s\) stored flagged \(logwarden\.parse\.error: invalid_field\)/);
    assert.equal((await rejectedMetric('otlp-http')) - otlpBefore, 1);
  });

  test('logwarden.parse.detail is capped: a 62 KB line with thousands of problems stores a detail of at most 1024 characters', async () => {
    const marker = `cap${run}`;
    const fields = Array.from({ length: 5200 }, (_, index) => `"k${index}":${index}`).join(',');
    const line = `{"message":"${marker}","source.port":"ssh",${fields}}`;
    assert.ok(line.length > 60_000 && line.length < 64 * 1024, 'within the default ingest.maxEventBytes');
    const answer = await post('/api/v1/ingest', line, 'application/x-ndjson');
    assert.equal(answer.status, 200);
    const [event] = await search(marker);
    assert.ok(String(event?.['logwarden.parse.detail']).length <= 1024);
    assert.ok(event?.['event.original'] === line, 'the line itself is stored whole');
    assert.equal((answer.body['errors'] as { detail: string }[])[0]?.detail, event?.['logwarden.parse.detail']);
  });

  test('a logwarden token sent over syslog TCP, HTTP NDJSON and OTLP is stored only as a marker with its hint (R-TAMPER-1, R-ACCESS-1)', async () => {
    const created = await fetch(`${server.httpUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: `leaky-${run}`, role: 'ingest' }),
    });
    assert.equal(created.status, 201);
    const token = ((await created.json()) as { token: string }).token;
    const markerText = `[lw-token-redacted:${token.slice(3, 9)}]`;
    const marker = `secret${run}`;

    const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.end(`<13>1 2026-11-24T12:00:00Z host app - - [auth token="${token}"] ${marker} syslog Bearer ${token}\n`);
    await post('/api/v1/ingest', JSON.stringify({ message: `${marker} http`, 'user.name': token, labels: { [token]: token } }), 'application/x-ndjson');
    const otlp = exportRequest([logRecord({ body: stringValue(`${marker} otlp ${token}`), attributes: [keyValue('authorization', stringValue(`Bearer ${token}`))] })]);
    const otlpAnswer = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/x-protobuf' }, body: otlp });
    assert.equal(otlpAnswer.status, 200);

    const stored = await eventually(async () => {
      const events = await search(marker);
      return events.length === 3 ? events : undefined;
    });
    const everything = JSON.stringify(stored);
    assert.ok(!everything.includes(token), 'the token is stored nowhere');
    assert.ok(!everything.includes(token.slice(3)), 'not even without its prefix');
    for (const event of stored) {
      assert.equal(event['logwarden.parse.error'], 'secret_redacted', String(event['logwarden.source.protocol']));
      assert.ok(String(event['event.original']).includes(markerText), String(event['event.original']));
    }
    assert.deepEqual(stored.map((event) => event['logwarden.source.protocol']).sort(), ['http', 'otlp-http', 'syslog-tcp']);
    assert.ok(await count(`logwarden.parse.error:secret_redacted AND ${marker}`), 'searchable by reason');
    assert.ok((await rejectedMetric('syslog-tcp', 'secret_redacted')) >= 1);
  });

  test("syslog severity is in log.syslog.severity.code only; event.severity is left for the source's own scale", async () => {
    const marker = `sev${run}`;
    const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.end(`<11>1 2026-11-24T12:00:00Z host app - - - ${marker}\n`);
    const [event] = await eventually(async () => {
      const events = await search(marker);
      return events.length === 1 ? events : undefined;
    });
    assert.equal(event?.['log.syslog.severity.code'], 3);
    assert.equal(event?.['log.level'], 'error');
    assert.equal(event?.['event.severity'], undefined);
  });
});
