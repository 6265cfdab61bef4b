// End to end with a real rsyslogd relay (R-EVENTS-1, R-FIELDS-1, R-COLLECT-2): audit records,
// LEEF, CEF, logfmt and JSON application lines, written to a throwaway rsyslogd the way local
// programs and appliances hand them over, are forwarded by its omfwd (RFC 3164, LF-framed TCP)
// into the built server, and the API must show what the auditd, LEEF, CEF, logfmt and JSON-body
// parsers read. rsyslog escapes control characters on receipt by default (the ENRICHED audit GS
// becomes `#035`, LEEF's tabs `#011`), and its forward format writes TAG, a space, MSG, so `CEF:0|…`
// arrives as the tag `CEF:` and the message `0|…`: that is what a log server really gets from it.
// Skips only when rsyslogd is absent (scripts/install-test-deps installs rsyslog).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { searchResponse } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((file) => existsSync(file));
const skip = RSYSLOGD === undefined ? 'rsyslogd is absent: run scripts/install-test-deps as root (it installs rsyslog)' : false;
const run = randomUUID().slice(0, 8);
const HOST = `relayed-${run}`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The lines as local senders write them to rsyslog (RFC 3164, the sender's own host name). */
const LINES: Readonly<Record<string, string>> = {
  auditd: `<85>Mar  7 10:00:00 ${HOST} audisp-syslog: type=SYSCALL msg=audit(1709805625.100:24300): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid=2300 pid=2302 auid=1000 uid=0 gid=0 euid=0 ses=3 comm="id" exe="/usr/bin/id" key="rootcmd"\x1dARCH=x86_64 SYSCALL=execve AUID="bob" UID="root" GID="root" EUID="root"`,
  execve: `<85>Mar  7 10:00:00 ${HOST} audisp-syslog: type=EXECVE msg=audit(1709805625.100:24300): argc=3 a0="rm" a1="-rf" a2=2F7661722F6C6F672F6F6C64206C6F6773`,
  leef: `<13>Mar  7 10:00:01 ${HOST} LEEF:1.0|Acme|MailGuard|2.3|login-fail|src=192.0.2.45\tdst=192.0.2.2\tsrcPort=40022\tusrName=Jo Smith\tsev=6`,
  cef: `<132>Mar  7 10:00:02 ${HOST} CEF:0|Acme|Web\\|Shield|1.0|942100|SQL injection blocked|High|src=198.51.100.77 spt=51515 suser=alice request=https://shop.example/search?q\\=1 act=Block`,
  logfmt: `<14>Mar  7 10:00:03 ${HOST} portal[812]: level=info msg="user logged in" user=carol src_ip=192.0.2.7 request_id=7f3a9c outcome=success`,
  json: `<12>Mar  7 10:00:04 ${HOST} app[12]: {"level":"warn","user":"dave","event":"login_failed","ip":"192.0.2.9","status":401}`,
};

describe('structured formats through a real rsyslogd relay', { skip }, () => {
  let dataDir: string;
  let relayDir: string;
  let server: SpawnedServer;
  let rsyslog: ChildProcess | undefined;
  let admin: string;

  before(async () => {
    dataDir = await makeDataDir();
    relayDir = await makeDataDir();
    server = await spawnServer(dataDir);
    admin = (await readFile(server.tokenFile, 'utf8')).trim();
    const inputPort = await freePort();
    await mkdir(path.join(relayDir, 'work'));
    const conf = path.join(relayDir, 'rsyslog.conf');
    await writeFile(
      conf,
      `global(workDirectory="${path.join(relayDir, 'work')}")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="${inputPort}" ruleset="relay")
ruleset(name="relay") {
  action(type="omfwd" target="127.0.0.1" port="${server.syslogTcp.port}" protocol="tcp" template="RSYSLOG_ForwardFormat"
         action.resumeRetryCount="-1" action.resumeInterval="1")
}
`,
    );
    const child = spawn(RSYSLOGD as string, ['-n', '-f', conf, '-i', path.join(relayDir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
    rsyslog = child;
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const socket = await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${output}`);
        return new Promise<net.Socket | undefined>((resolve) => {
          const connection = net.connect(inputPort, '127.0.0.1', () => resolve(connection));
          connection.on('error', () => resolve(undefined));
        });
      },
      20_000,
      'rsyslogd imtcp input listening',
    );
    for (const line of Object.values(LINES)) socket.write(`${line}\n`);
    await new Promise<void>((resolve) => socket.end(resolve));
  });

  after(async () => {
    if (rsyslog && rsyslog.exitCode === null) {
      const exited = new Promise((resolve) => rsyslog?.once('exit', resolve));
      rsyslog.kill('SIGTERM');
      await withTimeout(exited, 20_000, 'rsyslogd stop');
    }
    await server?.stop();
    await removeDataDir(dataDir);
    await removeDataDir(relayDir);
  });

  async function one(query: string): Promise<Record<string, unknown>> {
    return eventually(
      async () => {
        const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: `host.name:${HOST} AND ${query}`, limit: '10' })}`, { headers: { authorization: `Bearer ${admin}` } });
        assert.equal(response.status, 200);
        const { events } = searchResponse.parse(await response.json());
        assert.ok(events.length <= 1, `${query} matched ${events.length} events`);
        return events[0] as Record<string, unknown> | undefined;
      },
      30_000,
      `an event matching ${query}`,
    );
  }

  test('an ENRICHED SYSCALL whose GS rsyslog wrote as #035: the login user, the effective user, the rule key, the audit event id', async () => {
    const event = await one('event.dataset:auditd AND event.code:SYSCALL');
    assert.match(String(event['message']), /key="rootcmd"#035ARCH=x86_64/, 'the relay escaped the GS; logwarden stores the message as it came');
    assert.deepEqual(
      [event['user.name'], event['user.effective.name'], event['user.id'], event['rule.name'], event['event.outcome'], event['trace.id']],
      ['bob', 'root', '1000', 'rootcmd', 'success', '1709805625.100:24300'],
    );
    assert.deepEqual(event['event.category'], ['process']);
  });

  test('the EXECVE of the same audit event: the decoded command line, found by the same trace.id', async () => {
    const event = await one('event.code:EXECVE AND trace.id:"1709805625.100:24300"');
    assert.equal(event['process.command_line'], 'rm -rf /var/log/old logs');
  });

  test('LEEF 1.0 that rsyslog relayed as the tag LEEF: with its tabs written as #011', async () => {
    const event = await one('event.dataset:leef');
    assert.match(String(event['message']), /#011/);
    assert.deepEqual(
      [event['observer.vendor'], event['event.code'], event['source.ip'], event['source.port'], event['destination.ip'], event['user.name'], event['event.severity']],
      ['Acme', 'login-fail', '192.0.2.45', 40022, '192.0.2.2', 'Jo Smith', 6],
    );
  });

  test('CEF that rsyslog relayed as the tag CEF:, with an escaped pipe in the header and an escaped = in the extension', async () => {
    const event = await one('event.dataset:cef');
    assert.deepEqual(
      [event['observer.product'], event['event.code'], event['event.reason'], event['event.severity'], event['source.ip'], event['user.name'], event['url.original'], event['event.action']],
      ['Web|Shield', '942100', 'SQL injection blocked', 8, '198.51.100.77', 'alice', 'https://shop.example/search?q=1', 'block'],
    );
  });

  test('a logfmt application line and a JSON application line', async () => {
    const logfmt = await one('event.dataset:logfmt');
    assert.deepEqual([logfmt['user.name'], logfmt['source.ip'], logfmt['trace.id'], logfmt['event.outcome']], ['carol', '192.0.2.7', '7f3a9c', 'success']);
    const json = await one('event.dataset:json-body');
    assert.deepEqual([json['user.name'], json['source.ip'], json['event.action'], json['http.response.status_code']], ['dave', '192.0.2.9', 'login-failed', 401]);
    assert.deepEqual(json['related.ip'], ['192.0.2.9']);
  });
});
