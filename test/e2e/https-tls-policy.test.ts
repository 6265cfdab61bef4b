// End to end: HTTPS for the API (--http-tls-cert/--http-tls-key) and one TLS policy on every TLS
// listener (HTTPS API, syslog over TLS, RELP over TLS): TLS 1.2 at least and only forward-secret
// AEAD suites, checked with `openssl s_client`; the CLI against the HTTPS API with a private CA
// through NODE_EXTRA_CA_CERTS. Covers R-COLLECT-3 (TLS in transit) and R-ACCESS-1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeDataDir, removeDataDir, runCli, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';
import { issue, makeCa, type CertFiles } from '../helpers/tls.ts';

let dir: string;
let ca: CertFiles;
let serverFiles: CertFiles;
let server: SpawnedServer;

interface Handshake {
  readonly code: number | null;
  readonly output: string;
}

/** `openssl s_client` with the given protocol and cipher flags; stdin closed at once. */
async function sClient(port: number, flags: string[]): Promise<Handshake> {
  const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', ca.cert, ...flags], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end();
  const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', resolve)), 20_000, 'openssl s_client');
  return { code, output };
}

async function getHttps(route: string, token?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const caPem = await readFile(ca.cert);
  return new Promise((resolve, reject) => {
    const request = https.get(new URL(route, server.httpUrl), { ca: caPem, headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

function listeners(): { name: string; port: number }[] {
  assert.ok(server.syslogTls && server.relp);
  return [
    { name: 'HTTPS API', port: Number(new URL(server.httpUrl).port) },
    { name: 'syslog TLS', port: server.syslogTls.port },
    { name: 'RELP TLS', port: server.relp.port },
  ];
}

describe('HTTPS API and the TLS policy of every listener', () => {
  before(async () => {
    dir = await makeDataDir();
    ca = await makeCa(dir, 'ca');
    // RSA: so that RSA-only suites such as AES128-SHA could be negotiated if the policy allowed them.
    serverFiles = await issue(dir, 'server', ca, { subject: '/CN=localhost', serial: '10', use: 'server', key: 'rsa' });
    const tlsFlags = ['--tls-cert', serverFiles.cert, '--tls-key', serverFiles.key];
    server = await spawnServer(path.join(dir, 'data'), [
      '--http-tls-cert',
      serverFiles.cert,
      '--http-tls-key',
      serverFiles.key,
      '--syslog-tls',
      '127.0.0.1:0',
      '--relp',
      '127.0.0.1:0',
      '--relp-tls',
      ...tlsFlags,
    ]);
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dir);
  });

  test('R-COLLECT-3: with --http-tls-cert/--http-tls-key the ready line reports an https:// URL and the API answers over TLS only', async () => {
    assert.match(server.httpUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await getHttps('/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.headers['x-content-type-options'], 'nosniff');
    const token = (await readFile(server.tokenFile, 'utf8')).trim();
    assert.equal((await getHttps('/api/v1/count', token)).status, 200);
    const plain = await fetch(server.httpUrl.replace('https:', 'http:') + '/healthz').then(
      (response) => response.status,
      () => 'refused',
    );
    assert.notEqual(plain, 200, 'plain HTTP is not served on the HTTPS listener');
  });

  test('R-COLLECT-3: the CLI reaches the HTTPS API with a private CA given in NODE_EXTRA_CA_CERTS, and refuses it without', async () => {
    const args = ['--server', server.httpUrl, '--token-file', server.tokenFile, 'count'];
    const trusted = await runCli(args, { NODE_EXTRA_CA_CERTS: ca.cert });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /^\d+\n$/);
    const untrusted = await runCli(args, { NODE_EXTRA_CA_CERTS: '' });
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /LW_CLI_SERVER: no logwarden API at https:.*certificate.*NODE_EXTRA_CA_CERTS/i);
  });

  for (const [index, listener] of ['HTTPS API', 'syslog TLS', 'RELP TLS'].entries()) {
    test(`R-COLLECT-3: ${listener} refuses AES128-SHA, non-forward-secret and CBC suites and TLS 1.1; accepts ECDHE AEAD suites and TLS 1.3`, async () => {
      const { name, port } = listeners()[index] as { name: string; port: number };
      for (const cipher of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA']) {
        const refused = await sClient(port, ['-tls1_2', '-cipher', cipher]);
        assert.notEqual(refused.code, 0, `${name} must refuse ${cipher}:\n${refused.output}`);
      }
      const old = await sClient(port, ['-tls1_1']);
      assert.notEqual(old.code, 0, `${name} must refuse TLS 1.1`);
      for (const cipher of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305']) {
        const accepted = await sClient(port, ['-tls1_2', '-cipher', cipher, '-verify_return_error']);
        assert.equal(accepted.code, 0, `${name} must accept ${cipher}:\n${accepted.output}`);
        assert.match(accepted.output, new RegExp(`Cipher is ${cipher}`), name);
      }
      const modern = await sClient(port, ['-tls1_3', '-verify_return_error']);
      assert.equal(modern.code, 0, `${name} must accept TLS 1.3:\n${modern.output}`);
      assert.match(modern.output, /TLSv1\.3/, name);
    });
  }

  test('http.tls needs both files: a certificate without a key is a config error naming the missing flag', async () => {
    const missing = await runCli(['serve', '--data-dir', path.join(dir, 'unused'), '--http-tls-cert', serverFiles.cert]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /LW_CONFIG_INVALID.*\n.*http\.tls\.key.*--http-tls-key/);
    const unreadable = await runCli(['serve', '--data-dir', path.join(dir, 'unused'), '--http-tls-cert', path.join(dir, 'nope.pem'), '--http-tls-key', serverFiles.key]);
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.stderr, /LW_FILE_UNREADABLE: http\.tls\.cert: cannot read .*nope\.pem/);
  });
});
