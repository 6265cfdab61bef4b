// End to end: the built CLI as a newcomer meets it. Against a real server: `proof` of a record the
// next checkpoint will cover, output piped into `head`, `--server HOST:PORT` without a scheme.
// Against things that are not logwarden (real sockets in this process): a refused port, a
// non-HTTP answer, a plain-text HTTP 400 like a syslog port gives, a silent server, a closed
// connection. And `fields`, which needs no server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIELDS } from '../../src/schema/fields.ts';
import { ingest, readToken } from '../helpers/ledger.ts';
import { makeDataDir, removeDataDir, ROOT, runCli, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

const CLI = path.join(ROOT, 'dist/cli/main.js');

describe('the CLI against a running server', () => {
  let server: SpawnedServer;
  let dataDir: string;
  const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);

  before(async () => {
    dataDir = await makeDataDir();
    // One checkpoint at start, then none for a minute: the newest records stay uncovered.
    const config = path.join(dataDir, 'slow-checkpoints.yaml');
    await writeFile(config, 'ledger:\n  checkpointIntervalMs: 60000\n  idleCheckpointSeconds: 86400\n');
    server = await spawnServer(dataDir, ['--config', config]);
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  // Runs first: the server's first minute is when its newest record is sure to be uncovered.
  test('proof of a stored record the next checkpoint will cover: 503, when it is due, Retry-After; the CLI prints it (R-TAMPER-1)', async () => {
    await ingest(server, [{ message: 'not yet checkpointed' }]);
    const response = await fetch(`${server.httpUrl}/api/v1/ledger/proof/inclusion?seq=0`, {
      headers: { authorization: `Bearer ${await readToken(server)}` },
    });
    const body = (await response.json()) as { error: { code: string; message: string; retryAfterSeconds: number } };
    assert.equal(response.status, 503, JSON.stringify(body));
    assert.equal(body.error.code, 'LW_UNAVAILABLE');
    assert.match(body.error.message, /record 0 is stored but not yet covered by a signed checkpoint \(the latest covers no records yet\)/);
    assert.match(body.error.message, /next checkpoint is due in about \d+ s \(ledger\.checkpointIntervalMs is 60000 ms\)/);
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 61, `Retry-After ${response.headers.get('retry-after')}`);
    assert.equal(body.error.retryAfterSeconds, retryAfter);

    const proof = await cli(['proof', '0']);
    assert.equal(proof.code, 1);
    assert.equal(proof.stdout, '');
    assert.match(proof.stderr, /^LW_CLI_SERVER: http:\/\/127\.0\.0\.1:\d+ answered LW_UNAVAILABLE: record 0 is stored but not yet covered .* retry then \(Retry-After: \d+ s\)\n$/);
  });

  test('proof of a record that is not stored: 404 naming what the latest checkpoint covers', async () => {
    const proof = await cli(['proof', '999999']);
    assert.equal(proof.code, 1);
    assert.match(proof.stderr, /LW_NOT_FOUND: record 999999 is not stored; the latest signed checkpoint covers/);
  });

  test('search piped into `head -1` on many events: one line out, no stack trace, the CLI exits 0', async () => {
    await ingest(
      server,
      Array.from({ length: 3000 }, (_, index) => ({ message: `line ${index} ${'x'.repeat(200)}` })),
    );
    // Far more than a pipe holds (64 KiB), so the CLI is still writing when head has gone.
    const script = `"${process.execPath}" "${CLI}" --server "${server.httpUrl}" --token-file "${server.tokenFile}" search --limit 3000 '' | head -1; echo "cli-exit=\${PIPESTATUS[0]}" >&2`;
    const shell = spawn('bash', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await withTimeout(new Promise((resolve) => shell.once('close', resolve)), 60_000, 'search | head -1');
    assert.equal(stdout.split('\n').filter(Boolean).length, 1, stdout.slice(0, 500));
    assert.ok((JSON.parse(stdout) as { message: string }).message.startsWith('line '));
    assert.equal(stderr, 'cli-exit=0\n', stderr);
  });

  test('--server HOST:PORT without a scheme means http://HOST:PORT', async () => {
    const hostPort = new URL(server.httpUrl).host;
    const count = await runCli(['--server', hostPort, '--token-file', server.tokenFile, 'count']);
    assert.equal(count.code, 0, count.stderr);
    assert.match(count.stdout, /^\d+\n$/);
  });
});

/** A TCP server in this process that does `onConnection` with every socket; resolves to HOST:PORT. */
async function rawServer(onConnection: (socket: net.Socket) => void): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

describe('the CLI against something that is not a logwarden API', () => {
  const count = (server: string, extra: string[] = []) => runCli(['--server', server, ...extra, 'count'], { LOGWARDEN_TOKEN: 'irrelevant' });

  test('a refused port: "no logwarden API at URL: connection refused"', async () => {
    const closed = await rawServer(() => undefined);
    await closed.close(); // the port was just free: nothing listens there now
    const result = await count(`http://${closed.address}`);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `LW_CLI_SERVER: no logwarden API at http://${closed.address}: connection refused (is the server running? see --server)\n`);
  });

  test('a non-HTTP answer (bytes that are not a status line)', async () => {
    const garbage = await rawServer((socket) => socket.once('data', () => socket.end('\x00\x01<13>Oct 11 22:14:15 not http\n')));
    try {
      const result = await count(garbage.address);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`^LW_CLI_SERVER: no logwarden API at http://${garbage.address}: got a non-HTTP answer \\(is --server the HTTP API address, not a syslog or RELP port\\?\\)\n$`),
      );
    } finally {
      await garbage.close();
    }
  });

  test('HTTP/1.1 400 with a plain-text body, as a syslog port answers an HTTP request', async () => {
    const text = 'this is a syslog port: send syslog lines, not HTTP\n';
    const syslogPort = await rawServer((socket) =>
      socket.once('data', () => socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`)),
    );
    try {
      const result = await count(syslogPort.address);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^LW_CLI_SERVER: no logwarden API at http:\/\/127\.0\.0\.1:\d+: got HTTP 400 \(text\/plain\) that is not a logwarden answer: "this is a syslog port: send syslog lines, not HTTP" \(is --server the logwarden HTTP API address\?\)\n$/,
      );
    } finally {
      await syslogPort.close();
    }
  });

  test('a server that accepts and says nothing: a timeout that says so (--timeout)', async () => {
    const silent = await rawServer(() => undefined);
    try {
      const result = await count(silent.address, ['--timeout', '1s']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^LW_CLI_SERVER: no logwarden API at http:\/\/127\.0\.0\.1:\d+: no answer within 1 s: the connection was accepted but nothing came back .*raise --timeout.*\n$/);
    } finally {
      await silent.close();
    }
  });

  test('a server that closes the connection without answering', async () => {
    const closing = await rawServer((socket) => socket.once('data', () => socket.destroy()));
    try {
      const result = await count(closing.address);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^LW_CLI_SERVER: no logwarden API at http:\/\/127\.0\.0\.1:\d+: the connection was closed without an answer/);
    } finally {
      await closing.close();
    }
  });

  test('a --server that is not an http URL, and a --timeout that is not a duration, are refused by name', async () => {
    const ftp = await count('ftp://127.0.0.1:21');
    assert.equal(ftp.code, 1);
    assert.equal(ftp.stderr, 'LW_CLI_SERVER: --server: expected an http:// or https:// URL, found "ftp://127.0.0.1:21" (scheme ftp:)\n');
    const timeout = await count('127.0.0.1:9', ['--timeout', 'soon']);
    assert.equal(timeout.code, 1);
    assert.match(timeout.stderr, /^LW_CLI_SERVER: --timeout: expected a duration/);
  });
});

describe('logwarden fields', () => {
  test('--format json lists every field of the registry with its type, kind and aliases', async () => {
    const result = await runCli(['fields', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const listed = JSON.parse(result.stdout) as { name: string; type: string; kind: string; aliases: string[] }[];
    assert.deepEqual(
      listed.map(({ name, type, kind }) => ({ name, type, kind })),
      FIELDS.map(({ name, type, kind }) => ({ name, type, kind })),
    );
    assert.deepEqual(listed.find((field) => field.name === 'host.name')?.aliases, ['host']);
  });

  test('the default table has a header and one line per field naming its kind and type', async () => {
    const result = await runCli(['fields']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] as string, /^field\s+kind\s+type\s+aliases\s+description$/);
    assert.equal(lines.length, FIELDS.length + 1);
    for (const [index, field] of FIELDS.entries()) {
      const cells = (lines[index + 1] as string).split(/\s{2,}/);
      assert.deepEqual(cells.slice(0, 3), [field.name, field.kind, field.type], lines[index + 1]);
    }
  });
});
