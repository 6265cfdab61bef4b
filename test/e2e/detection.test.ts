// End to end, detection in the built server (R-ANALYSE-1, R-ANALYSE-3, R-EVENTS-1): a fresh server
// with no config, the shipped pack in force, detects an sshd brute force sent as real sshd syslog
// lines over TCP (util-linux logger, as real-sshd.test.ts sends them); the detection is in
// `GET /api/v1/detections` and `logwarden detections --format ndjson` alike, its evidence is the
// failures' own sequence numbers, and the search finds it from them. A restart (which replays the
// recent stored records through a fresh engine) stores it no second time; failures sent while
// detection is off are caught up when it is back on.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { z } from 'zod';
import { countResponse, detectionsResponse, searchResponse, type DetectionContract } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
/** The shipped pack's rule (rules/logwarden/authentication/sshd_brute_force_source.yml): ten failures from one address in 5 minutes. */
const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
const FAILURES = 10;

let dataDir: string;
let server: SpawnedServer | undefined;

before(async () => {
  dataDir = await makeDataDir();
});
after(async () => {
  await server?.stop();
  await removeDataDir(dataDir);
});

async function get<T extends z.ZodType>(contract: T, route: string, params: Record<string, string>): Promise<z.output<T>> {
  const running = server as SpawnedServer;
  const token = (await readFile(running.tokenFile, 'utf8')).trim();
  const url = new URL(route, running.httpUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${route}: ${await response.clone().text()}`);
  return contract.parse(await response.json());
}

/** sshd's lines, as `sshd[PID]` RFC 5424 messages over TCP with util-linux logger. */
async function sendAsSshd(name: string, lines: readonly string[]): Promise<void> {
  const running = server as SpawnedServer;
  const file = path.join(dataDir, `${name}.log`);
  await writeFile(file, `${lines.join('\n')}\n`);
  await execFileAsync('logger', ['--tcp', '--rfc5424', '-n', '127.0.0.1', '-P', String(running.syslogTcp.port), '-t', 'sshd', '--id=4242', '-p', 'auth.info', '-f', file], { timeout: 60_000 });
}

function failures(address: string, count: number): string[] {
  return Array.from({ length: count }, (_, k) => `Failed password for root from ${address} port ${40_000 + k} ssh2`);
}

/** The sequence numbers of the stored failed sshd logins from `address`, ascending. */
async function failureSequences(address: string, expected: number): Promise<number[]> {
  const q = `event.action:ssh-login AND event.outcome:failure AND source.ip:${address}`;
  return eventually(async () => {
    const answer = await get(searchResponse, '/api/v1/search', { q, order: 'asc', limit: '100' });
    return answer.events.length === expected ? answer.events.map((event) => Number(event['event.sequence'])) : undefined;
  });
}

async function bruteForces(address: string): Promise<DetectionContract[]> {
  const answer = await get(detectionsResponse, '/api/v1/detections', { rule: BRUTE_FORCE_BY_SOURCE, from: 'now-1h' });
  return answer.detections.filter((detection) => detection.group['source.ip'] === address);
}

/** Until the detection consumer has finished everything stored (its lag metric is 0 after `sequence`). */
async function detectionCaughtUp(sequence: number): Promise<void> {
  const running = server as SpawnedServer;
  const token = (await readFile(running.tokenFile, 'utf8')).trim();
  await eventually(async () => {
    const text = await (await fetch(new URL('/metrics', running.httpUrl), { headers: { authorization: `Bearer ${token}` } })).text();
    const lag = /^logwarden_consumer_lag_events\{consumer="detection"\} (\d+)$/m.exec(text)?.[1];
    const stored = await get(searchResponse, '/api/v1/search', { q: `event.sequence:>=${sequence}`, limit: '1' });
    return lag === '0' && stored.events.length > 0 ? true : undefined;
  });
}

describe('detection in the server, end to end (R-ANALYSE-1, R-ANALYSE-3, R-EVENTS-1)', () => {
  let detection: DetectionContract;

  test('a fresh server with no config detects an sshd brute force: its evidence is the failures’ sequence numbers', async () => {
    server = await spawnServer(dataDir);
    await sendAsSshd('benign', [
      'Accepted publickey for alice from 192.0.2.10 port 50000 ssh2: ED25519 SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      'Failed password for bob from 192.0.2.11 port 50001 ssh2',
    ]);
    await sendAsSshd('attack', failures('203.0.113.9', FAILURES));
    const sequences = await failureSequences('203.0.113.9', FAILURES);
    const [found, ...more] = await eventually(async () => {
      const listed = await bruteForces('203.0.113.9');
      return listed.length > 0 ? listed : undefined;
    });
    assert.ok(found);
    assert.deepEqual(more, [], 'one detection for one burst');
    detection = found;
    assert.equal(detection.rule.ruleset, 'logwarden');
    assert.equal(detection.rule.level, 'high');
    assert.ok(detection.rule.tags.includes('attack.t1110.001'));
    assert.deepEqual(detection.events, sequences, 'the evidence is exactly the ten failures');
    assert.equal(detection.why['kind'], 'correlation');
    assert.ok(detection.systems.length > 0);
    assert.equal((await bruteForces('192.0.2.11')).length, 0, 'one failure from another address is no brute force');
  });

  test('logwarden detections --format ndjson prints exactly the API’s objects; the search links both ways', async () => {
    const running = server as SpawnedServer;
    const cli = await runCli(['--server', running.httpUrl, '--token-file', running.tokenFile, 'detections', '--rule', BRUTE_FORCE_BY_SOURCE, '--from', 'now-1h', '--format', 'ndjson']);
    assert.equal(cli.code, 0, cli.stderr);
    const printed = cli.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    assert.deepEqual(printed, (await get(detectionsResponse, '/api/v1/detections', { rule: BRUTE_FORCE_BY_SOURCE, from: 'now-1h' })).detections);
    const citing = await get(searchResponse, '/api/v1/search', { q: `logwarden.detection.events:${detection.events[0]}` });
    assert.ok(
      citing.events.some((event) => event['event.id'] === detection.id),
      'the detection is found from its evidence',
    );
    const table = await runCli(['--server', running.httpUrl, '--token-file', running.tokenFile, 'detections', '--from', 'now-1h']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /SSH brute force from one address/);
  });

  test('a restart replays the recent records and stores the detection no second time', async () => {
    await (server as SpawnedServer).stop();
    server = await spawnServer(dataDir);
    await sendAsSshd('after-restart', ['Failed password for carol from 192.0.2.12 port 50002 ssh2']);
    const [last] = await failureSequences('192.0.2.12', 1);
    await detectionCaughtUp(last as number);
    assert.deepEqual(await bruteForces('203.0.113.9'), [detection]);
    // Rows, not the list (which shows one per id): the replay stored no second event.
    assert.equal((await get(countResponse, '/api/v1/count', { q: `event.id:${detection.id}` })).count, 1);
  });

  test('failures sent while detection is off are caught up once it is back on', async () => {
    await (server as SpawnedServer).stop();
    const config = path.join(dataDir, 'detection-off.yaml');
    await writeFile(config, 'detection:\n  enabled: false\n');
    server = await spawnServer(dataDir, ['--config', config]);
    await sendAsSshd('while-off', failures('198.51.100.7', FAILURES));
    const sequences = await failureSequences('198.51.100.7', FAILURES);
    assert.deepEqual(await bruteForces('198.51.100.7'), [], 'nothing detects while detection is off');
    await (server as SpawnedServer).stop();
    server = await spawnServer(dataDir);
    const [caught] = await eventually(async () => {
      const listed = await bruteForces('198.51.100.7');
      return listed.length > 0 ? listed : undefined;
    });
    assert.deepEqual(caught?.events, sequences);
    assert.deepEqual(await bruteForces('203.0.113.9'), [detection], 'and the first one is still stored once');
    assert.equal((await get(countResponse, '/api/v1/count', { q: `event.id:${detection.id}` })).count, 1);
  });
});
