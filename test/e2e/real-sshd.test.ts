// End to end with a real OpenSSH sshd (R-EVENTS-1: login success and failure, brute force;
// R-FIELDS-1: user, address, port, protocol; R-COLLECT-2: security logs). A throwaway sshd on a
// loopback port, with its own host key and authorized_keys in a temp dir, logs to stderr (-e) while
// the real ssh client logs in with a key, fails with a password and tries a user that does not exist.
// Its lines go, as sshd[PID] syslog lines sent by util-linux logger over TCP, into the built server,
// and the API must show the fields the sshd parser recognised. Every line sshd printed must have its
// format among src/parsers/sshd.fixtures.ts, so a new OpenSSH wording shows up here first.
// Then the brute-force scenario: 2,000 sshd lines, 520 failed passwords from 23 addresses,
// one address 286 times, grouped by source.ip through the aggregation route.
// Skips only when /usr/sbin/sshd is absent (scripts/install-test-deps installs openssh-server).
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { countResponse, searchResponse, termsResponse } from '../../src/contracts/index.ts';
import { SSHD_FIXTURES } from '../../src/parsers/sshd.fixtures.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
const skip = existsSync(SSHD) ? false : `${SSHD} is absent: run scripts/install-test-deps as root (it installs openssh-server)`;

/** A free loopback TCP port: bound once by the OS, then released for sshd. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a line looks like once its numbers, paths and key fingerprints are blanked. */
function shape(message: string): string {
  return message
    .replace(/SHA256:\S+/g, 'SHA256:K')
    .replace(/\/\S+/g, '/P')
    .replace(/\d+/g, 'N');
}

/** The shapes of the sshd fixtures' messages (the syslog MSG after the RFC 3164 TAG). */
function fixtureShapes(fixtures: readonly { readonly syslog?: string | undefined }[]): Set<string> {
  const inputs = fixtures.map((fixture) => fixture.syslog ?? '');
  const messages = inputs.map((line) => /^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ [^:\s]+: (.*)$/.exec(line)?.[1]).filter((message): message is string => message !== undefined);
  return new Set(messages.map(shape));
}

/** A real sshd on a free loopback port, its stderr collected line by line. */
interface Sshd {
  readonly child: ChildProcess;
  readonly port: number;
  readonly lines: string[];
  readonly dir: string;
}

async function startSshd(dir: string): Promise<Sshd> {
  await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
  await copyFile(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  await chmod(path.join(dir, 'authorized_keys'), 0o600);
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => undefined); // privilege separation dir; needed only as root
  const port = await freePort();
  const config = [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password', // a password for root fails whatever it is: no real password is ever tried
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'LogLevel VERBOSE', // adds the Connection from / Starting session lines
    'MaxAuthTries 6',
  ];
  await writeFile(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n'); // sshd -e ends its lines with \r\n
    partial = parts.pop() ?? '';
    lines.push(...parts.map((line) => line.replace(/\r$/, '')).filter((line) => line !== ''));
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${lines.join('\n')}`))));
  await withTimeout(Promise.race([eventually(async () => (lines.some((line) => line.startsWith('Server listening on')) ? true : undefined), 15_000, 'sshd listening'), exited]), 20_000, 'sshd start');
  return { child, port, lines, dir };
}

const CLIENT_OPTIONS = ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=10'];

/** The real ssh client; resolves to its exit code. `password`: fail once with a wrong password given by SSH_ASKPASS, with no terminal. */
async function ssh(sshd: Sshd, user: string, how: 'key' | 'password'): Promise<number | null> {
  const auth =
    how === 'key'
      ? ['-i', path.join(sshd.dir, 'client_key'), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'PreferredAuthentications=publickey']
      : ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];
  const askpass = path.join(sshd.dir, 'askpass');
  await writeFile(askpass, '#!/bin/sh\necho not-the-password\n', { mode: 0o700 });
  // detached: a new session (setsid) without a controlling terminal, so ssh asks SSH_ASKPASS
  const child = spawn('ssh', [...CLIENT_OPTIONS, ...auth, '-p', String(sshd.port), `${user}@127.0.0.1`, 'true'], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    return await withTimeout(exited, 30_000, `ssh ${how} as ${user}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Send lines as `sshd[PID]` syslog messages over TCP with util-linux logger (RFC 5424, one message per line). */
async function sendAsSshd(server: SpawnedServer, dir: string, name: string, pid: number, lines: readonly string[]): Promise<void> {
  const file = path.join(dir, `${name}.log`);
  await writeFile(file, `${lines.join('\n')}\n`);
  await execFileAsync('logger', ['--tcp', '--rfc5424', '-n', '127.0.0.1', '-P', String(server.syslogTcp.port), '-t', 'sshd', `--id=${pid}`, '-p', 'auth.info', '-f', file], { timeout: 60_000 });
}

/**
 * The corpus: 2,000 sshd lines, of which 520 failed passwords from 23 addresses, 286 of them
 * from one; the rest are logins, sessions and disconnects of ordinary users. Deterministic.
 */
function bruteForceCorpus(): { lines: string[]; top: string } {
  const top = '203.0.113.66';
  const others = Array.from({ length: 22 }, (_, i) => `198.51.100.${10 + i}`);
  const failures: string[] = Array.from({ length: 286 }, (_, i) => `Failed password for root from ${top} port ${30000 + i} ssh2`);
  // 234 failures over the 22 others: 14 addresses 11 times, 8 addresses 10 times
  others.forEach((address, a) => {
    for (let i = 0; i < (a < 14 ? 11 : 10); i++) failures.push(`Failed password for ${i % 2 === 0 ? 'invalid user admin' : 'ubuntu'} from ${address} port ${40000 + a * 100 + i} ssh2`);
  });
  const ordinary = (i: number): string => {
    const user = ['alice', 'bob', 'deploy.bot'][i % 3] as string;
    const address = `10.0.${i % 7}.${(i % 50) + 1}`;
    const port = 50000 + (i % 10000);
    return [
      `Connection from ${address} port ${port} on 10.0.0.1 port 22 rdomain ""`,
      `Accepted publickey for ${user} from ${address} port ${port} ssh2: ED25519 SHA256:Q0xYw3nqs9mYb3mXx8X0m9c1o3l0mV1jv2qTLz3pQzE`,
      `pam_unix(sshd:session): session opened for user ${user}(uid=${1000 + (i % 3)}) by (uid=0)`,
      `Received disconnect from ${address} port ${port}:11: disconnected by user`,
      `Disconnected from user ${user} ${address} port ${port}`,
      `pam_unix(sshd:session): session closed for user ${user}`,
    ][i % 6] as string;
  };
  const lines: string[] = [];
  let next = 0;
  for (let i = 0; i < 2000; i++) {
    // spread the 520 failures evenly through the 2,000 lines
    if (next < failures.length && Math.floor((i * failures.length) / 2000) >= next) lines.push(failures[next++] as string);
    else lines.push(ordinary(i));
  }
  return { lines, top };
}

describe('a real OpenSSH sshd through logwarden', { skip, timeout: 240_000 }, () => {
  let dir: string;
  let dataDir: string;
  let server: SpawnedServer;
  let sshd: Sshd;
  let token: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-sshd-'));
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    token = (await readFile(server.tokenFile, 'utf8')).trim();
    sshd = await startSshd(dir);
  });
  after(async () => {
    if (sshd && sshd.child.exitCode === null) {
      const gone = new Promise((resolve) => sshd.child.once('exit', resolve));
      sshd.child.kill('SIGTERM');
      await withTimeout(gone, 10_000, 'sshd stop').catch(() => sshd.child.kill('SIGKILL'));
    }
    if (server) await server.stop();
    await removeDataDir(dataDir);
    await rm(dir, { recursive: true, force: true });
  });

  async function get(route: string, params: Record<string, string>): Promise<unknown> {
    const response = await fetch(`${server.httpUrl}${route}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  }

  async function search(query: string, expected: number): Promise<Record<string, unknown>[]> {
    return eventually(
      async () => {
        const { events } = searchResponse.parse(await get('/api/v1/search', { q: query, limit: '100' }));
        return events.length >= expected ? (events as Record<string, unknown>[]) : undefined;
      },
      30_000,
      `${expected} events for ${query}`,
    );
  }

  test('key login, wrong password and an unknown user: sshd’s own lines give user, address, port and outcome (R-EVENTS-1, R-FIELDS-1)', async () => {
    const me = os.userInfo().username;
    assert.equal(await ssh(sshd, me, 'key'), 0, `key login as ${me}: ${sshd.lines.join('\n')}`);
    assert.notEqual(await ssh(sshd, 'root', 'password'), 0);
    assert.notEqual(await ssh(sshd, 'no such.user', 'password'), 0);
    await eventually(async () => (sshd.lines.some((line) => /^Connection closed by invalid user no such\.user /.test(line)) ? true : undefined), 15_000, 'sshd logged the invalid user’s end');

    const printed = [...sshd.lines]; // what sshd printed for the three clients, sent and checked as one snapshot
    const failedLine = printed.find((line) => line.startsWith('Failed password for root from 127.0.0.1 port '));
    const invalidLine = printed.find((line) => line.startsWith('Invalid user no such.user from 127.0.0.1 port '));
    const acceptedLine = printed.find((line) => line.startsWith(`Accepted publickey for ${me} from 127.0.0.1 port `));
    assert.ok(failedLine && invalidLine && acceptedLine, `sshd printed:\n${printed.join('\n')}`);
    const portOf = (line: string): number => Number(/ port (\d+)/.exec(line)?.[1]);

    const recognisable = fixtureShapes(SSHD_FIXTURES.matching);
    const known = new Set([...recognisable, ...fixtureShapes(SSHD_FIXTURES.nonMatching)]);
    const unknown = printed.filter((line) => !known.has(shape(line)));
    assert.deepEqual(unknown, [], 'every line the real sshd printed has its format in src/parsers/sshd.fixtures.ts');

    const pid = sshd.child.pid ?? 1;
    await sendAsSshd(server, dir, 'real', pid, printed);
    await search(`process.pid:${pid}`, printed.length);
    // each line of a matching fixture's format was recognised by the sshd parser, the others were left alone
    const expected = printed.filter((line) => recognisable.has(shape(line))).length;
    assert.ok(expected >= 12, `${expected} recognisable lines`);
    const counted = countResponse.parse(await get('/api/v1/count', { q: `process.pid:${pid} AND event.dataset:sshd` }));
    assert.equal(counted.count, expected);

    const [failure] = await search(`process.pid:${pid} AND event.dataset:sshd AND event.action:ssh-login AND event.outcome:failure AND user.name:root`, 1);
    assert.ok(failure);
    assert.deepEqual(failure['event.category'], ['authentication']);
    assert.equal(failure['event.outcome'], 'failure');
    assert.equal(failure['user.name'], 'root');
    assert.equal(failure['source.ip'], '127.0.0.1');
    assert.equal(failure['source.port'], portOf(failedLine));
    assert.equal(failure['network.protocol'], 'ssh');
    assert.equal(failure['event.original'] !== undefined && String(failure['event.original']).endsWith(failedLine), true, 'event.original is the line as sent');

    const [invalid] = await search(`process.pid:${pid} AND event.action:ssh-invalid-user`, 1);
    assert.ok(invalid);
    assert.equal(invalid['user.name'], 'no such.user');
    assert.equal(invalid['event.outcome'], 'failure');
    assert.equal(invalid['source.port'], portOf(invalidLine));

    const [success] = await search(`process.pid:${pid} AND event.action:ssh-login AND event.outcome:success`, 1);
    assert.ok(success);
    assert.equal(success['user.name'], me);
    assert.equal(success['event.reason'], 'publickey');
    assert.equal(success['source.ip'], '127.0.0.1');
    assert.equal(success['source.port'], portOf(acceptedLine));
  });

  test('the brute-force corpus: failures group by source.ip, 23 addresses, the top one 286 times (R-EVENTS-1 brute force)', async () => {
    const { lines, top } = bruteForceCorpus();
    assert.equal(lines.length, 2000);
    assert.equal(lines.filter((line) => line.startsWith('Failed password')).length, 520);
    const pid = sshd.child.pid === 4321 ? 4322 : 4321; // not the real sshd's pid, which tags the first test's lines
    await sendAsSshd(server, dir, 'brute', pid, lines);
    await eventually(async () => ((await search(`process.pid:${pid}`, 1)).length > 0 ? true : undefined), 30_000, 'corpus arriving');
    const query = `process.pid:${pid} AND event.action:ssh-login AND event.outcome:failure`;
    const buckets = await eventually(
      async () => {
        const body = termsResponse.parse(await get('/api/v1/aggregate', { q: query, field: 'source.ip', size: '100' }));
        return body.buckets.reduce((sum, bucket) => sum + bucket.count, 0) === 520 ? body.buckets : undefined;
      },
      60_000,
      'all 520 failures stored',
    );
    assert.equal(buckets.length, 23, 'failures come from 23 addresses');
    assert.deepEqual(buckets[0], { value: top, count: 286 });
    const users = termsResponse.parse(await get('/api/v1/aggregate', { q: query, field: 'user.name', size: '10' }));
    assert.deepEqual(
      users.buckets.map((bucket) => bucket.value),
      ['root', 'admin', 'ubuntu'],
    );
  });
});
