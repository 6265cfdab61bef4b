// End to end: syslog over TLS (RFC 5425) into the built server, sent with `openssl s_client` and
// with Node's tls client; client certificates as identity; TLS 1.2 minimum; certificate reload.
// Covers R-COLLECT-1 (syslog over TLS) and R-COLLECT-3 (encrypted in transit).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import tls from 'node:tls';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';
import { issue, makeCa, type CertFiles } from '../helpers/tls.ts';

const run = randomUUID().slice(0, 8);

let dir: string;
let ca: CertFiles;
let client: CertFiles;
let strangerClient: CertFiles;
let serverFiles: CertFiles; // the files the first server watches; replaced by the reload test
let plain: SpawnedServer; // TLS, no client certificates; reloads every 200 ms
let mutual: SpawnedServer; // TLS with --tls-client-ca

function syslogLine(marker: string, i: number): string {
  return `<134>1 ${new Date().toISOString()} web-7 tlsapp 77 ID1 - tls message ${i} ${marker}`;
}

function octetCounted(lines: readonly string[]): Buffer {
  return Buffer.concat(lines.map((line) => Buffer.from(`${Buffer.byteLength(line)} ${line}`)));
}

function tlsPort(server: SpawnedServer): number {
  assert.ok(server.syslogTls, 'the ready line reports syslogTls');
  return server.syslogTls.port;
}

interface Attempt {
  /** The client side finished a handshake. */
  readonly connected: boolean;
  readonly serialNumber?: string;
  readonly error?: Error & { code?: string };
}

/** Connect with Node's tls client, send `payload`, end, and report how it went (never rejects). */
async function sendWithNode(port: number, payload: Buffer, options: tls.ConnectionOptions = {}): Promise<Attempt> {
  const caPem = await readFile(ca.cert);
  return withTimeout(
    new Promise<Attempt>((resolve) => {
      let connected = false;
      let serialNumber: string | undefined;
      let failure: Error | undefined;
      const socket = tls.connect({ host: '127.0.0.1', port, ca: caPem, ...options }, () => {
        connected = true;
        serialNumber = socket.getPeerCertificate().serialNumber;
        socket.end(payload);
      });
      socket.on('data', () => undefined);
      socket.on('error', (error) => (failure = error));
      socket.on('close', () => resolve({ connected, ...(serialNumber ? { serialNumber } : {}), ...(failure ? { error: failure } : {}) }));
    }),
    20_000,
    'TLS client',
  );
}

async function search(server: SpawnedServer, query: string): Promise<Record<string, unknown>[]> {
  const token = (await readFile(server.tokenFile, 'utf8')).trim();
  const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: query, limit: '1000' })}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { events: Record<string, unknown>[] }).events;
}

async function findAll(server: SpawnedServer, marker: string, count: number): Promise<Record<string, unknown>[]> {
  return eventually(
    async () => {
      const events = await search(server, marker);
      return events.length >= count ? events : undefined;
    },
    20_000,
    `${count} events with ${marker}`,
  );
}

function checkEvents(events: readonly Record<string, unknown>[], marker: string, count: number, identity: string): void {
  assert.equal(events.length, count);
  const messages = new Set(events.map((event) => event['message']));
  for (let i = 0; i < count; i++) assert.ok(messages.has(`tls message ${i} ${marker}`), `message ${i} stored`);
  for (const event of events) {
    assert.equal(event['logwarden.source.protocol'], 'syslog-tls');
    assert.equal(event['logwarden.source.identity'] ?? '', identity);
    assert.match(event['logwarden.source.peer'] as string, /^127\.0\.0\.1:\d+$/);
    assert.equal(event['log.syslog.appname'], 'tlsapp');
    assert.equal(event['host.name'], 'web-7');
    assert.equal(event['process.pid'], 77);
    assert.equal(event['log.syslog.severity.code'], 6);
    assert.equal(event['logwarden.parse.error'] ?? null, null);
  }
}

function logged(server: SpawnedServer, message: string): Record<string, unknown>[] {
  return server.logs.filter((entry) => entry['msg'] === message);
}

describe('syslog over TLS end to end', () => {
  before(async () => {
    dir = await makeDataDir();
    ca = await makeCa(dir, 'ca');
    const stranger = await makeCa(dir, 'stranger-ca');
    const server1 = await issue(dir, 'server-1', ca, { subject: '/O=Example/CN=logwarden-server-1', serial: '1001', use: 'server' });
    client = await issue(dir, 'client', ca, { subject: '/O=Example/CN=web-1', serial: '2001', use: 'client' });
    strangerClient = await issue(dir, 'stranger-client', stranger, { subject: '/O=Elsewhere/CN=intruder', serial: '3001', use: 'client' });
    serverFiles = { cert: path.join(dir, 'live.pem'), key: path.join(dir, 'live.key') };
    await copyFile(server1.cert, serverFiles.cert);
    await copyFile(server1.key, serverFiles.key);
    const config = path.join(dir, 'tls.yaml');
    await writeFile(config, 'syslog:\n  tls:\n    reloadIntervalMs: 200\n');
    const tlsArgs = ['--syslog-tls', '127.0.0.1:0', '--tls-key', serverFiles.key];
    plain = await spawnServer(path.join(dir, 'plain'), [...tlsArgs, '--tls-cert', serverFiles.cert, '--config', config]);
    mutual = await spawnServer(path.join(dir, 'mutual'), [...tlsArgs, '--tls-cert', serverFiles.cert, '--tls-client-ca', ca.cert]);
  });
  after(async () => {
    await Promise.all([plain?.stop(), mutual?.stop()]);
    await removeDataDir(dir);
  });

  test('octet-counted messages sent with openssl s_client are all stored as syslog-tls', async () => {
    const marker = `tls${run}sclient`;
    const payload = octetCounted(Array.from({ length: 20 }, (_, i) => syslogLine(marker, i)));
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${tlsPort(plain)}`, '-CAfile', ca.cert, '-verify_return_error', '-verify_ip', '127.0.0.1', '-quiet', '-no_ign_eof'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(payload);
    const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', resolve)), 20_000, 'openssl s_client');
    assert.equal(code, 0, stderr);
    checkEvents(await findAll(plain, marker, 20), marker, 20, '');
  });

  test('octet-counted and LF-framed messages from Node tls.connect are all stored', async () => {
    const marker = `tls${run}node`;
    const lines = Array.from({ length: 50 }, (_, i) => syslogLine(marker, i));
    const attempt = await sendWithNode(tlsPort(plain), octetCounted(lines), { servername: 'localhost' });
    assert.equal(attempt.error, undefined);
    assert.ok(attempt.connected);
    const events = await findAll(plain, marker, 50);
    checkEvents(events, marker, 50, '');
    assert.equal(events[0]?.['logwarden.source.listener'], `127.0.0.1:${tlsPort(plain)}`);

    const lfMarker = `tls${run}lf`;
    const lf = await sendWithNode(tlsPort(plain), Buffer.from(Array.from({ length: 5 }, (_, i) => `${syslogLine(lfMarker, i)}\n`).join('')));
    assert.equal(lf.error, undefined);
    checkEvents(await findAll(plain, lfMarker, 5), lfMarker, 5, '');
  });

  test('a TLS 1.1 client is refused', async () => {
    const marker = `tls${run}old`;
    const attempt = await sendWithNode(tlsPort(plain), octetCounted([syslogLine(marker, 0)]), { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    assert.equal(attempt.connected, false);
    assert.ok(attempt.error, 'the handshake fails');
    const refusal = await eventually(async () => logged(plain, 'syslog TLS handshake refused')[0], 5000, 'the refusal is logged');
    assert.match((refusal['err'] as { message: string }).message, /version|protocol/i, 'refused by the server for its TLS version');
    // A later good connection is stored; the refused one never is.
    const after = `tls${run}afterold`;
    await sendWithNode(tlsPort(plain), octetCounted([syslogLine(after, 0)]));
    await findAll(plain, after, 1);
    assert.equal((await search(plain, marker)).length, 0);
  });

  test('with a client CA, only clients with a certificate from it are accepted, and the subject is the identity', async () => {
    const port = tlsPort(mutual);
    const refused = [
      { name: 'no certificate', marker: `tls${run}nocert`, options: {} },
      { name: 'certificate from another CA', marker: `tls${run}stranger`, options: { cert: await readFile(strangerClient.cert), key: await readFile(strangerClient.key) } },
    ];
    for (const { name, marker, options } of refused) {
      // TLS 1.2: the client learns of the refusal within the handshake.
      const attempt = await sendWithNode(port, octetCounted([syslogLine(marker, 0)]), { ...options, maxVersion: 'TLSv1.2' });
      assert.equal(attempt.connected, false, name);
      assert.ok(attempt.error, `${name}: the handshake fails`);
      // TLS 1.3: the client may finish its side and write before the server's alert arrives.
      await sendWithNode(port, octetCounted([syslogLine(marker, 1)]), options);
    }
    await eventually(async () => (logged(mutual, 'syslog TLS handshake refused').length >= 4 ? true : undefined), 5000, 'every refusal is logged');
    const marker = `tls${run}mutual`;
    const attempt = await sendWithNode(port, octetCounted(Array.from({ length: 10 }, (_, i) => syslogLine(marker, i))), {
      cert: await readFile(client.cert),
      key: await readFile(client.key),
    });
    assert.equal(attempt.error, undefined);
    checkEvents(await findAll(mutual, marker, 10), marker, 10, 'CN=web-1,O=Example');
    for (const { marker: refusedMarker } of refused) assert.equal((await search(mutual, refusedMarker)).length, 0, 'nothing of a refused client is stored');
  });

  test('a replaced certificate is used by new connections without a restart; a bad one is logged and the old kept', async () => {
    const port = tlsPort(plain);
    assert.equal((await sendWithNode(port, Buffer.alloc(0))).serialNumber?.toUpperCase(), '1001');

    await writeFile(`${serverFiles.cert}.tmp`, '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n');
    await rename(`${serverFiles.cert}.tmp`, serverFiles.cert);
    await eventually(async () => (logged(plain, 'syslog TLS certificate reload failed: keeping the previous certificate').length > 0 ? true : undefined), 10_000, 'bad certificate logged');
    const stillOld = await sendWithNode(port, Buffer.alloc(0));
    assert.equal(stillOld.error, undefined);
    assert.equal(stillOld.serialNumber?.toUpperCase(), '1001');

    const server2 = await issue(dir, 'server-2', ca, { subject: '/O=Example/CN=logwarden-server-2', serial: '1002', use: 'server' });
    await copyFile(server2.key, `${serverFiles.key}.tmp`);
    await rename(`${serverFiles.key}.tmp`, serverFiles.key);
    await copyFile(server2.cert, `${serverFiles.cert}.tmp`);
    await rename(`${serverFiles.cert}.tmp`, serverFiles.cert);
    const serial = await eventually(
      async () => {
        const attempt = await sendWithNode(port, Buffer.alloc(0));
        return attempt.serialNumber?.toUpperCase() === '1002' ? attempt.serialNumber : undefined;
      },
      10_000,
      'the new certificate is served',
    );
    assert.equal(serial.toUpperCase(), '1002');
    const reloaded = logged(plain, 'syslog TLS certificate reloaded');
    assert.equal(reloaded.at(-1)?.['subject'], 'CN=logwarden-server-2,O=Example');

    const marker = `tls${run}reloaded`;
    const attempt = await sendWithNode(port, octetCounted([syslogLine(marker, 0)]));
    assert.equal(attempt.error, undefined);
    checkEvents(await findAll(plain, marker, 1), marker, 1, '');
  });
});
