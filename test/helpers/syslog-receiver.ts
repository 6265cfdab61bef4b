// Test helper: the installed rsyslogd as a real syslog receiver (another SIEM, as logwarden's
// syslog channel sees it). One throwaway rsyslogd with its own configuration: imtcp on a free
// loopback port (plain TCP), and imtcp with the gtls driver (RFC 5425, TLS) on another, both taking
// octet-counted frames (RFC 6587). rsyslog parses each RFC 5424 message, mmpstrucdata parses its
// STRUCTURED-DATA, and every message is written as one JSON line to a file that `messages()` reads.
// Skip tests with `RSYSLOGD === undefined` where rsyslog is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((file) => existsSync(file));

/** One message as rsyslog understood it. */
export interface ReceivedSyslog {
  /** `tcp` or `tls`: the input it arrived on. */
  readonly via: 'tcp' | 'tls';
  readonly pri: number;
  readonly facility: number;
  readonly severity: number;
  readonly hostname: string;
  readonly appName: string;
  readonly procid: string;
  readonly msgid: string;
  /** STRUCTURED-DATA as it arrived (text). */
  readonly structuredData: string;
  /** STRUCTURED-DATA as rsyslog's mmpstrucdata parsed it: SD-ID (lower-case) → param (lower-case) → value. */
  readonly sd: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly msg: string;
  readonly raw: string;
}

export interface SyslogReceiver {
  /** 127.0.0.1:PORT of the plain TCP input. */
  readonly tcpAddress: string;
  /** 127.0.0.1:PORT of the TLS input; its certificate is for 127.0.0.1 and localhost. */
  readonly tlsAddress: string;
  /** Every message received so far. */
  messages(): Promise<ReceivedSyslog[]>;
  /** Resolve once `count` messages were received. */
  waitFor(count: number, ms?: number): Promise<ReceivedSyslog[]>;
  stop(): Promise<void>;
}

export interface SyslogReceiverOptions {
  /** PEM files of the TLS input's CA, certificate and key (test/helpers/tls.ts). */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** Listen on these ports (e.g. to restart a receiver where a sender expects it); default free ones. */
  readonly tcpPort?: number;
  readonly tlsPort?: number;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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

const FIELDS: [string, string][] = [
  ['pri', 'pri'],
  ['facility', 'syslogfacility'],
  ['severity', 'syslogseverity'],
  ['hostname', 'hostname'],
  ['appName', 'app-name'],
  ['procid', 'procid'],
  ['msgid', 'msgid'],
  ['structuredData', 'structured-data'],
  ['msg', 'msg'],
  ['raw', 'rawmsg'],
  ['via', '$.via'],
];

function config(dir: string, tcpPort: number, tlsPort: number, files: SyslogReceiverOptions): string {
  const properties = FIELDS.map(([out, name]) => `  property(outname="${out}" name="${name}" format="jsonf")`).join('\n');
  return `global(workDirectory="${path.join(dir, 'work')}" defaultNetstreamDriverCAFile="${files.ca}" defaultNetstreamDriverCertFile="${files.cert}" defaultNetstreamDriverKeyFile="${files.key}")
module(load="imtcp")
module(load="mmpstrucdata")
template(name="received" type="list" option.jsonf="on") {
${properties}
  property(outname="sd" name="$!rfc5424-sd" format="jsonf")
}
input(type="imtcp" address="127.0.0.1" port="${tcpPort}" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="${tlsPort}" ruleset="tls" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
ruleset(name="store") {
  action(type="mmpstrucdata")
  action(type="omfile" file="${path.join(dir, 'received.ndjson')}" template="received")
}
ruleset(name="tcp") { set $.via = "tcp"; call store }
ruleset(name="tls") { set $.via = "tls"; call store }
`;
}

function parseSd(value: unknown): Record<string, Record<string, string>> {
  if (typeof value === 'string') return value === '' ? {} : parseSd(JSON.parse(value) as unknown);
  return (value ?? {}) as Record<string, Record<string, string>>;
}

function parseLine(line: string): ReceivedSyslog {
  const record = JSON.parse(line) as Record<string, unknown>;
  const text = (name: string): string => String(record[name] ?? '');
  return {
    via: text('via') as 'tcp' | 'tls',
    pri: Number(record.pri),
    facility: Number(record.facility),
    severity: Number(record.severity),
    hostname: text('hostname'),
    appName: text('appName'),
    procid: text('procid'),
    msgid: text('msgid'),
    structuredData: text('structuredData'),
    sd: parseSd(record.sd),
    msg: text('msg'),
    raw: text('raw'),
  };
}

export async function startSyslogReceiver(files: SyslogReceiverOptions): Promise<SyslogReceiver> {
  if (RSYSLOGD === undefined) throw new Error('rsyslogd is absent: run scripts/install-test-deps as root (it installs rsyslog)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-syslog-receiver-'));
  await mkdir(path.join(dir, 'work'));
  const [tcpPort, tlsPort] = [files.tcpPort ?? (await freePort()), files.tlsPort ?? (await freePort())];
  const conf = path.join(dir, 'rsyslog.conf');
  await writeFile(conf, config(dir, tcpPort, tlsPort, files));
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!((await canConnect(tcpPort)) && (await canConnect(tlsPort)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`rsyslogd did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const messages = async (): Promise<ReceivedSyslog[]> => {
    const text = await readFile(path.join(dir, 'received.ndjson'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parseLine);
  };
  return {
    tcpAddress: `127.0.0.1:${tcpPort}`,
    tlsAddress: `127.0.0.1:${tlsPort}`,
    messages,
    async waitFor(count, ms = 15_000) {
      const until = Date.now() + ms;
      for (;;) {
        const received = await messages();
        if (received.length >= count) return received;
        if (Date.now() > until) throw new Error(`syslog receiver: ${received.length} of ${count} messages after ${ms} ms; rsyslogd said: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
