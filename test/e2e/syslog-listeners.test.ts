// End to end: the syslog listeners against hostile clients and newcomer mistakes, on the built
// server with real clients. An HTTP client on a syslog port gets an answer and leaves one flagged
// event without its headers (R-TAMPER-1: a token stored there could never be removed; R-ACCESS-1);
// connection caps and idle timeouts; a stop that does not wait for idle clients; UDP loss made
// visible (R-STORE-1). TLS listeners cover R-COLLECT-3.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import tls from 'node:tls';
import { encodeRelpFrame, RelpParser, type RelpFrame } from '../../src/codecs/relp.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';
import { issue, makeCa, type CertFiles } from '../helpers/tls.ts';

const run = randomUUID().slice(0, 8);
let dir: string;
let ca: CertFiles;
let serverCert: CertFiles;

async function configFile(name: string, yaml: string): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  return file;
}

/** A server with syslog TCP, UDP, TLS and RELP listeners and the given `syslog` settings. */
async function startWith(name: string, syslogYaml: string, storageYaml = ''): Promise<SpawnedServer> {
  const config = await configFile(name, `syslog:\n${syslogYaml}${storageYaml}`);
  return spawnServer(path.join(dir, name), ['--config', config, '--syslog-tls', '127.0.0.1:0', '--tls-cert', serverCert.cert, '--tls-key', serverCert.key, '--relp', '127.0.0.1:0']);
}

async function token(server: SpawnedServer): Promise<string> {
  return (await readFile(server.tokenFile, 'utf8')).trim();
}

async function search(server: SpawnedServer, query: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: query, limit: '1000' })}`, { headers: { authorization: `Bearer ${await token(server)}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { events: Record<string, unknown>[] }).events;
}

async function count(server: SpawnedServer, query: string): Promise<number> {
  const response = await fetch(`${server.httpUrl}/api/v1/count?${new URLSearchParams({ q: query })}`, { headers: { authorization: `Bearer ${await token(server)}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { count: number }).count;
}

/** One sample of /metrics, e.g. metric(server, 'logwarden_syslog_connections', 'protocol="syslog-tcp"'). */
async function metric(server: SpawnedServer, name: string, labels: string): Promise<number | undefined> {
  const response = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${await token(server)}` } });
  assert.equal(response.status, 200);
  const line = (await response.text()).split('\n').find((entry) => entry.startsWith(`${name}{`) && entry.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function syslogLine(marker: string, i: number): string {
  return `<134>1 ${new Date().toISOString()} web-9 listenapp 7 - - listener message ${i} ${marker}`;
}

/**
 * A plain TCP client that reports when the server closed on it. `halfOpen`: like a sender that
 * never reads (rsyslog), it does not hang up when the server ends its side; `closed` then
 * resolves when the server's end arrives.
 */
async function connectTcp(port: number, halfOpen = false): Promise<{ socket: net.Socket; closed: Promise<string> }> {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: halfOpen });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => {
    socket.once('close', () => resolve(received));
    socket.once('end', () => resolve(received));
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

async function connectTls(port: number, halfOpen = false): Promise<{ socket: tls.TLSSocket; closed: Promise<void> }> {
  const caPem = await readFile(ca.cert);
  // Node's TLS socket takes allowHalfOpen like a net socket; its typings do not list it.
  const options: tls.ConnectionOptions & { allowHalfOpen: boolean } = { host: '127.0.0.1', port, ca: caPem, allowHalfOpen: halfOpen };
  const socket = tls.connect(options);
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

/** A RELP client that opened its session; `frames` collects what the server sends. */
async function openRelp(port: number): Promise<{ socket: net.Socket; frames: RelpFrame[]; closed: Promise<void> }> {
  const { socket, closed } = await connectTcp(port);
  const parser = new RelpParser({ maxDataBytes: 1 << 20 });
  const frames: RelpFrame[] = [];
  socket.removeAllListeners('data');
  socket.on('data', (chunk: Buffer) => frames.push(...parser.push(chunk).frames));
  socket.write(encodeRelpFrame(1, 'open', Buffer.from('relp_version=0\nrelp_software=test\ncommands=syslog')));
  await eventually(async () => (frames.some((frame) => frame.txnr === 1) ? true : undefined), 10_000, 'RELP open answered');
  return { socket, frames, closed: closed.then(() => undefined) };
}

function port(address: { port: number } | undefined, what: string): number {
  assert.ok(address, `the ready line reports ${what}`);
  return address.port;
}

before(async () => {
  dir = await makeDataDir();
  ca = await makeCa(dir, 'ca');
  serverCert = await issue(dir, 'server', ca, { subject: '/CN=localhost', serial: '5001', use: 'server' });
});
after(async () => removeDataDir(dir));

describe('syslog listeners under hostile clients and newcomer mistakes', () => {
  let limited: SpawnedServer; // maxConnections 2, tiny UDP receive buffer
  let idle: SpawnedServer; // idleTimeoutSeconds 1

  before(async () => {
    [limited, idle] = await Promise.all([startWith('limited', '  maxConnections: 2\n  udpReceiveBufferBytes: 4096\n'), startWith('idle', '  idleTimeoutSeconds: 1\n')]);
  });
  after(async () => {
    await Promise.all([limited?.stop(), idle?.stop()]);
  });

  test('R-TAMPER-1: fetch with a bearer token at the syslog TCP port gets a 400 at once; one flagged event, no header stored', async () => {
    const secret = await token(limited);
    const path = `/api/v1/search${run}tcp`;
    const response = await withTimeout(
      fetch(`http://127.0.0.1:${limited.syslogTcp.port}${path}?q=x`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'x-marker': `hdr${run}` }, body: `body with ${secret}` }),
      20_000,
      'fetch against the syslog port',
    );
    assert.equal(response.status, 400);
    assert.match(await response.text(), /logwarden syslog-tcp port .*not the logwarden HTTP API/);
    const events = await eventually(
      async () => {
        const found = await search(limited, 'logwarden.parse.error:http_request logwarden.source.protocol:syslog-tcp');
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the flagged event',
    );
    assert.equal(events.length, 1, 'exactly one event for the request');
    const [event] = events;
    assert.match(event?.['message'] as string, new RegExp(`^HTTP request on a syslog port from 127\\.0\\.0\\.1:\\d+: POST ${path.replace(/\//g, '\\/')} `));
    assert.equal(event?.['event.original'], `POST ${path} HTTP/1.1`);
    const everything = JSON.stringify(await search(limited, '*'));
    assert.ok(!everything.includes(secret), 'the token is stored nowhere');
    assert.ok(!everything.includes(`hdr${run}`) && !/x-marker|authorization/i.test(everything), 'no header is stored');
    assert.ok(((await metric(limited, 'logwarden_events_rejected_total', 'reason="http_request"')) ?? 0) >= 1);
  });

  test('R-TAMPER-1, R-COLLECT-3: an HTTPS request at the syslog TLS port and an HTTP one at the RELP port are answered and flagged', async () => {
    const secret = await token(limited);
    const caPem = await readFile(ca.cert);
    const status = await withTimeout(
      new Promise<number>((resolve, reject) => {
        const request = https.request({ host: '127.0.0.1', port: port(limited.syslogTls, 'syslogTls'), path: `/tls${run}`, ca: caPem, headers: { authorization: `Bearer ${secret}` } }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode ?? 0));
        });
        request.on('error', reject);
        request.end();
      }),
      20_000,
      'https request against the syslog TLS port',
    );
    assert.equal(status, 400);
    const relpAnswer = await withTimeout(fetch(`http://127.0.0.1:${port(limited.relp, 'relp')}/relp${run}`, { headers: { authorization: `Bearer ${secret}` } }), 20_000, 'fetch against RELP');
    assert.equal(relpAnswer.status, 400);
    assert.match(await relpAnswer.text(), /logwarden relp port/);
    for (const [protocol, target] of [
      ['syslog-tls', `/tls${run}`],
      ['relp', `/relp${run}`],
    ] as const) {
      const events = await eventually(
        async () => {
          const found = await search(limited, `logwarden.parse.error:http_request logwarden.source.protocol:${protocol}`);
          return found.length > 0 ? found : undefined;
        },
        20_000,
        `the ${protocol} flagged event`,
      );
      assert.equal(events.length, 1);
      assert.equal(events[0]?.['event.original'], `GET ${target} HTTP/1.1`);
    }
    assert.ok(!JSON.stringify(await search(limited, '*')).includes(secret), 'the token is stored nowhere');
  });

  test('a connection over syslog.maxConnections is closed at once and counted; the open ones keep working', async () => {
    const tcpPort = limited.syslogTcp.port;
    await eventually(async () => ((await metric(limited, 'logwarden_syslog_connections', 'protocol="syslog-tcp"')) === 0 ? true : undefined), 20_000, 'no connection left open');
    const first = await connectTcp(tcpPort);
    const second = await connectTcp(tcpPort);
    await eventually(async () => ((await metric(limited, 'logwarden_syslog_connections', 'protocol="syslog-tcp"')) === 2 ? true : undefined), 20_000, 'two open');
    const refusedBefore = (await metric(limited, 'logwarden_syslog_connections_refused_total', 'protocol="syslog-tcp"')) ?? 0;
    const third = await connectTcp(tcpPort);
    third.socket.write(`${syslogLine(`cap${run}refused`, 0)}\n`);
    await withTimeout(third.closed, 20_000, 'the connection over the cap is closed by the server');
    assert.equal(await metric(limited, 'logwarden_syslog_connections_refused_total', 'protocol="syslog-tcp"'), refusedBefore + 1);
    const marker = `cap${run}kept`;
    first.socket.write(`${syslogLine(marker, 0)}\n`);
    second.socket.end(`${syslogLine(marker, 1)}\n`);
    await eventually(async () => ((await count(limited, marker)) === 2 ? true : undefined), 20_000, 'both open connections stored');
    assert.equal(await count(limited, `cap${run}refused`), 0);
    first.socket.end();
    await Promise.all([first.closed, second.closed]);
    assert.ok(
      limited.logs.some((entry) => String(entry['msg']).includes('connection cap (syslog.maxConnections)')),
      'the refusal is logged',
    );
  });

  test('R-STORE-1: a UDP burst over a tiny receive buffer: the kernel drops show in /metrics and account for every missing datagram', async () => {
    const marker = `udp${run}`;
    const listener = `listener="127.0.0.1:${limited.syslogUdp.port}"`;
    assert.equal(await metric(limited, 'logwarden_udp_receive_buffer_bytes', listener), 8192, 'Linux grants twice the 4096 bytes asked');
    const before = (await metric(limited, 'logwarden_udp_kernel_drops_total', listener)) ?? -1;
    assert.equal(before, 0);
    const sender = dgram.createSocket('udp4');
    let sent = 0;
    const burst = Array.from(
      { length: 5000 },
      (_, i) =>
        new Promise<void>((resolve) =>
          sender.send(Buffer.from(syslogLine(marker, i)), limited.syslogUdp.port, '127.0.0.1', (error) => {
            if (!error) sent++;
            resolve();
          }),
        ),
    );
    await Promise.all(burst);
    sender.close();
    const kernelDrops = (await metric(limited, 'logwarden_udp_kernel_drops_total', listener)) ?? 0;
    assert.ok(kernelDrops > 0, `the kernel dropped some of ${sent} datagrams`);
    const queueDrops = (await metric(limited, 'logwarden_events_dropped_total', 'protocol="syslog-udp"')) ?? 0;
    await eventually(
      async () => ((await count(limited, marker)) === sent - kernelDrops - queueDrops ? true : undefined),
      30_000,
      `stored = ${sent} sent - ${kernelDrops} kernel drops - ${queueDrops} queue drops`,
    );
  });

  test('idle TCP, TLS and RELP connections are closed after syslog.idleTimeoutSeconds; an unterminated last line is stored', async () => {
    const marker = `idle${run}`;
    const tcp = await connectTcp(idle.syslogTcp.port);
    tcp.socket.write(`${syslogLine(marker, 0)}\n${syslogLine(marker, 1)}`); // the second has no LF
    const secure = await connectTls(port(idle.syslogTls, 'syslogTls'));
    secure.socket.write(`${syslogLine(marker, 2)}\n`);
    const relp = await openRelp(port(idle.relp, 'relp'));
    const silent = await connectTcp(port(idle.syslogTls, 'syslogTls')); // never starts its TLS handshake
    await withTimeout(Promise.all([tcp.closed, secure.closed, relp.closed, silent.closed]), 30_000, 'idle connections closed by the server');
    assert.ok(
      relp.frames.some((frame) => frame.command === 'serverclose'),
      'the RELP session is ended with serverclose',
    );
    await eventually(async () => ((await count(idle, marker)) === 3 ? true : undefined), 20_000, 'all three messages stored');
    assert.equal((await search(idle, `${marker} "message 1"`)).length, 1, 'the unterminated line is stored');
    for (const protocol of ['syslog-tcp', 'syslog-tls', 'relp']) {
      assert.ok(((await metric(idle, 'logwarden_syslog_connections_idle_closed_total', `protocol="${protocol}"`)) ?? 0) >= 1, `${protocol} idle close counted`);
    }
  });
});

describe('stopping with idle clients connected', () => {
  test('a server with idle TCP, TLS and RELP clients stops promptly on SIGTERM instead of waiting for them', { timeout: 180_000 }, async () => {
    // The stop timeout is far above the helper's 60 s wait, so only a prompt stop passes.
    const start = (): Promise<SpawnedServer> => startWith('stopping', '  idleTimeoutSeconds: 0\n', 'storage:\n  stopTimeoutMs: 600000\n');
    const server = await start();
    let restarted: SpawnedServer | undefined;
    try {
      const marker = `stop${run}`;
      const tcp = await connectTcp(server.syslogTcp.port, true);
      tcp.socket.write(`${syslogLine(marker, 0)}\n${syslogLine(marker, 1)}`);
      const secure = await connectTls(port(server.syslogTls, 'syslogTls'), true);
      const relp = await openRelp(port(server.relp, 'relp'));
      await eventually(async () => ((await count(server, marker)) === 1 ? true : undefined), 20_000, 'the complete line stored');
      const code = await server.stop();
      assert.equal(code, 0, 'a clean stop');
      await withTimeout(Promise.all([tcp.closed, secure.closed, relp.closed]), 10_000, 'the clients see their connections closed');
      assert.ok(
        relp.frames.some((frame) => frame.command === 'serverclose'),
        'the RELP session got serverclose',
      );
      assert.ok(server.logs.some((entry) => entry['msg'] === 'stopped cleanly'));
      restarted = await start();
      assert.equal(await count(restarted, marker), 2, 'the unterminated line read before the stop was stored too');
      tcp.socket.destroy();
      secure.socket.destroy();
    } finally {
      server.child.kill('SIGKILL');
      await restarted?.stop();
    }
  });
});
