// End to end against the built server: the audit trail (R-ACCESS-2). A search with its query text,
// scope and result count appears in GET /api/v1/audit and in `logwarden audit --format ndjson`; a
// reader sees only its own actions, an auditor everything; token creation and revocation are in
// the trail; `verify --data-dir` and `token recover-admin` run while the server is stopped appears after the next start; and
// a server read-only below its disk reserve still answers and records searches (its own events use
// the reserve); fail closed when the store cannot write is src/audit/audit-hook.test.ts's.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditResponse, createTokenResponse, searchResponse, type AuditResponse } from '../../src/contracts/index.ts';
import { postIngest } from '../helpers/durability.ts';
import { makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function call(server: SpawnedServer, method: string, route: string, token: string, body?: unknown): Promise<Answer> {
  const response = await fetch(new URL(route, server.httpUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function errorCode(answer: Answer): string | undefined {
  return (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
}

async function trail(server: SpawnedServer, token: string, params: Record<string, string> = {}): Promise<AuditResponse['events']> {
  const answer = await call(server, 'GET', `/api/v1/audit?${new URLSearchParams(params).toString()}`, token);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return auditResponse.parse(answer.body).events;
}

describe('the audit trail end to end (R-ACCESS-2)', () => {
  let dataDir: string;
  let server: SpawnedServer;
  let admin: string;
  let reader: string;
  let auditor: string;
  const names = { reader: `reader-${run}`, auditor: `auditor-${run}`, ingest: `ingest-${run}`, doomed: `doomed-${run}` };
  const needle = `needle${run}`;

  async function createToken(name: string, role: string): Promise<string> {
    const created = await call(server, 'POST', '/api/v1/tokens', admin, { name, role });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return createTokenResponse.parse(created.body).token;
  }

  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    reader = await createToken(names.reader, 'reader');
    auditor = await createToken(names.auditor, 'auditor');
    const ingest = await createToken(names.ingest, 'ingest');
    const sent = await postIngest(server.httpUrl, ingest, [{ message: `${needle} one` }, { message: `${needle} two` }, { message: `${needle} three` }]);
    assert.equal(sent.status, 200, sent.text);
  });
  after(async () => {
    await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-2: a search appears with event.action search, its query, the token, the scope and the result count', async () => {
    const searched = await call(server, 'GET', `/api/v1/search?q=${needle}`, reader);
    assert.equal(searched.status, 200);
    assert.equal(searchResponse.parse(searched.body).returned, 3);
    const events = await trail(server, auditor, { action: 'search', user: names.reader });
    const event = events.find((one) => one['logwarden.audit.query'] === needle);
    assert.ok(event, JSON.stringify(events));
    assert.equal(event['event.action'], 'search');
    assert.deepEqual(event['event.category'], ['logwarden-audit']);
    assert.equal(event['event.outcome'], 'success');
    assert.equal(event['user.name'], names.reader);
    assert.deepEqual(event['user.roles'], ['reader']);
    assert.equal(event['logwarden.audit.scope'], 'all');
    assert.equal(event['logwarden.audit.results'], 3);
    assert.equal(event['source.ip'], '127.0.0.1');
    assert.equal(event['logwarden.system'], 'logwarden');
    assert.match(String(event['message']), new RegExp(`^token "${names.reader}" \\(role reader\\) from 127\\.0\\.0\\.1 searched in all systems: 3 results`));
    const again = searchResponse.parse((await call(server, 'GET', `/api/v1/search?q=${needle}`, auditor)).body);
    assert.equal(again.returned, 3, 'the audit events of earlier searches are not found by the same words');
  });

  test('R-ACCESS-2: `logwarden audit --format ndjson` prints the search', async () => {
    const tokenFile = path.join(dataDir, `auditor-token-${run}`);
    await writeFile(tokenFile, auditor, { mode: 0o600 });
    const printed = await runCli(['--server', server.httpUrl, '--token-file', tokenFile, 'audit', '--action', 'search', '--user', names.reader, '--format', 'ndjson']);
    assert.equal(printed.code, 0, printed.stderr);
    const lines = printed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(lines.some((line) => line['event.action'] === 'search' && line['logwarden.audit.query'] === needle && line['user.name'] === names.reader));
    const table = await runCli(['--server', server.httpUrl, '--token-file', tokenFile, 'audit', '--action', 'search', '--user', names.reader]);
    assert.match(table.stdout, new RegExp(`\\t${names.reader}\\tsearch\\tsuccess\\ttoken "${names.reader}" .* searched in all systems: 3 results`));
  });

  test('R-ACCESS-2: a reader sees only its own actions; an auditor sees everyone’s', async () => {
    await call(server, 'GET', `/api/v1/count?q=${needle}`, reader);
    const own = await trail(server, reader);
    assert.ok(own.length >= 2, 'its search and its count (and its earlier audit reads)');
    assert.ok(
      own.every((event) => event['user.name'] === names.reader),
      JSON.stringify(own.map((event) => event['user.name'])),
    );
    const other = await call(server, 'GET', `/api/v1/audit?user=${names.auditor}`, reader);
    assert.equal(other.status, 403);
    assert.equal(errorCode(other), 'LW_AUTH_FORBIDDEN');
    const denied = (await trail(server, auditor, { action: 'audit-read', user: names.reader })).find((event) => event['event.outcome'] === 'failure');
    assert.deepEqual(denied?.['event.type'], ['access', 'denied'], 'the refusal is on record too');
    const everyone = new Set((await trail(server, auditor, { limit: '1000' })).map((event) => event['user.name']));
    for (const name of ['initial-admin', names.reader, names.auditor]) assert.ok(everyone.has(name), `${name} in ${[...everyone].join(', ')}`);
  });

  test('R-ACCESS-2: the trail pages newest first with a cursor; a bad cursor or action is a 400', async () => {
    const all = await trail(server, auditor, { user: names.reader, limit: '1000' });
    assert.ok(all.length >= 4, String(all.length));
    const first = await call(server, 'GET', `/api/v1/audit?user=${names.reader}&limit=2`, auditor);
    const page = auditResponse.parse(first.body);
    assert.equal(page.events.length, 2);
    assert.ok(page.cursor);
    const second = auditResponse.parse((await call(server, 'GET', `/api/v1/audit?user=${names.reader}&limit=2&cursor=${page.cursor}`, auditor)).body);
    const ids = (events: AuditResponse['events']): unknown[] => events.map((event) => event['event.id']);
    assert.deepEqual([...ids(page.events), ...ids(second.events)], ids(all.slice(0, 4)), 'two pages are the first four, in order');
    const times = all.map((event) => Date.parse(String(event['@timestamp'])));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    assert.equal((await call(server, 'GET', '/api/v1/audit?cursor=bm90LWEtY3Vyc29y', auditor)).status, 400);
    const unknown = await call(server, 'GET', '/api/v1/audit?action=delete-everything', auditor);
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /the actions are sign-in, sign-out, search/);
  });

  test('R-ACCESS-2: token creation and revocation are in the trail, the intent before the outcome', async () => {
    await createToken(names.doomed, 'reader');
    const revoked = await call(server, 'DELETE', `/api/v1/tokens/${names.doomed}`, admin);
    assert.equal(revoked.status, 200);
    const changes = (await trail(server, auditor, { action: 'token-change', user: 'initial-admin' })).reverse(); // oldest first
    const about = changes.filter((event) => event['logwarden.audit.target'] === names.doomed || String(event['url.path']).endsWith(names.doomed) || event['event.outcome'] === 'unknown');
    const summary = about.map((event) => `${String(event['event.outcome'])} ${JSON.stringify(event['event.type'])} ${String(event['logwarden.audit.target'] ?? '')}`);
    const created = summary.indexOf(`success ["creation"] ${names.doomed}`);
    const revokedAt = summary.indexOf(`success ["deletion"] ${names.doomed}`);
    assert.ok(created > 0 && revokedAt > created, summary.join('\n'));
    assert.equal(summary[created - 1]?.startsWith('unknown'), true, 'the intent is stored before the creation');
    assert.equal(summary[revokedAt - 1]?.startsWith('unknown'), true, 'the intent is stored before the revocation');
  });

  test('R-ACCESS-2: `verify --data-dir` and `token recover-admin` run while the server is stopped are in the trail after the next start', async () => {
    assert.equal(await server.stop(), 0);
    const verified = await runCli(['verify', '--data-dir', dataDir]);
    assert.equal(verified.code, 0, verified.stderr);
    const recovered = await runCli(['token', 'recover-admin', '--data-dir', dataDir, '--name', `recovered-${run}`]);
    assert.equal(recovered.code, 0, recovered.stderr);
    server = await spawnServer(dataDir);
    const offline = (await trail(server, auditor, { action: 'offline-command' })).reverse();
    assert.deepEqual(
      offline.map((event) => [event['logwarden.audit.target'], event['event.outcome']]),
      [
        [`verify --data-dir ${dataDir}`, 'success'],
        [`token recover-admin --data-dir ${dataDir}`, 'success'],
      ],
    );
    assert.equal(typeof offline[0]?.['user.name'], 'string');
    assert.match(String(offline[0]?.['message']), /ran "logwarden verify --data-dir .*" offline at .*: ledger intact/);
    assert.match(String(offline[1]?.['message']), new RegExp(`added admin token "recovered-${run}"`));
  });
});

describe('below the disk reserve (R-ACCESS-2, R-STORE-1)', () => {
  test('R-ACCESS-2: a server read-only for ingest still answers a search, and the search is in the trail', async () => {
    const dataDir = await makeDataDir();
    const server = await spawnServer(dataDir, ['--min-free-disk', '1000TiB']);
    try {
      const admin = (await readFile(server.tokenFile, 'utf8')).trim();
      const marker = `disk-full-${randomUUID()}`;
      const searched = await call(server, 'GET', `/api/v1/search?q=${encodeURIComponent(`message:"${marker}"`)}`, admin);
      assert.equal(searched.status, 200, JSON.stringify(searched.body));
      const trail = await call(server, 'GET', '/api/v1/audit?action=search', admin);
      assert.equal(trail.status, 200, JSON.stringify(trail.body));
      const events = (trail.body as AuditResponse).events;
      assert.ok(
        events.some((event) => String(event['logwarden.audit.query']).includes(marker)),
        'the search made while read-only is recorded',
      );
    } finally {
      assert.equal(await server.stop(), 0);
      await removeDataDir(dataDir);
    }
  });
});
