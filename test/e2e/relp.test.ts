// End to end: RELP into the built server, sent by a real rsyslogd (omrelp) and by a raw Node
// socket. Acks only after durable storage: a logwarden stopped mid-stream and restarted on the same
// data dir and port loses nothing rsyslog sent (duplicates are allowed by RELP and counted).
// Covers R-COLLECT-1 (RELP), R-STORE-1 (acknowledged = durable).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encodeRelpFrame, RelpParser, type RelpFrame } from '../../src/codecs/relp.ts';
import { issue, makeCa, type CertFiles } from '../helpers/tls.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
const rsyslogs = new Set<ChildProcess>();
const dirs: string[] = [];

/** Kill any rsyslogd a failed test left running, and remove their directories. */
async function cleanUpRsyslogs(): Promise<void> {
  for (const child of rsyslogs) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await removeDataDir(dir);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Rsyslog {
  /** imtcp port the test writes LF-framed syslog lines to. */
  readonly inputPort: number;
  stop(): Promise<void>;
}

/** The omrelp forwarding action the docs show (docs/sources.md). */
function omrelpAction(relpPort: number, tlsParams = ''): string {
  return `action(type="omrelp" target="127.0.0.1" port="${relpPort}"
         template="RSYSLOG_SyslogProtocol23Format"${tlsParams}
         action.resumeRetryCount="-1" action.resumeInterval="1"
         queue.type="LinkedList" queue.size="100000")`;
}

/** An rsyslogd config: an imtcp input for the test, forwarded by `action`. */
function rsyslogConf(workDir: string, inputPort: number, action: string, globals = ''): string {
  return `global(workDirectory="${workDir}"${globals})
module(load="imtcp")
module(load="omrelp")
input(type="imtcp" address="127.0.0.1" port="${inputPort}" ruleset="to-logwarden")
ruleset(name="to-logwarden") {
  ${action}
}
`;
}

async function startRsyslog(relpPort: number, options: { action?: string; globals?: string } = {}): Promise<Rsyslog> {
  const dir = await makeDataDir();
  dirs.push(dir);
  const workDir = path.join(dir, 'work');
  await mkdir(workDir);
  const inputPort = await freePort();
  const conf = path.join(dir, 'rsyslog.conf');
  await writeFile(conf, rsyslogConf(workDir, inputPort, options.action ?? omrelpAction(relpPort), options.globals ?? ''));
  const child = spawn('rsyslogd', ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  rsyslogs.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rsyslogs.delete(child));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${output}`);
      return (await canConnect(inputPort)) ? true : undefined;
    },
    20_000,
    'rsyslogd imtcp input listening',
  );
  return {
    inputPort,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await withTimeout(exited, 20_000, 'rsyslogd stop');
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function sendAndFind(rsyslog: Rsyslog, server: SpawnedServer, marker: string, count: number): Promise<Record<string, unknown>[]> {
  const input = await openInput(rsyslog.inputPort);
  for (let i = 0; i < count; i++) input.write(line(marker, i));
  input.end();
  const events = await eventually(
    async () => {
      const found = await search(server, marker);
      return found.length >= count ? found : undefined;
    },
    30_000,
    `${count} events`,
  );
  assert.equal(tally(events, marker).size, count);
  assert.equal(events.length, count);
  return events;
}

function line(marker: string, i: number): string {
  return `<134>1 ${new Date().toISOString()} relp-host relpapp 42 - - relp message ${i} ${marker}\n`;
}

async function openInput(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

async function search(server: SpawnedServer, query: string): Promise<Record<string, unknown>[]> {
  const token = (await readFile(server.tokenFile, 'utf8')).trim();
  const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: query, limit: '10000' })}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { events: Record<string, unknown>[] }).events;
}

/** How many times each message number was stored. */
function tally(events: readonly Record<string, unknown>[], marker: string): Map<number, number> {
  const seen = new Map<number, number>();
  for (const event of events) {
    const match = new RegExp(`^relp message (\\d+) ${marker}$`).exec(String(event['message']));
    assert.ok(match, `unexpected message ${String(event['message'])}`);
    const i = Number(match[1]);
    seen.set(i, (seen.get(i) ?? 0) + 1);
  }
  return seen;
}

function relpPort(server: SpawnedServer): number {
  assert.ok(server.relp, 'the ready line reports relp');
  return server.relp.port;
}

describe('RELP', () => {
  let dataDir: string;
  let server: SpawnedServer;

  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir, ['--relp', '127.0.0.1:0']);
  });

  after(async () => {
    await cleanUpRsyslogs();
    await server?.stop();
    await removeDataDir(dataDir);
  });

  test('rsyslogd (omrelp) forwards N messages; all are stored once, as protocol relp', async () => {
    const rsyslog = await startRsyslog(relpPort(server));
    try {
      const events = await sendAndFind(rsyslog, server, `relp-${run}-a`, 500);
      for (const event of events) {
        assert.equal(event['logwarden.source.protocol'], 'relp');
        assert.equal(event['host.hostname'], 'relp-host');
        assert.equal(event['process.name'], 'relpapp');
      }
    } finally {
      await rsyslog.stop();
    }
  });

  test('SIGTERM and restart mid-stream: no message rsyslogd sent is lost', async () => {
    const port = relpPort(server);
    const rsyslog = await startRsyslog(port);
    try {
      const marker = `relp-${run}-restart`;
      const count = 3000;
      const input = await openInput(rsyslog.inputPort);
      let sent = 0;
      const sending = (async () => {
        while (sent < count) {
          for (let k = 0; k < 25 && sent < count; k++) input.write(line(marker, sent++));
          await sleep(10);
        }
        input.end();
      })();
      await eventually(async () => (sent >= count / 3 ? true : undefined), 20_000, 'a third sent');
      const code = await server.stop();
      assert.equal(code, 0, 'clean stop');
      const sentBeforeRestart = sent;
      server = await spawnServer(dataDir, ['--relp', `127.0.0.1:${port}`]);
      assert.equal(relpPort(server), port);
      await sending;
      const events = await eventually(
        async () => {
          const found = await search(server, marker);
          return new Set(found.map((e) => e['message'])).size >= count ? found : undefined;
        },
        60_000,
        `all ${count} messages`,
      );
      const seen = tally(events, marker);
      const missing = [...Array(count).keys()].filter((i) => !seen.has(i));
      assert.deepEqual(missing, [], 'no message lost');
      const duplicates = events.length - seen.size;
      // RELP resends what was not acknowledged when the session broke: duplicates are allowed.
      console.log(`RELP restart: ${count} sent (${sentBeforeRestart} by the time logwarden had stopped), ${events.length} stored, ${duplicates} duplicates`);
      for (const event of events) assert.equal(event['logwarden.source.protocol'], 'relp');
    } finally {
      await rsyslog.stop();
    }
  });

  test('a malformed frame gets 500 and serverclose; the valid frames before it are acked and stored', async () => {
    const marker = `relp-${run}-raw`;
    const message = (i: number): string => `<13>1 2026-01-02T03:04:05Z raw-host rawapp - - - relp message ${i} ${marker}`;
    const payload = Buffer.concat([
      encodeRelpFrame(1, 'open', 'relp_version=0\nrelp_software=test\ncommands=syslog'),
      encodeRelpFrame(2, 'syslog', message(0)),
      encodeRelpFrame(3, 'syslog', message(1)),
      Buffer.from('4 syslog 99999999999 broken\n'),
      encodeRelpFrame(5, 'syslog', message(2)),
    ]);
    const replies = await withTimeout(
      new Promise<RelpFrame[]>((resolve, reject) => {
        const parser = new RelpParser({ maxDataBytes: 4096 });
        const frames: RelpFrame[] = [];
        const socket = net.connect(relpPort(server), '127.0.0.1', () => socket.write(payload));
        socket.on('data', (chunk: Buffer) => frames.push(...parser.push(chunk).frames));
        socket.on('error', reject);
        socket.on('close', () => resolve(frames));
      }),
      20_000,
      'server closes the session',
    );
    const shown = replies.map((f) => `${f.txnr} ${f.command} ${f.data.toString()}`);
    assert.equal(shown[0], '1 rsp 200 OK\nrelp_version=0\nrelp_software=logwarden\ncommands=syslog');
    assert.equal(shown[1], '2 rsp 200 OK');
    assert.equal(shown[2], '3 rsp 200 OK');
    assert.match(shown[3] ?? '', /^4 rsp 500 /);
    assert.equal(shown[4], '0 serverclose ');
    assert.equal(shown.length, 5, 'nothing after serverclose; frame 5 is not answered');
    // Acked means stored: the two are searchable right away.
    const seen = tally(await search(server, marker), marker);
    assert.deepEqual([...seen.keys()].sort(), [0, 1]);
  });
});

describe('rsyslogd over TLS: RELP over TLS and syslog over TLS (RFC 5425)', () => {
  let dir: string;
  let ca: CertFiles;
  let client: CertFiles;
  let server: SpawnedServer;

  before(async () => {
    dir = await makeDataDir();
    ca = await makeCa(dir, 'ca');
    const serverFiles = await issue(dir, 'server', ca, { subject: '/O=Example/CN=localhost', serial: '1001', use: 'server' });
    client = await issue(dir, 'client', ca, { subject: '/O=Example/CN=rsyslog-1', serial: '2001', use: 'client' });
    server = await spawnServer(path.join(dir, 'data'), [
      '--relp',
      '127.0.0.1:0',
      '--relp-tls',
      '--syslog-tls',
      '127.0.0.1:0',
      '--tls-cert',
      serverFiles.cert,
      '--tls-key',
      serverFiles.key,
      '--tls-client-ca',
      ca.cert,
    ]);
  });

  after(async () => {
    await cleanUpRsyslogs();
    await server?.stop();
    await removeDataDir(dir);
  });

  test('omrelp with tls="on" and a client certificate: stored as relp-tls with the certificate subject', async () => {
    const tlsParams = `
         tls="on" tls.caCert="${ca.cert}" tls.myCert="${client.cert}" tls.myPrivKey="${client.key}"
         tls.authMode="name" tls.permittedPeer=["localhost"]`;
    const rsyslog = await startRsyslog(0, { action: omrelpAction(relpPort(server), tlsParams) });
    try {
      const events = await sendAndFind(rsyslog, server, `relp-${run}-tls`, 200);
      for (const event of events) {
        assert.equal(event['logwarden.source.protocol'], 'relp-tls');
        assert.equal(event['logwarden.source.identity'], 'CN=rsyslog-1,O=Example');
      }
    } finally {
      await rsyslog.stop();
    }
  });

  test('omfwd over gtls, octet-counted RFC 5424: stored as syslog-tls with the certificate subject', async () => {
    assert.ok(server.syslogTls);
    const action = `action(type="omfwd" target="127.0.0.1" port="${server.syslogTls.port}" protocol="tcp"
         StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="localhost"
         TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`;
    const globals = ` defaultNetstreamDriverCAFile="${ca.cert}" defaultNetstreamDriverCertFile="${client.cert}" defaultNetstreamDriverKeyFile="${client.key}"`;
    const rsyslog = await startRsyslog(0, { action, globals });
    try {
      const events = await sendAndFind(rsyslog, server, `relp-${run}-omfwd`, 200);
      for (const event of events) {
        assert.equal(event['logwarden.source.protocol'], 'syslog-tls');
        assert.equal(event['logwarden.source.identity'], 'CN=rsyslog-1,O=Example');
      }
    } finally {
      await rsyslog.stop();
    }
  });
});
