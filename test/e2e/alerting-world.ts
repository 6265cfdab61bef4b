// The world the alerting end-to-end tests run in (test/e2e/alerting*.test.ts): the built server
// (dist/) with a configuration file sending alerts to real receivers on loopback — a real SMTP
// server (STARTTLS, AUTH), Standard Webhooks receivers checked by the official package, and the
// installed rsyslogd as the SIEM a syslog channel forwards to — and an escalation policy of two
// levels. SSH brute forces are sent as sshd's own lines with util-linux `logger --tcp`; the shipped
// pack's "SSH brute force from one address" fires on ten failures from one address.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { startSyslogReceiver, type SyslogReceiver } from '../helpers/syslog-receiver.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { issue, makeCa } from '../helpers/tls.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type CliResult, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);

/** The shipped pack's rule (rules/logwarden/authentication/sshd_brute_force_source.yml): ten failures from one address in 5 minutes. */
export const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
export const BRUTE_FORCE_TITLE = 'SSH brute force from one address';
export const FAILURES = 10;
/** The system the config's inventory puts sshd's lines in. */
export const SYSTEM = 'bastion';

export interface WorldOptions {
  /** Escalation level delays (two levels). */
  readonly levelDelay?: string;
  readonly retry?: { readonly attempts: number; readonly firstDelay: string; readonly maxDelay: string };
}

/** The secrets the configuration holds, none of which may appear in anything the server sends, logs or stores. */
export interface Secrets {
  readonly smtpPassword: string;
  readonly hook: string;
  readonly oncall: string;
  readonly pager: string;
}

export interface World {
  readonly dir: string;
  readonly config: string;
  readonly secrets: Secrets;
  readonly smtp: SmtpReceiver;
  /** Route 1 (no match): every alert. */
  readonly hook: WebhookReceiver;
  /** The escalation policy's level 1 and level 2 (route 2, `match: {level: [high, critical]}`). */
  readonly oncall: WebhookReceiver;
  readonly pager: WebhookReceiver;
  readonly syslog: SyslogReceiver;
  server: SpawnedServer;
  /** Every log line of every server run, including the ones stopped. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

function whsec(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function configYaml(world: Omit<World, 'server' | 'close' | 'config' | 'logs'>, files: { password: string; ca: string; hookSecret: string }, options: WorldOptions): string {
  const delay = options.levelDelay ?? '2s';
  const retry = options.retry ?? { attempts: 3, firstDelay: '200ms', maxDelay: '1s' };
  return `systems:
  - name: ${SYSTEM}
    owner: ops
    match: {app: [sshd]}
alerts:
  groupWait: 1s
notifications:
  channels:
    - {name: mail, type: email, host: 127.0.0.1, port: ${world.smtp.port}, secure: false, from: logwarden@example.test, to: [soc@example.test], user: logwarden, passwordFile: ${JSON.stringify(files.password)}, tls: {ca: ${JSON.stringify(files.ca)}}}
    - {name: hook, type: webhook, url: "${world.hook.url}/hook", secretFile: ${JSON.stringify(files.hookSecret)}}
    - {name: siem, type: syslog, address: "${world.syslog.tcpAddress}"}
    - {name: oncall, type: webhook, url: "${world.oncall.url}/oncall", secret: "${world.secrets.oncall}"}
    - {name: pager, type: webhook, url: "${world.pager.url}/pager", secret: "${world.secrets.pager}"}
  policies:
    - name: escalate
      levels:
        - {channels: [oncall], delay: ${delay}}
        - {channels: [pager], delay: ${delay}}
  routes:
    - channels: [mail, hook, siem]
    - name: urgent
      match: {level: [high, critical]}
      policy: escalate
  retry: {attempts: ${retry.attempts}, firstDelay: ${retry.firstDelay}, maxDelay: ${retry.maxDelay}, timeout: 5s}
`;
}

/** Receivers, certificates, secrets and the config file; then the server. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const dir = await makeDataDir();
  const tlsDir = path.join(dir, 'tls');
  await mkdir(tlsDir);
  const ca = await makeCa(tlsDir, 'alerting-ca');
  const cert = await issue(tlsDir, 'receivers', ca, { subject: '/CN=localhost', serial: '0a', use: 'server' });
  const secrets: Secrets = { smtpPassword: randomBytes(16).toString('hex'), hook: whsec(), oncall: whsec(), pager: whsec() };
  const parts = {
    dir,
    secrets,
    smtp: await startSmtpReceiver({ cert: cert.cert, key: cert.key, users: { logwarden: secrets.smtpPassword } }),
    hook: await startWebhookReceiver({ secret: secrets.hook }),
    oncall: await startWebhookReceiver({ secret: secrets.oncall }),
    pager: await startWebhookReceiver({ secret: secrets.pager }),
    syslog: await startSyslogReceiver({ ca: ca.cert, cert: cert.cert, key: cert.key }),
  };
  const files = { password: path.join(dir, 'smtp-password'), ca: ca.cert, hookSecret: path.join(dir, 'hook-secret') };
  await writeFile(files.password, `${secrets.smtpPassword}\n`, { mode: 0o600 });
  await writeFile(files.hookSecret, `${secrets.hook}\n`, { mode: 0o600 });
  const config = path.join(dir, 'alerting.yaml');
  await writeFile(config, configYaml(parts, files, options));
  const dataDir = path.join(dir, 'data');
  const logs: Record<string, unknown>[] = [];
  const world: World = {
    ...parts,
    config,
    logs,
    server: await spawnServer(dataDir, ['--config', config]),
    close: async () => {
      await world.server.stop();
      await Promise.all([parts.smtp.close(), parts.hook.close(), parts.oncall.close(), parts.pager.close(), parts.syslog.stop()]);
      await removeDataDir(dir);
    },
  };
  return world;
}

/** Stop the server, keep its log lines, and start it again on the same data dir and config. */
export async function restart(world: World, between: () => Promise<void> = async () => {}): Promise<void> {
  await stopServer(world);
  await between();
  world.server = await spawnServer(world.server.dataDir, ['--config', world.config]);
}

export async function stopServer(world: World): Promise<void> {
  const code = await world.server.stop();
  assert.equal(code, 0, 'the server stops cleanly');
  world.logs.push(...world.server.logs);
}

export async function adminToken(world: World): Promise<string> {
  return (await readFile(world.server.tokenFile, 'utf8')).trim();
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export async function api(world: World, method: string, route: string, body?: unknown, token?: string): Promise<Answer> {
  const response = await fetch(new URL(route, world.server.httpUrl), {
    method,
    headers: { authorization: `Bearer ${token ?? (await adminToken(world))}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** GET `route` with `params`, checked against its contract. */
export async function get<T extends z.ZodType>(world: World, contract: T, route: string, params: Record<string, string> = {}): Promise<z.output<T>> {
  const url = new URL(route, 'http://x');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const answer = await api(world, 'GET', `${url.pathname}${url.search}`);
  assert.equal(answer.status, 200, `${route}: ${JSON.stringify(answer.body)}`);
  return contract.parse(answer.body);
}

/** The built CLI against the running server, with the admin token or one of a file given. */
export function cli(world: World, args: string[], tokenFile?: string): Promise<CliResult> {
  return runCli(['--server', world.server.httpUrl, '--token-file', tokenFile ?? world.server.tokenFile, ...args]);
}

/** sshd's lines, as `sshd[PID]` RFC 5424 messages over TCP with util-linux logger. */
export async function sendAsSshd(world: World, name: string, lines: readonly string[]): Promise<void> {
  const file = path.join(world.dir, `${name}.log`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const port = String(world.server.syslogTcp.port);
  await execFileAsync('logger', ['--tcp', '--rfc5424', '-n', '127.0.0.1', '-P', port, '-t', 'sshd', '--id=4242', '-p', 'auth.info', '-f', file], { timeout: 60_000 });
}

/**
 * Ten failed logins from `address`, all for `user`: one user per address, so that neither the
 * per-account brute force (20 failures of one user) nor password spraying (5 users from one
 * address) fires beside it.
 */
export async function bruteForce(world: World, address: string, user: string): Promise<void> {
  const lines = Array.from({ length: FAILURES }, (_, k) => `Failed password for ${user} from ${address} port ${40_000 + k} ssh2`);
  await sendAsSshd(world, `brute-${address}`, lines);
}

/** Everything stored in the last day, every kind of record, as JSON text (for the secrets check). */
export async function allRecordsText(world: World): Promise<string> {
  const answer = await api(world, 'GET', `/api/v1/search?q=&from=now-1d&limit=10000`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return JSON.stringify(answer.body);
}

/** Wait until `check` holds, polling; the value it returns. */
export function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  return eventually(check, ms, what);
}
