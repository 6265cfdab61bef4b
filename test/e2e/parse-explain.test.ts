// End to end: POST /api/v1/parse/explain on the built server says what the pipeline really does
// with a line: the same line sent over syslog TCP is stored with exactly the fields the explanation
// lists as set (and with event.dataset only when it says a parser recognised it), and
// `logwarden parse --explain` answers the same without a server. The route needs `read`, and a line
// over ingest.maxEventBytes is refused with 413 (R-EVENTS-1, R-FIELDS-1, R-ACCESS-1).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTokenResponse, parseExplanation, searchResponse, type ParseExplanationContract } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
let server: SpawnedServer;
let dataDir: string;
let admin: string;

async function explain(token: string | undefined, body: unknown): Promise<Response> {
  return fetch(`${server.httpUrl}/api/v1/parse/explain`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function createToken(name: string, role: string): Promise<string> {
  const response = await fetch(`${server.httpUrl}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: JSON.stringify({ name, role }) });
  assert.equal(response.status, 201, await response.clone().text());
  return createTokenResponse.parse(await response.json()).token;
}

async function sendSyslog(line: string): Promise<void> {
  const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host);
  await new Promise((resolve) => socket.once('connect', resolve));
  await new Promise<void>((resolve) => socket.end(`${line}\n`, resolve));
}

async function stored(marker: string): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: marker, from: '2000-01-01T00:00:00Z' })}`, { headers: { authorization: `Bearer ${admin}` } });
      const [event] = searchResponse.parse(await response.json()).events;
      return event;
    },
    20_000,
    `the event with ${marker}`,
  );
}

describe('parse explain end to end', () => {
  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  const lines = [
    (marker: string) => `<38>Mar  7 10:00:00 web1 sshd[1234]: Failed password for invalid user ${marker} from 192.0.2.7 port 50022 ssh2`,
    (marker: string) => `<86>Mar  7 10:00:01 web1 sudo: ${marker} : TTY=pts/0 ; PWD=/home/${marker} ; USER=root ; COMMAND=/usr/bin/id`,
    (marker: string) => `<134>1 2026-03-07T10:00:02Z web1 shop-api 77 - - cache warmed for ${marker} in 35 ms`,
  ];
  for (const [index, line] of lines.entries()) {
    test(`line ${index + 1}: the explanation is what the server stores, and what the CLI says`, async () => {
      const marker = `ex${run}n${index}`;
      const reader = index === 0 ? await createToken(`reader-${run}`, 'reader') : admin;
      const response = await explain(reader, { line: line(marker) });
      assert.equal(response.status, 200, await response.clone().text());
      const explanation: ParseExplanationContract = parseExplanation.parse(await response.json());
      await sendSyslog(line(marker));
      const event = await stored(marker);
      for (const [name, value] of Object.entries(explanation.fieldsSet)) assert.deepEqual(event[name], value, `${name} as explained`);
      assert.equal(event['event.dataset'] !== undefined, explanation.recognised, `stored event.dataset ${String(event['event.dataset'])}; explained ${explanation.parser ?? 'not recognised'}`);
      assert.equal(event['event.original'], explanation.event['event.original']);
      assert.equal(event['message'], explanation.event['message']);
      const cli = await runCli(['parse', '--explain', '--format', 'json', line(marker)]);
      assert.equal(cli.code, 0, cli.stderr);
      const local = parseExplanation.parse(JSON.parse(cli.stdout));
      assert.deepEqual([local.parser, local.rule, local.fieldsSet, local.why], [explanation.parser, explanation.rule, explanation.fieldsSet, explanation.why]);
    });
  }

  test('R-ACCESS-1: no token is 401, an ingest token 403; a line over ingest.maxEventBytes is 413', async () => {
    assert.equal((await explain(undefined, { line: 'x' })).status, 401);
    assert.equal((await explain(await createToken(`ingest-${run}`, 'ingest'), { line: 'x' })).status, 403);
    const tooLong = await explain(admin, { line: 'x'.repeat(64 * 1024 + 1) });
    assert.equal(tooLong.status, 413);
    assert.equal(((await tooLong.json()) as { error: { code: string } }).error.code, 'LW_INGEST_TOO_LARGE');
  });
});
