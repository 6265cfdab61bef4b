// End to end: the systems inventory of a YAML config given to `serve --config` places each event
// in a system from how it arrived (R-FIELDS-1: the system/asset name on every event, assigned by the
// server), and `GET /api/v1/systems`, `/systems/:name/coverage` and the CLI report on them. The
// built server; events sent by `logger` over syslog TCP, by raw syslog TCP lines, and as NDJSON with
// a named token created through the API; stored events read back by search.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { coverageResponse, createTokenResponse, errorResponse, systemsResponse, type SystemSummaryContract } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const run = randomUUID().slice(0, 8);
let server: SpawnedServer;
let dataDir: string;
let admin: string;
let appToken: string;

// Parsers off: the coverage mix below is exactly what was sent, whatever the parser table learns later.
const CONFIG = `
ingest:
  parsers: false
systems:
  - name: shop-api
    owner: shop team
    description: the shop's backend, one ingest token
    match:
      identity: [shop-app]
  - name: web
    owner: web team
    match:
      host: ["WEB-??.example.org"]
  - name: routers
    owner: network team
    match:
      peer: [127.0.0.0/8, "::1"]
      app: [rtr]
  - name: idle
    owner: nobody
`;

async function get(route: string, token = admin): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.httpUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

async function ingestAs(token: string, events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${server.httpUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: `${events.map((event) => JSON.stringify(event)).join('\n')}\n`,
  });
  assert.equal(response.status, 200, await response.text());
}

async function syslogLines(lines: string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host, () => socket.end(lines.map((line) => `${line}\n`).join('')));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

async function search(query: string, count: number): Promise<Record<string, unknown>[]> {
  return eventually(
    async () => {
      const { status, body } = await get(`/api/v1/search?${new URLSearchParams({ q: query, from: '2000-01-01T00:00:00Z', limit: '100' })}`);
      assert.equal(status, 200, JSON.stringify(body));
      const events = (body as { events: Record<string, unknown>[] }).events;
      return events.length === count ? events : undefined;
    },
    20_000,
    `${count} events for ${query}`,
  );
}

describe('systems inventory end to end', () => {
  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'logwarden.yaml');
    await writeFile(config, CONFIG);
    server = await spawnServer(dataDir, ['--config', config]);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    const created = await fetch(`${server.httpUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shop-app', role: 'ingest' }),
    });
    assert.equal(created.status, 201);
    appToken = createTokenResponse.parse(await created.json()).token;

    // shop-api: four events with a known mix of the required fields; one claims another system.
    await ingestAs(appToken, [
      { message: `shop one ${run}`, 'user.name': 'alice', 'event.action': 'order-placed', 'event.category': 'web', 'session.id': 's-1', 'source.ip': '198.51.100.7', 'event.outcome': 'success' },
      { message: `shop two ${run}`, user: { id: '1001' }, 'event.action': 'order-paid', 'trace.id': 't-9', 'url.original': '/pay' },
      { message: `shop three ${run}`, 'event.action': 'cart-viewed', 'network.protocol': 'http' },
      { message: `shop claims ${run}`, logwarden: { system: 'routers' } },
    ]);
    // web: raw RFC 3164 lines whose host name matches the glob whatever its case; one that does not.
    await syslogLines([
      `<38>Mar  7 10:00:00 web-01.example.org nginx[10]: web hit ${run}`,
      `<38>Mar  7 10:00:01 Web-02.Example.ORG nginx[11]: web hit ${run}`,
      `<38>Mar  7 10:00:02 web-100.example.org nginx[12]: web miss ${run}`,
    ]);
    // routers: `logger` over TCP from loopback with the tag rtr; the same peer with another tag stays unassigned.
    await execFileAsync('logger', ['--tcp', '--server', server.syslogTcp.host, '--port', String(server.syslogTcp.port), '--tag', 'rtr', `link up ${run}`]);
    await execFileAsync('logger', ['--tcp', '--server', server.syslogTcp.host, '--port', String(server.syslogTcp.port), '--tag', 'other', `other tag ${run}`]);
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-FIELDS-1: every stored event carries the system the first matching entry names; a sender cannot choose it', async () => {
    const shop = await search(`message:shop AND message:${run}`, 4);
    for (const event of shop) assert.equal(event['logwarden.system'], 'shop-api', String(event['message']));
    const claim = shop.find((event) => String(event['message']).startsWith('shop claims'));
    assert.deepEqual(claim?.['labels'], { 'logwarden.system': 'routers' }, 'the claim is kept as a label, nothing more');
    const hits = await search(`message:hit AND message:${run}`, 2);
    for (const event of hits) assert.equal(event['logwarden.system'], 'web');
    const [miss] = await search(`message:miss AND message:${run}`, 1);
    assert.equal(miss?.['logwarden.system'], 'unassigned', '?? is exactly two characters');
    const [link] = await search(`message:link AND message:${run}`, 1);
    assert.equal(link?.['logwarden.system'], 'routers');
    const [other] = await search(`message:other AND message:${run}`, 1);
    assert.equal(other?.['logwarden.system'], 'unassigned');
  });

  test('GET /api/v1/systems: events today, last seen and sources per system, configured first, then unassigned and logwarden', async () => {
    const answer = await eventually(async () => {
      const { status, body } = await get('/api/v1/systems');
      assert.equal(status, 200, JSON.stringify(body));
      const parsed = systemsResponse.parse(body);
      return parsed.systems.find((system) => system.name === 'unassigned')?.eventsToday === 2 ? parsed : undefined;
    });
    const byName = new Map(answer.systems.map((system) => [system.name, system]));
    assert.deepEqual(
      answer.systems.map((system) => system.name),
      ['shop-api', 'web', 'routers', 'idle', 'logwarden', 'unassigned'],
    );
    assert.equal(answer.day, new Date().toISOString().slice(0, 10));
    const shop = byName.get('shop-api') as SystemSummaryContract;
    assert.deepEqual([shop.owner, shop.description, shop.configured, shop.eventsToday, shop.sourceCount], ['shop team', "the shop's backend, one ingest token", true, 4, 1]);
    assert.deepEqual(shop.match, { identity: ['shop-app'] });
    assert.deepEqual([shop.sources[0]?.identity, shop.sources[0]?.peer, shop.sources[0]?.eventsToday], ['shop-app', '127.0.0.1', 4]);
    assert.ok(shop.lastSeen !== null && Math.abs(Date.parse(shop.lastSeen) - Date.now()) < 120_000, `last seen ${shop.lastSeen}`);
    const web = byName.get('web') as SystemSummaryContract;
    assert.equal(web.eventsToday, 2);
    assert.deepEqual(web.sources.map((source) => source.host).sort(), ['Web-02.Example.ORG', 'web-01.example.org']);
    assert.equal(byName.get('routers')?.eventsToday, 1);
    assert.deepEqual([byName.get('idle')?.eventsToday, byName.get('idle')?.lastSeen, byName.get('idle')?.sources], [0, null, []]);
    assert.ok((byName.get('logwarden')?.eventsToday ?? 0) >= 2, 'the start and the token creation are logwarden events');
    assert.equal(byName.get('logwarden')?.configured, false);
  });

  test('GET /api/v1/systems/:name/coverage: the required fields in percent for the known mix, overall and per source', async () => {
    const { status, body } = await get('/api/v1/systems/shop-api/coverage');
    assert.equal(status, 200, JSON.stringify(body));
    const coverage = coverageResponse.parse(body);
    assert.equal(coverage.overall.events, 4);
    const percent = (key: string) => coverage.overall.present[key]?.percent;
    assert.equal(percent('user'), 50, 'user.name or user.id on 2 of 4');
    assert.equal(percent('system'), 100);
    assert.equal(percent('activity'), 75);
    assert.equal(percent('category'), 25);
    assert.equal(percent('timestamp'), 100);
    assert.equal(percent('input'), 25);
    assert.equal(percent('addresses'), 25);
    assert.equal(percent('protocol'), 25);
    assert.equal(percent('correlation'), 25);
    assert.equal(percent('session'), 25);
    assert.equal(percent('outcome'), 25);
    assert.equal(percent('device'), 0);
    assert.deepEqual(
      coverage.sources.map((source) => [source.identity, source.events]),
      [['shop-app', 4]],
    );
    const web = coverageResponse.parse((await get('/api/v1/systems/web/coverage?from=now-1h')).body);
    assert.equal(web.overall.present['device']?.percent, 100, 'host.name from the syslog header');
    assert.equal(web.sources.length, 2);
    const empty = coverageResponse.parse((await get('/api/v1/systems/idle/coverage')).body);
    assert.equal(empty.overall.events, 0);
    assert.equal(empty.overall.present['user']?.percent, null);
  });

  test('coverage of an unknown system is a clear 404; a reversed range a 400; no token a 401', async () => {
    const missing = await get('/api/v1/systems/payroll/coverage');
    assert.equal(missing.status, 404);
    const error = errorResponse.parse(missing.body).error;
    assert.equal(error.code, 'LW_NOT_FOUND');
    assert.match(error.message, /no system "payroll": the systems are "shop-api", "web", "routers", "idle", "unassigned", "logwarden"/);
    assert.equal((await get('/api/v1/systems/web/coverage?from=now&to=now-1h')).status, 400);
    assert.equal((await fetch(`${server.httpUrl}/api/v1/systems`)).status, 401);
    assert.equal((await get('/api/v1/systems', appToken)).status, 403, 'an ingest token may not read');
  });

  test('an entry with no match rules is named in a warning at start: no event can be placed in it', () => {
    const warning = server.logs.find((entry) => entry['system'] === 'idle');
    assert.match(String(warning?.['msg']), /system "idle" has no match rules: no event is placed in it/);
  });

  test('scope: a reader token (which reads every system until issue 13) sees the same list', async () => {
    const created = await fetch(`${server.httpUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `reader-${run}`, role: 'reader' }),
    });
    const reader = createTokenResponse.parse(await created.json()).token;
    const asReader = systemsResponse.parse((await get('/api/v1/systems', reader)).body);
    const asAdmin = systemsResponse.parse((await get('/api/v1/systems')).body);
    assert.deepEqual(
      asReader.systems.map((system) => system.name),
      asAdmin.systems.map((system) => system.name),
    );
  });

  test('the CLI: `logwarden systems` prints the table (and JSON), `systems coverage NAME` the percentages', async () => {
    const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);
    const table = await cli(['systems']);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^SYSTEM\s+OWNER\s+EVENTS TODAY \(\d{4}-\d{2}-\d{2}\)\s+LAST SEEN\s+SOURCES\s+WORST SKEW$/);
    assert.match(lines.find((line) => line.startsWith('shop-api')) ?? '', /^shop-api\s+shop team\s+4\s+\d{4}-\d{2}-\d{2}T[\d:.]+Z\s+1\s+\S+$/);
    assert.match(lines.find((line) => line.startsWith('idle')) ?? '', /^idle\s+nobody\s+0\s+-\s+0\s+-$/);
    const json = await cli(['systems', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(systemsResponse.parse(JSON.parse(json.stdout)).systems[0]?.name, 'shop-api');
    const coverage = await cli(['systems', 'coverage', 'shop-api']);
    assert.equal(coverage.code, 0, coverage.stderr);
    assert.match(coverage.stdout, /^user\s+user ID\s+50%\s+50%$/m);
    assert.match(coverage.stdout, /^activity\s+activity incl\. automated processes\s+75%\s+75%$/m);
    assert.match(coverage.stdout, /ALL \(4\)\s+shop-app \(4\)/);
    const coverageJson = await cli(['systems', 'coverage', 'web', '--format', 'json', '--from', 'now-1h']);
    assert.equal(coverageJson.code, 0, coverageJson.stderr);
    assert.equal(coverageResponse.parse(JSON.parse(coverageJson.stdout)).overall.events, 2);
    const unknown = await cli(['systems', 'coverage', 'payroll']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /LW_NOT_FOUND: no system "payroll"/);
  });
});
