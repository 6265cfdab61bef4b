// Bench (`npm run bench:alerts`): how long a person waits for an alert (issue 14, "Figures").
// The built server as `npm start` starts it (ledger on, the shipped pack), with one route sending
// every alert by email (a real SMTP server on loopback: STARTTLS and authentication) and by
// webhook (a node:http receiver checking the Standard Webhooks signature), is sent N SSH brute
// forces (10 failed logins each, as sshd's RFC 5424 lines over TCP), each from a new address and
// for a user of its own so that no other correlation fires, one every BENCH_ALERTS_PACE_MS at a
// steady pace rather than a flood (a flood measures the backlog). For each burst: the time from the
// triggering event's receipt — the `event.ingested` of the failure that completed the brute force,
// found by search from the detection's evidence — to the email and the webhook received. Run with
// `alerts.groupWait` 0s and then 1s; the goal is p99 ≤ 2 s plus the group wait. Also printed: the
// server's own `logwarden_notification_latency_seconds` histogram per channel, as bucket bounds.
// Prints figures, never asserts them. Options: BENCH_ALERTS_BURSTS (default 20),
// BENCH_ALERTS_PACE_MS (default 500).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { startSmtpReceiver, startWebhookReceiver, type Arrival, type SmtpReceiver, type WebhookReceiver } from './alert-receivers.ts';

const BURSTS = Number(process.env['BENCH_ALERTS_BURSTS'] ?? 20);
const PACE_MS = Number(process.env['BENCH_ALERTS_PACE_MS'] ?? 500);
const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
const GROUP_WAITS_MS = [0, 1000] as const;

interface Receivers {
  readonly smtp: SmtpReceiver;
  readonly webhook: WebhookReceiver;
}

interface RunFigures {
  readonly groupWaitMs: number;
  readonly email: number[];
  readonly webhook: number[];
  readonly missing: { readonly email: number; readonly webhook: number };
  readonly histogram: string;
}

/** The server's configuration: the two channels, one route for every alert, the group wait under test. */
export function benchConfig(groupWaitMs: number, receivers: Receivers, passwordFile: string): string {
  return [
    'alerts:',
    `  groupWait: ${groupWaitMs}ms`,
    'notifications:',
    '  channels:',
    `    - {name: mail, type: email, host: 127.0.0.1, port: ${receivers.smtp.port}, secure: false, from: logwarden@bench.example, to: [soc@bench.example], user: ${receivers.smtp.user}, passwordFile: ${JSON.stringify(passwordFile)}, tls: {ca: ${JSON.stringify(receivers.smtp.caFile)}}}`,
    `    - {name: hook, type: webhook, url: ${JSON.stringify(receivers.webhook.url)}, secret: ${JSON.stringify(receivers.webhook.secret)}}`,
    '  routes:',
    '    - channels: [mail, hook]',
    '',
  ].join('\n');
}

const frame = (line: string): Buffer => Buffer.from(`${Buffer.byteLength(line)} ${line}`);

/** Burst `k`: ten failed logins for user `bench<k>` from its own address, time-stamped now. */
function bruteForce(k: number): Buffer {
  const now = new Date().toISOString();
  return Buffer.concat(Array.from({ length: 10 }, (_, i) => frame(`<38>1 ${now} web1 sshd 4242 - - Failed password for bench${k} from ${address(k)} port ${41_000 + i} ssh2`)));
}

function address(k: number): string {
  return `198.51.${100 + Math.floor(k / 250)}.${(k % 250) + 1}`;
}

async function api<T>(server: BenchServer, token: string, route: string): Promise<T> {
  const response = await fetch(`${server.http}${route}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return (route === '/metrics' ? await response.text() : await response.json()) as T;
}

/** The receipt time (event.ingested, epoch ms) of the failure that completed each burst's brute force, by address. */
async function triggerReceipts(server: BenchServer, token: string): Promise<Map<string, number>> {
  const answer = await api<{ detections: { events: number[]; group: Record<string, string> }[] }>(server, token, `/api/v1/detections?rule=${BRUTE_FORCE_BY_SOURCE}&from=now-1h&limit=1000`);
  const receipts = new Map<string, number>();
  for (const detection of answer.detections) {
    const found = await api<{ events: Record<string, unknown>[] }>(server, token, `/api/v1/search?q=${encodeURIComponent(`event.sequence:${detection.events.at(-1)}`)}&limit=1`);
    const ingested = Date.parse(String(found.events[0]?.['event.ingested']));
    const ip = detection.group['source.ip'];
    if (ip !== undefined && Number.isFinite(ingested)) receipts.set(ip, ingested);
  }
  return receipts;
}

/** The first arrival naming `ip` (not as the prefix of a longer address). */
function firstArrival(arrivals: readonly Arrival[], ip: string): number | undefined {
  const named = new RegExp(`${ip.replaceAll('.', '\\.')}(?![0-9])`);
  return arrivals.find((arrival) => named.test(arrival.text))?.at;
}

/** The server's notification latency histogram, per channel: p50 and p99 as the bounds of their buckets. */
export function histogramByChannel(text: string, channels: readonly string[]): string {
  return channels
    .map((channel) => {
      const pattern = new RegExp(`^logwarden_notification_latency_seconds_bucket\\{(?=[^}]*channel="${channel}")[^}]*le="([^"]+)"[^}]*\\} (\\d+)$`, 'gm');
      const buckets = [...text.matchAll(pattern)].map((match) => ({ le: match[1] as string, count: Number(match[2]) }));
      const total = buckets.find((bucket) => bucket.le === '+Inf')?.count ?? 0;
      if (total === 0) return `${channel}: no observation`;
      const bound = (quantile: number): string => {
        const bucket = buckets.find((entry) => entry.count >= quantile * total);
        return bucket === undefined || bucket.le === '+Inf' ? '> largest bucket' : `≤ ${bucket.le} s`;
      };
      return `${channel}: p50 ${bound(0.5)}, p99 ${bound(0.99)} (${total} observed)`;
    })
    .join('; ');
}

async function sendBursts(server: BenchServer): Promise<void> {
  const socket = net.connect(server.tcp.port, server.tcp.host);
  await new Promise((resolve) => socket.once('connect', resolve));
  for (let k = 0; k < BURSTS; k++) {
    socket.write(bruteForce(k));
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
}

/** Until every burst's email and webhook arrived, or 30 s after the last was sent plus the group wait. */
async function awaitArrivals(receivers: Receivers, groupWaitMs: number): Promise<void> {
  const deadline = Date.now() + 30_000 + groupWaitMs;
  const complete = (): boolean => receivers.smtp.arrivals.length >= BURSTS && receivers.webhook.arrivals.length >= BURSTS;
  while (!complete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function run(groupWaitMs: number): Promise<RunFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-alerts-'));
  const receivers = { smtp: await startSmtpReceiver(dir), webhook: await startWebhookReceiver() };
  const passwordFile = path.join(dir, 'smtp-password');
  await writeFile(passwordFile, `${receivers.smtp.password}\n`, { mode: 0o600 });
  const server = await startBenchServer(dir, benchConfig(groupWaitMs, receivers, passwordFile));
  try {
    const token = (await readFile(path.join(dir, 'secrets/initial-admin-token'), 'utf8')).trim();
    await sendBursts(server);
    await awaitArrivals(receivers, groupWaitMs);
    if (receivers.smtp.refused + receivers.webhook.refused > 0) throw new Error(`refused: ${receivers.smtp.refused} SMTP logins, ${receivers.webhook.refused} webhook signatures`);
    const receipts = await triggerReceipts(server, token);
    const latencies = (arrivals: readonly Arrival[]): number[] =>
      [...receipts].flatMap(([ip, receipt]) => {
        const at = firstArrival(arrivals, ip);
        return at === undefined ? [] : [at - receipt];
      });
    const email = latencies(receivers.smtp.arrivals).sort((a, b) => a - b);
    const webhook = latencies(receivers.webhook.arrivals).sort((a, b) => a - b);
    const histogram = histogramByChannel(await api<string>(server, token, '/metrics'), ['mail', 'hook']);
    return { groupWaitMs, email, webhook, missing: { email: BURSTS - email.length, webhook: BURSTS - webhook.length }, histogram };
  } finally {
    await server.stop();
    await Promise.all([receivers.smtp.close(), receivers.webhook.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The value at `quantile` of ascending `values`, by the nearest-rank method. */
export function nearestRank(values: readonly number[], quantile: number): number | undefined {
  return values[Math.min(values.length - 1, Math.ceil(quantile * values.length) - 1)];
}

function describe(values: readonly number[], goalMs: number): string {
  if (values.length === 0) return 'none arrived';
  const p99 = nearestRank(values, 0.99) as number;
  return `p50 ${nearestRank(values, 0.5)} ms, p99 ${p99} ms, max ${values.at(-1)} ms (goal p99 ≤ ${goalMs} ms: ${p99 <= goalMs ? 'met' : 'not met'})`;
}

export async function benchAlerts(): Promise<void> {
  console.log(
    `alert notification latency (triggering event's receipt → email / webhook received; built server, ledger on, shipped pack): ${BURSTS} brute forces, one every ${PACE_MS} ms, ${os.cpus().length} cores`,
  );
  for (const groupWaitMs of GROUP_WAITS_MS) {
    const figures = await run(groupWaitMs);
    const goalMs = 2000 + groupWaitMs;
    console.log(`  groupWait ${groupWaitMs / 1000}s:`);
    console.log(`    email   (SMTP, STARTTLS + auth): ${describe(figures.email, goalMs)}${figures.missing.email > 0 ? `; ${figures.missing.email} of ${BURSTS} never arrived` : ''}`);
    console.log(`    webhook (signed, verified)     : ${describe(figures.webhook, goalMs)}${figures.missing.webhook > 0 ? `; ${figures.missing.webhook} of ${BURSTS} never arrived` : ''}`);
    console.log(`    logwarden_notification_latency_seconds: ${figures.histogram}`);
  }
}

if (import.meta.filename === process.argv[1]) await benchAlerts();
