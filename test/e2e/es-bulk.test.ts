// End to end: the built server, per-source ingest tokens (API and CLI), and the OFFICIAL
// Elasticsearch client (@elastic/elasticsearch) shipping through logwarden's _bulk endpoint with
// its bulk helper, then every document found with the admin token. Covers R-COLLECT-1, R-ACCESS-1.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Client, errors } from '@elastic/elasticsearch';
import { makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);

let server: SpawnedServer;
let dataDir: string;
let admin: string;
let ingestToken: string;

async function api(method: string, route: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function search(query: string): Promise<Record<string, unknown>[]> {
  const answer = await api('GET', `/api/v1/search?limit=10000&q=${encodeURIComponent(query)}`, admin);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body['events'] as Record<string, unknown>[];
}

describe('Elasticsearch _bulk and per-source tokens end to end', () => {
  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    const created = await api('POST', '/api/v1/tokens', admin, { name: 'filebeat-web-1', role: 'ingest' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ingestToken = created.body['token'] as string;
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('the token API creates named tokens once, refuses duplicates and lists without secrets', async () => {
    const created = await api('POST', '/api/v1/tokens', admin, { name: 'vector-db-1' });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['name', 'role', 'token']);
    assert.equal(created.body['role'], 'ingest', 'ingest is the default role');
    assert.match(created.body['token'] as string, /^lw_/);
    const duplicate = await api('POST', '/api/v1/tokens', admin, { name: 'vector-db-1', role: 'reader' });
    assert.equal(duplicate.status, 400);
    assert.equal((duplicate.body['error'] as { code: string }).code, 'LW_BAD_REQUEST');
    const badRole = await api('POST', '/api/v1/tokens', admin, { name: 'x', role: 'root' });
    assert.equal(badRole.status, 400);
    const listed = await api('GET', '/api/v1/tokens', admin);
    assert.equal(listed.status, 200);
    const tokens = listed.body['tokens'] as { name: string; role: string; createdAt: string }[];
    assert.deepEqual(
      tokens.map((token) => [token.name, token.role]),
      [
        ['initial-admin', 'admin'],
        ['filebeat-web-1', 'ingest'],
        ['vector-db-1', 'ingest'],
      ],
    );
    for (const token of tokens) assert.deepEqual(Object.keys(token).sort(), ['createdAt', 'hint', 'name', 'role', 'state'], 'never the hash');
    assert.ok(!JSON.stringify(listed.body).includes(created.body['token'] as string));
    const stored = await readFile(`${dataDir}/secrets/tokens.json`, 'utf8');
    assert.ok(!stored.includes(created.body['token'] as string), 'only the hash is stored');
    assert.equal((await api('POST', '/api/v1/tokens', ingestToken, { name: 'sneaky', role: 'admin' })).status, 403);
    assert.equal((await api('GET', '/api/v1/tokens', ingestToken)).status, 403);
  });

  test('`logwarden token create` prints a working token; `token list` shows it', async () => {
    const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);
    const created = await cli(['token', 'create', '--name', 'fluent-bit-edge']);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^lw_\S+$/);
    assert.match(created.stderr, /shown only once/);
    const ingest = await fetch(`${server.httpUrl}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: `{"message":"cli token ${run}"}` });
    assert.equal(ingest.status, 200);
    const duplicate = await cli(['token', 'create', '--name', 'fluent-bit-edge', '--role', 'reader']);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /LW_BAD_REQUEST.*already exists/);
    const listed = await cli(['token', 'list']);
    assert.match(listed.stdout, /^fluent-bit-edge\tingest\t\d{4}-/m);
  });

  test('an ingest token may ingest but not read: 403 LW_AUTH_FORBIDDEN on search, count, metrics, ledger', async () => {
    const ingest = await fetch(`${server.httpUrl}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}` }, body: '{"message":"hello"}' });
    assert.equal(ingest.status, 200);
    for (const route of ['/api/v1/search?q=x', '/api/v1/count', '/api/v1/aggregate', '/metrics', '/api/v1/ledger/checkpoint']) {
      const answer = await api('GET', route, ingestToken);
      assert.equal(answer.status, 403, route);
      assert.equal((answer.body['error'] as { code: string }).code, 'LW_AUTH_FORBIDDEN', route);
    }
    const client = new Client({ node: server.httpUrl, auth: { bearer: ingestToken } });
    await assert.rejects(client.search({ index: 'app-logs', query: { match_all: {} } }), (error: unknown) => {
      assert.ok(error instanceof errors.ResponseError);
      return true;
    });
    await client.close();
  });

  test('the official client handshakes: info, ping, license, templates; unauthenticated is a 401 ES error', async () => {
    const client = new Client({ node: server.httpUrl, auth: { bearer: ingestToken } });
    const info = await client.info();
    assert.equal(info.tagline, 'You Know, for Search');
    assert.match(info.version.number, /^8\.\d+\.\d+$/);
    assert.equal(await client.ping(), true);
    const license = await client.license.get();
    assert.equal(license.license.type, 'basic');
    assert.equal(license.license.status, 'active');
    assert.equal(await client.indices.existsIndexTemplate({ name: 'app' }), false);
    await client.indices.putIndexTemplate({ name: 'app', index_patterns: ['app-*'] });
    assert.equal(await client.indices.existsIndexTemplate({ name: 'app' }), true);
    await client.ilm.putLifecycle({ name: 'keep', policy: { phases: {} } });
    assert.ok((await client.ilm.getLifecycle({ name: 'keep' }))['keep']);
    assert.equal((await client.cluster.health()).status, 'green');
    await client.close();

    const raw = await fetch(`${server.httpUrl}/`, { headers: { authorization: `Bearer ${ingestToken}` } });
    assert.equal(raw.headers.get('x-elastic-product'), 'Elasticsearch');
    const anonymous = await fetch(`${server.httpUrl}/_bulk`, { method: 'POST', body: '{"index":{"_index":"a"}}\n{}\n' });
    assert.equal(anonymous.status, 401);
    const error = (await anonymous.json()) as { status: number; error: { type: string; 'logwarden.code': string } };
    assert.equal(error.status, 401);
    assert.equal(error.error.type, 'security_exception');
    assert.equal(error.error['logwarden.code'], 'LW_AUTH_MISSING');
  });

  test('the bulk helper ships 500 documents; every one is stored, mapped and searchable', async () => {
    const marker = `esbulk${run}helper`;
    const client = new Client({ node: server.httpUrl, auth: { bearer: ingestToken } });
    const documents = Array.from({ length: 500 }, (_, i) => ({
      '@timestamp': new Date(Date.UTC(2026, 10, 24, 10, 0, 0, i)).toISOString(),
      message: `request ${i} served ${marker}`,
      host: { name: `web-${i % 5}` },
      http: { response: { status_code: 200 } },
      n: i,
    }));
    const stats = await client.helpers.bulk({ datasource: documents, onDocument: () => ({ index: { _index: 'app-logs' } }), flushBytes: 16_384 });
    await client.close();
    assert.equal(stats.total, 500);
    assert.equal(stats.successful, 500);
    assert.equal(stats.failed, 0);
    assert.ok(stats.aborted === false);

    const events = await search(`${marker} AND labels.es.index:app-logs`);
    assert.equal(events.length, 500, 'stored before the helper was answered: no waiting needed');
    const byN = new Map(events.map((event) => [Number((event['labels'] as Record<string, string>)['n']), event]));
    for (let i = 0; i < 500; i++) {
      const event = byN.get(i);
      assert.ok(event, `document ${i} is stored`);
      assert.equal(event['message'], `request ${i} served ${marker}`);
      assert.equal(event['@timestamp'], documents[i]?.['@timestamp']);
      assert.equal(event['host.name'], `web-${i % 5}`);
      assert.equal((event['labels'] as Record<string, string>)['es.index'], 'app-logs');
      assert.equal(event['logwarden.source.protocol'], 'es-bulk');
      assert.equal(event['logwarden.source.identity'], 'filebeat-web-1');
    }
    assert.equal((await search(`${marker} AND host.name:web-3`)).length, 100);
  });

  test('API key and Basic credentials carry a logwarden token; /:index/_bulk names the index', async () => {
    const marker = `esbulk${run}apikey`;
    for (const [name, apiKey] of [
      ['id:secret', { id: 'shipper', api_key: ingestToken }],
      ['raw token', ingestToken],
    ] as const) {
      const client = new Client({ node: server.httpUrl, auth: { apiKey } });
      const result = await client.bulk({ operations: [{ index: { _index: 'keyed' } }, { message: `${marker} ${name}` }] });
      assert.equal(result.errors, false, name);
      assert.equal(result.items[0]?.index?.status, 201, name);
      await client.close();
    }
    const basic = Buffer.from(`logstash:${ingestToken}`).toString('base64');
    const response = await fetch(`${server.httpUrl}/path-index/_bulk`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-ndjson' },
      body: `{"create":{}}\n{"message":"${marker} basic"}\n`,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-elastic-product'), 'Elasticsearch');
    const answer = (await response.json()) as { items: { create: { _index: string; status: number } }[] };
    assert.deepEqual(
      answer.items.map((item) => [item.create._index, item.create.status]),
      [['path-index', 201]],
    );
    const events = await search(marker);
    assert.deepEqual(events.map((event) => (event['labels'] as Record<string, string>)['es.index']).sort(), ['keyed', 'keyed', 'path-index']);
    const wrong = new Client({ node: server.httpUrl, auth: { apiKey: { id: 'x', api_key: 'lw_wrong' } } });
    await assert.rejects(wrong.bulk({ operations: [{ index: { _index: 'a' } }, { message: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof errors.ResponseError);
      assert.equal(error.statusCode, 401);
      return true;
    });
    await wrong.close();
  });

  test('a mixed bulk body is answered per item: index and create stored, delete and malformed refused', async () => {
    const marker = `esbulk${run}mixed`;
    const client = new Client({ node: server.httpUrl, auth: { bearer: ingestToken } });
    const result = await client.bulk({
      operations: [
        { index: { _index: 'mixed' } },
        { message: `${marker} one` },
        { create: { _index: 'mixed', _id: 'given-1' } },
        { message: `${marker} two` },
        { delete: { _index: 'mixed', _id: 'given-1' } },
        '{"index": {"_index": "mixed"', // malformed action line, then its source
        { message: `${marker} lost` },
        { index: { _index: 'mixed' } },
        { message: `${marker} three` },
      ],
    });
    await client.close();
    assert.equal(result.errors, true);
    const items = result.items.map((item) => Object.entries(item)[0] as [string, { status: number; _id?: string | null; _seq_no?: number; error?: { type: string; reason?: string | null } }]);
    assert.deepEqual(
      items.map(([action, item]) => [action, item.status]),
      [
        ['index', 201],
        ['create', 201],
        ['delete', 400],
        ['index', 400],
        ['index', 201],
      ],
    );
    assert.equal(items[1]?.[1]._id, 'given-1');
    assert.equal(items[2]?.[1].error?.type, 'illegal_argument_exception');
    assert.match(items[2]?.[1].error?.reason ?? '', /append-only/);
    assert.match(items[3]?.[1].error?.reason ?? '', /malformed action/);
    const stored = await search(marker);
    assert.equal(stored.length, 3);
    const seqs = [items[0], items[1], items[4]].map((item) => item?.[1]._seq_no);
    assert.deepEqual(
      stored.map((event) => event['event.sequence']).sort((a, b) => Number(a) - Number(b)),
      seqs,
      '_seq_no is the event.sequence',
    );
    const given = stored.find((event) => (event['message'] as string).endsWith('two'));
    assert.equal((given?.['labels'] as Record<string, string>)['es.id'], 'given-1');

    const metrics = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    const text = await metrics.text();
    assert.match(text, /logwarden_events_rejected_total\{protocol="es-bulk",reason="bad_action"\} [2-9]/);
    assert.match(text, /logwarden_events_received_total\{protocol="es-bulk"\} [1-9]/);
  });
});
