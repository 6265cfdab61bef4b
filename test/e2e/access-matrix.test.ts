// End to end, on the built server (R-ACCESS-1, R-TAMPER-1): the role × route matrix from real
// requests — a token of every built-in role and of a custom one against every route the server
// itself lists (its route catalogue, collected by an onRoute hook): 403 exactly when the role
// lacks the route's permission, never otherwise (any other answer, even a 400 for a body that is
// not valid, counts as allowed). Then a token limited to one system sees that system's events
// only and gets 404 for a proof of another system's record, and `logwarden access matrix` prints
// who holds which role.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUILT_IN_ROLE_NAMES } from '../../src/access/roles.ts';
import { accessMatrixResponse, countResponse, createTokenResponse, searchResponse, type AccessMatrixContract } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
const CONFIG = `
ingest:
  parsers: false
systems:
  - name: web
    owner: web team
    match: {identity: [web-1]}
  - name: db
    owner: db team
    match: {identity: [db-1]}
access:
  roles:
    - name: web-team
      description: the web team's own logs
      permissions: [events.read, systems.read, detections.read, rules.read]
      systems: [web]
`;
const ROLES = [...BUILT_IN_ROLE_NAMES, 'web-team'];

let server: SpawnedServer;
let dataDir: string;
let admin: string;
let matrix: AccessMatrixContract;
const tokens = new Map<string, string>();

async function call(method: string, route: string, token: string, body?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.httpUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  // A live tail (Server-Sent Events) never ends: its status is the answer; a refusal is JSON at once.
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, text: '(event stream)' };
  }
  return { status: response.status, text: await response.text() };
}

async function createToken(name: string, role: string, systems?: string[]): Promise<string> {
  const created = await call('POST', '/api/v1/tokens', admin, JSON.stringify({ name, role, ...(systems ? { systems } : {}) }));
  assert.equal(created.status, 201, created.text);
  return createTokenResponse.parse(JSON.parse(created.text)).token;
}

/** A concrete URL for a route pattern: every `:param` and `*` becomes a harmless name. */
function concrete(url: string): string {
  return url.replaceAll(/:[A-Za-z_]+/g, `probe-${run}`).replaceAll('*', 'probe');
}

describe('roles, routes and scopes end to end (R-ACCESS-1)', () => {
  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'logwarden.yaml');
    await writeFile(config, CONFIG);
    server = await spawnServer(dataDir, ['--config', config]);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    for (const role of ROLES) tokens.set(role, await createToken(`matrix-${role}`, role));
    const answer = await call('GET', '/api/v1/access/matrix', admin);
    assert.equal(answer.status, 200, answer.text);
    matrix = accessMatrixResponse.parse(JSON.parse(answer.text));
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-1: the server lists every route with a permission (a route without one cannot be registered)', () => {
    const urls = new Set(matrix.routes.map((route) => `${route.method} ${route.url}`));
    for (const known of ['GET /api/v1/search', 'POST /api/v1/tokens', 'GET /api/v1/ledger/proof/inclusion', 'POST /api/v1/ingest', 'GET /api/v1/access/matrix', 'GET /metrics'])
      assert.ok(urls.has(known), known);
    const names = new Set<string>([...matrix.permissions.map((permission) => permission.name), 'public', 'authenticated']);
    for (const route of matrix.routes) assert.ok(names.has(route.permission), `${route.method} ${route.url}: ${route.permission}`);
  });

  test('R-ACCESS-1, R-TAMPER-1: every role × every route: 403 exactly when the role lacks the route’s permission', async () => {
    const held = new Map(matrix.roles.map((role) => [role.name, new Set(role.permissions)]));
    const wrong: string[] = [];
    // One role after another would take long (each call is an audit event): the roles run side by side.
    const probeRole = async (role: string): Promise<void> => {
      const token = tokens.get(role) as string;
      for (const route of matrix.routes.filter((one) => one.permission !== 'public')) {
        const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined;
        const answer = await call(route.method, concrete(route.url), token, body);
        const expected = route.permission !== 'authenticated' && !held.get(role)?.has(route.permission);
        const forbidden = answer.status === 403;
        if (forbidden !== expected) wrong.push(`${role} ${route.method} ${route.url} (${route.permission}): ${answer.status} ${answer.text.slice(0, 160)}`);
        if (forbidden && expected && route.method !== 'HEAD' && !answer.text.includes('LW_AUTH_FORBIDDEN')) wrong.push(`${role} ${route.method} ${route.url}: 403 but not LW_AUTH_FORBIDDEN`);
      }
    };
    await Promise.all(ROLES.map(probeRole));
    assert.deepEqual(wrong, []);
    // No role holds a permission that edits or deletes events; the admin's are over people and configuration.
    assert.ok(matrix.permissions.every((permission) => !/delete|edit|update/.test(permission.name)));
  });

  test('R-ACCESS-1: a token made with `token create --role analyst --systems web` sees web events only; its proof of a db record is 404', async () => {
    const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);
    const ingestAs = async (name: string, lines: string[]) => {
      const token = await createToken(name, 'ingest');
      const sent = await fetch(`${server.httpUrl}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: lines.map((message) => JSON.stringify({ message })).join('\n'),
      });
      assert.equal(sent.status, 200);
    };
    await ingestAs('web-1', [`web one ${run}`, `web two ${run}`]);
    await ingestAs('db-1', [`db one ${run}`, `db two ${run}`, `db three ${run}`]);
    const created = await cli(['token', 'create', '--name', 'web-analyst', '--role', 'analyst', '--systems', 'web']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /role analyst, systems web/);
    const scoped = created.stdout.trim();
    // Not the audit trail: the searches themselves are audit events naming the query text.
    const query = new URLSearchParams({ q: `"${run}" AND NOT event.category:logwarden-audit`, from: '2000-01-01T00:00:00Z', limit: '100' });
    // All five are stored (the admin reads them), then the scoped token reads the two of web.
    const all = await eventually(async () => {
      const page = searchResponse.parse(JSON.parse((await call('GET', `/api/v1/search?${query}`, admin)).text));
      return page.events.length === 5 ? page.events : undefined;
    });
    const page = searchResponse.parse(JSON.parse((await call('GET', `/api/v1/search?${query}`, scoped)).text));
    assert.deepEqual(page.events.map((event) => event['message']).sort(), [`web one ${run}`, `web two ${run}`]);
    assert.ok(
      page.events.every((event) => event['logwarden.system'] === 'web'),
      JSON.stringify(page.events[0]),
    );
    const counted = countResponse.parse(JSON.parse((await call('GET', `/api/v1/count?${query}`, scoped)).text));
    assert.equal(counted.count, 2);
    const sequenceOf = (message: string) => Number(all.find((event) => event['message'] === message)?.['event.sequence']);
    const dbSeq = sequenceOf(`db one ${run}`);
    const webSeq = sequenceOf(`web one ${run}`);
    assert.ok(Number.isInteger(dbSeq) && Number.isInteger(webSeq), JSON.stringify(all[0]));
    // The web record's proof comes once a checkpoint covers it; the db record is missing for this caller, covered or not.
    await eventually(async () => ((await call('GET', `/api/v1/ledger/proof/inclusion?seq=${webSeq}`, scoped)).status === 200 ? true : undefined));
    const proof = await call('GET', `/api/v1/ledger/proof/inclusion?seq=${dbSeq}`, scoped);
    assert.equal(proof.status, 404, proof.text);
    assert.match(proof.text, /LW_NOT_FOUND/);
    // The db records were stored after the web ones: a checkpoint covering the web record may not cover them yet (503 until one does).
    const adminProof = await eventually(async () => {
      const answer = await call('GET', `/api/v1/ledger/proof/inclusion?seq=${dbSeq}`, admin);
      return answer.status === 503 ? undefined : answer;
    });
    assert.equal(adminProof.status, 200, 'the admin gets the same proof');
    assert.equal((await call('GET', '/api/v1/systems/db/coverage', scoped)).status, 404, 'another system’s coverage is missing too');
    assert.equal((await call('GET', '/metrics', scoped)).status, 403, 'metrics cover every system');
    // The audit trail in search: an analyst reading every system finds its own audit events only.
    const trail = new URLSearchParams({ q: 'event.category:logwarden-audit', from: '2000-01-01T00:00:00Z', limit: '1000' });
    const own = searchResponse.parse(JSON.parse((await call('GET', `/api/v1/search?${trail}`, tokens.get('analyst') as string)).text));
    assert.ok(own.events.length > 0, 'the analyst’s own searches are in the trail');
    assert.deepEqual([...new Set(own.events.map((event) => event['user.name']))], ['matrix-analyst']);
    const whole = searchResponse.parse(JSON.parse((await call('GET', `/api/v1/search?${trail}`, tokens.get('auditor') as string)).text));
    assert.ok(new Set(whole.events.map((event) => event['user.name'])).size > 2, 'the auditor reads everyone’s');
    const listed = await cli(['token', 'list']);
    assert.match(listed.stdout, /^web-analyst\tanalyst\t.*\tweb$/m);
    assert.match(listed.stdout, /^web-1\tingest\t.*\tall$/m);
  });

  test('R-ACCESS-1: `logwarden access matrix` prints roles × permissions with systems and masking, and who holds each role', async () => {
    const printed = await runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, 'access', 'matrix']);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /^\| permission \| `admin` \| `analyst` \| `auditor` \| `reader` \| `ingest` \| `third-party` \| `web-team` \|$/m);
    assert.match(printed.stdout, /^\| \*\*systems\*\* \| all \| all \| all \| all \| all \| all \| web \|$/m);
    assert.match(printed.stdout, /^\| \*\*masking\*\* \| – \| – \| – \| – \| – \| third-party \| – \|$/m);
    assert.match(printed.stdout, /^ {2}web-team: token matrix-web-team \(web\)$/m);
    assert.match(printed.stdout, /^ {2}analyst: .*token web-analyst \(web\)/m);
    const refused = await runCli(['--server', server.httpUrl, 'access', 'matrix'], { LOGWARDEN_TOKEN: tokens.get('analyst') as string });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /LW_AUTH_FORBIDDEN.*audit\.read/);
  });
});
