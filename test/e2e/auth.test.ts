// End to end: token revocation and expiry on a running server (API and CLI), token events in the
// ledger, failed-authentication metrics, logging and throttling per peer address, Authorization
// schemes per route, security headers and no CORS, and the offline admin token recovery.
// Covers R-ACCESS-1 (need-to-know access), R-ACCESS-2 (use of the system is logged), R-TAMPER-1.
// Each test that fails authentication on purpose sends from its own loopback address
// (127.0.0.N), so that one test's failures never lock another out.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lockDataDir } from '../../src/store/data-dir-lock.ts';
import { createTokenResponse, searchResponse, tokenInfo } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
const THROTTLE = { maxFailures: 4, windowSeconds: 600, lockoutSeconds: 600 };

let server: SpawnedServer;
let dataDir: string;
let configFile: string;
let admin: string;

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

interface CallOptions {
  readonly token?: string;
  readonly authorization?: string;
  readonly body?: unknown;
  readonly from?: string;
  readonly headers?: Record<string, string>;
}

/** One HTTP request with node:http, from a chosen local loopback address (the peer address). */
async function call(method: string, route: string, options: CallOptions = {}): Promise<Answer> {
  const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(route, server.httpUrl), {
      method,
      localAddress: options.from ?? '127.0.0.1',
      headers: { ...(authorization ? { authorization } : {}), ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parseBody(text) });
      });
    });
    request.end(payload);
  });
}

/** JSON answers parsed; anything else (the Prometheus text) as `{ text }`. */
function parseBody(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}

function errorCode(answer: Answer): string | undefined {
  return (answer.body['error'] as { code?: string } | undefined)?.code;
}

function cli(args: string[], tokenFile = server.tokenFile): ReturnType<typeof runCli> {
  return runCli(['--server', server.httpUrl, '--token-file', tokenFile, ...args]);
}

async function createToken(name: string, role: string, expires?: string): Promise<string> {
  const created = await call('POST', '/api/v1/tokens', { token: admin, body: { name, role, ...(expires ? { expires } : {}) } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return createTokenResponse.parse(created.body).token;
}

async function metric(name: string): Promise<number> {
  const answer = await call('GET', '/metrics', { token: admin });
  const line = String(answer.body['text'])
    .split('\n')
    .find((one) => one.startsWith(name));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('authentication and tokens end to end', () => {
  before(async () => {
    dataDir = await makeDataDir();
    configFile = path.join(dataDir, 'logwarden.yaml');
    await writeFile(configFile, `http:\n  authThrottle:\n    maxFailures: ${THROTTLE.maxFailures}\n    windowSeconds: ${THROTTLE.windowSeconds}\n    lockoutSeconds: ${THROTTLE.lockoutSeconds}\n`);
    server = await spawnServer(dataDir, ['--config', configFile]);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-1: DELETE /api/v1/tokens/:name refuses the token at once with a 401 that says it was revoked', async () => {
    const token = await createToken('shipper-a', 'ingest');
    assert.equal((await call('POST', '/api/v1/ingest', { token, body: `{"message":"before revoke ${run}"}` })).status, 200);
    const revoked = await call('DELETE', '/api/v1/tokens/shipper-a', { token: admin });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(tokenInfo.parse(revoked.body).state, 'revoked');
    const refused = await call('POST', '/api/v1/ingest', { token, body: '{"message":"after revoke"}', from: '127.0.0.11' });
    assert.equal(refused.status, 401);
    assert.equal(errorCode(refused), 'LW_AUTH_INVALID');
    assert.match((refused.body['error'] as { message: string }).message, /revoked/);
    assert.doesNotMatch((refused.body['error'] as { message: string }).message, /shipper-a|ingest/, 'the refusal does not say more than needed');
    assert.equal((await call('DELETE', '/api/v1/tokens/shipper-a', { token: admin })).status, 404, 'already revoked');
    assert.equal((await call('DELETE', '/api/v1/tokens/no-such-token', { token: admin })).status, 404);
    const stored = JSON.parse(await readFile(path.join(dataDir, 'secrets/tokens.json'), 'utf8')) as { name: string; revokedAt?: string }[];
    assert.ok(stored.find((one) => one.name === 'shipper-a')?.revokedAt, 'the revocation is persisted');
    assert.equal((await stat(path.join(dataDir, 'secrets/tokens.json'))).mode & 0o777, 0o600);
  });

  test('R-ACCESS-1: `logwarden token revoke NAME` works on the running server; `token list` shows state, expiry and hint', async () => {
    const token = await createToken('shipper-b', 'reader', '90d');
    assert.equal((await call('GET', '/api/v1/count', { token })).status, 200);
    const revoked = await cli(['token', 'revoke', 'shipper-b']);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /revoked token "shipper-b"/);
    const refused = await call('GET', '/api/v1/count', { token, from: '127.0.0.12' });
    assert.equal(refused.status, 401);
    const listed = await cli(['token', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    const line = listed.stdout.split('\n').find((one) => one.startsWith('shipper-b\t'));
    assert.ok(line, listed.stdout);
    const [, role, createdAt, state, expiresAt, hint] = line.split('\t');
    assert.equal(role, 'reader');
    assert.equal(state, 'revoked');
    assert.ok(Date.parse(expiresAt as string) - Date.parse(createdAt as string) === 90 * 86_400_000, `expires 90 days after creation: ${line}`);
    assert.equal(hint, `lw_${token.slice(3, 9)}…`);
    assert.ok(!listed.stdout.includes(token));
    const missing = await cli(['token', 'revoke', 'never-made']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /LW_NOT_FOUND.*no token named "never-made"/);
  });

  test('R-ACCESS-1: a token created with an expiry is refused with a 401 that says it expired, once it has', async () => {
    const created = await cli(['token', 'create', '--name', 'short-lived', '--role', 'reader', '--expires', new Date(Date.now() + 10_000).toISOString()]);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(created.stderr, /expires \d{4}-/);
    const refused = await eventually(
      async () => {
        const answer = await call('GET', '/api/v1/count', { token, from: '127.0.0.13' });
        return answer.status === 401 ? answer : undefined;
      },
      30_000,
      'the token to expire',
    );
    assert.match((refused.body['error'] as { message: string }).message, /expired/);
    const bad = await call('POST', '/api/v1/tokens', { token: admin, body: { name: 'x1', role: 'reader', expires: 'tomorrow' } });
    assert.equal(bad.status, 400);
    assert.match((bad.body['error'] as { message: string }).message, /expires: expected a duration like 90d/);
  });

  test('R-ACCESS-2, R-TAMPER-1: creating and revoking a token are logwarden events in the ledger, naming who, never the secret', async () => {
    const token = await createToken(`audit-${run}`, 'reader');
    assert.equal((await call('DELETE', `/api/v1/tokens/audit-${run}`, { token: admin })).status, 200);
    for (const action of ['token-created', 'token-revoked']) {
      const answer = await call('GET', `/api/v1/search?leaf=true&q=${encodeURIComponent(`event.action:${action} AND audit-${run}`)}`, { token: admin });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const page = searchResponse.parse(answer.body);
      const events = page.events;
      assert.equal(events.length, 1, action);
      const event = events[0] as Record<string, unknown>;
      assert.equal(event['logwarden.source.protocol'], 'internal');
      assert.deepEqual(event['event.category'], ['iam']);
      assert.match(event['message'] as string, new RegExp(`token "audit-${run}" \\(role reader.*by token "initial-admin"`));
      assert.ok(!JSON.stringify(event).includes(token), 'never the secret');
      const ledger = page.ledger ?? [];
      assert.equal(ledger[0]?.seq, event['event.sequence'], 'the event has a ledger leaf');
      assert.match(ledger[0]?.leafHash ?? '', /^[0-9a-f]{64}$/);
    }
  });

  test('R-ACCESS-1: failed authentications are counted, logged without the token, and lock the peer out (429, Retry-After, even with a valid token)', async () => {
    const invalidBefore = await metric('logwarden_auth_failures_total{reason="invalid"}');
    const peer = '127.0.0.50';
    const guesses = Array.from({ length: THROTTLE.maxFailures }, (_, i) => `lw_guess${run}${i}`);
    for (const guess of guesses.slice(0, -1)) assert.equal((await call('GET', '/api/v1/search', { token: guess, from: peer })).status, 401);
    assert.equal((await call('GET', '/api/v1/count', { token: admin, from: peer })).status, 200, 'below the limit a valid token still works');
    assert.equal((await call('GET', '/api/v1/search', { token: guesses.at(-1) as string, from: peer })).status, 401);
    const bulk = { token: admin, from: peer, body: '{"index":{"_index":"app"}}\n{"message":"locked"}\n' };
    for (const [method, route] of [
      ['GET', '/api/v1/count'],
      ['GET', '/metrics'],
      ['POST', '/_bulk'],
    ] as const) {
      const locked = await call(method, route, method === 'POST' ? bulk : { token: admin, from: peer });
      assert.equal(locked.status, 429, route);
      const retryAfter = Number(locked.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= THROTTLE.lockoutSeconds, `Retry-After ${locked.headers['retry-after']}`);
    }
    assert.equal(errorCode(await call('GET', '/api/v1/count', { token: admin, from: peer })), 'LW_TOO_MANY_REQUESTS');
    assert.equal((await call('GET', '/healthz', { from: peer })).status, 200, '/healthz stays answered');
    assert.equal((await call('GET', '/api/v1/count', { token: admin, from: '127.0.0.51' })).status, 200, 'another address is not affected');
    assert.equal(await metric('logwarden_auth_failures_total{reason="invalid"}'), invalidBefore + THROTTLE.maxFailures);
    assert.ok((await metric('logwarden_auth_lockouts_total')) >= 1);
    assert.ok((await metric('logwarden_auth_throttled_requests_total')) >= 3);
    const failures = server.logs.filter((entry) => entry['msg'] === 'authentication failed' && entry['peer'] === peer);
    assert.equal(failures.length, THROTTLE.maxFailures);
    assert.ok(server.logs.some((entry) => String(entry['msg']).includes('locked out') && entry['peer'] === peer));
    const printed = JSON.stringify(server.logs);
    for (const guess of guesses) assert.ok(!printed.includes(guess), 'a presented token is never logged');
    assert.ok(!printed.includes(admin));
  });

  test('R-ACCESS-1: Basic and ApiKey are accepted only on the Elasticsearch-compatible routes; 401s advertise what the route takes', async () => {
    const token = await createToken(`es-${run}`, 'ingest');
    const basic = `Basic ${Buffer.from(`elastic:${token}`).toString('base64')}`;
    const apiKey = `ApiKey ${Buffer.from(`id:${token}`).toString('base64')}`;
    const bulkBody = `{"index":{"_index":"app"}}\n{"message":"basic ${run}"}\n`;
    assert.equal((await call('POST', '/_bulk', { authorization: basic, body: bulkBody, from: '127.0.0.20' })).status, 200);
    assert.equal((await call('POST', '/_bulk', { authorization: apiKey, body: bulkBody, from: '127.0.0.20' })).status, 200);
    for (const authorization of [basic, apiKey, `ApiKey ${token}`]) {
      const refused = await call('POST', '/api/v1/ingest', { authorization, body: '{"message":"x"}', from: '127.0.0.21' });
      assert.equal(refused.status, 401, authorization.split(' ')[0]);
      assert.match((refused.body['error'] as { message: string }).message, /only the Elasticsearch-compatible routes accept/);
    }
    assert.equal((await call('POST', '/api/v1/ingest', { token, body: `{"message":"bearer ${run}"}`, from: '127.0.0.21' })).status, 200);
    const native = await call('GET', '/api/v1/search', { from: '127.0.0.22' });
    assert.equal(native.status, 401);
    assert.equal(native.headers['www-authenticate'], 'Bearer realm="logwarden"');
    const wrong = await call('GET', '/api/v1/search', { token: 'lw_wrong', from: '127.0.0.22' });
    assert.equal(wrong.headers['www-authenticate'], 'Bearer realm="logwarden", error="invalid_token"');
    const es = await call('POST', '/_bulk', { body: bulkBody, from: '127.0.0.22' });
    assert.equal(es.status, 401);
    assert.match(String(es.headers['www-authenticate']), /Basic/);
    assert.ok((await metric('logwarden_auth_failures_total{reason="scheme"}')) >= 3);
  });

  test('security headers on every answer (200, 401, 404, /healthz, Elasticsearch routes) and no CORS, not even to a preflight', async () => {
    const answers = {
      ok: await call('GET', '/api/v1/count', { token: admin }),
      health: await call('GET', '/healthz'),
      unauthorised: await call('GET', '/api/v1/count', { from: '127.0.0.30' }),
      notFound: await call('GET', '/api/v1/nothing-here', { token: admin }),
      es: await call('GET', '/', { token: admin }),
      preflight: await call('OPTIONS', '/api/v1/search', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        from: '127.0.0.30',
      }),
      crossOrigin: await call('GET', '/api/v1/count', { token: admin, headers: { origin: 'https://evil.example' } }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', name);
      assert.equal(answer.headers['cache-control'], 'no-store', name);
      assert.equal(answer.headers['referrer-policy'], 'no-referrer', name);
      assert.deepEqual(
        Object.keys(answer.headers).filter((header) => header.startsWith('access-control-')),
        [],
        name,
      );
    }
    assert.equal(answers.ok.status, 200);
    assert.equal(answers.notFound.status, 404);
    assert.ok(answers.preflight.status >= 400, `the preflight is not granted (${answers.preflight.status})`);
  });

  test('R-ACCESS-1, R-ACCESS-2: a lost admin token is recovered offline without touching the other tokens, recorded at the next start; refused while a server holds the data dir', async () => {
    const keeper = await createToken('keeper', 'ingest');
    assert.equal(await server.stop(), 0);
    const lock = await lockDataDir(dataDir); // stands in for a running server
    try {
      const refused = await runCli(['token', 'recover-admin', '--data-dir', dataDir]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /LW_DATA_DIR_LOCKED: token recover-admin needs the server stopped/);
    } finally {
      await lock.release();
    }
    const tokensBefore = await readFile(path.join(dataDir, 'secrets/tokens.json'), 'utf8');
    const recovered = await runCli(['token', 'recover-admin', '--data-dir', dataDir, '--name', 'ops-recovered']);
    assert.equal(recovered.code, 0, recovered.stderr);
    const tokenFile = path.join(dataDir, 'secrets/recovered-admin-token');
    assert.match(recovered.stderr, new RegExp(`added admin token "ops-recovered".*${tokenFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
    const tokensAfter = JSON.parse(await readFile(path.join(dataDir, 'secrets/tokens.json'), 'utf8')) as unknown[];
    assert.deepEqual(tokensAfter.slice(0, -1), JSON.parse(tokensBefore), 'every other token is left exactly as it was');
    const newAdmin = (await readFile(tokenFile, 'utf8')).trim();
    assert.ok(!JSON.stringify(tokensAfter).includes(newAdmin), 'only its hash is stored');

    server = await spawnServer(dataDir, ['--config', configFile]);
    assert.equal((await call('GET', '/api/v1/tokens', { token: newAdmin })).status, 200);
    assert.equal((await call('POST', '/api/v1/ingest', { token: keeper, body: '{"message":"still works"}' })).status, 200);
    assert.equal((await call('GET', '/api/v1/count', { token: admin })).status, 200, 'the old admin token still works too');
    const recorded = await call('GET', `/api/v1/search?q=${encodeURIComponent('event.action:token-created AND ops-recovered')}`, { token: newAdmin });
    const events = recorded.body['events'] as { message: string }[];
    assert.equal(events.length, 1, 'the offline creation is recorded in the ledger at the next start, once');
    assert.match(events[0]?.message ?? '', /token "ops-recovered" \(role admin\) created offline by recover-admin/);
    const again = await runCli(['token', 'recover-admin', '--data-dir', path.join(dataDir, 'not-a-data-dir')]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /LW_FILE_UNREADABLE.*is .* a logwarden data dir/);
  });
});
