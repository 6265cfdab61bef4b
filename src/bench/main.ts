// `npm run bench`: prints figures, never asserts them. In one run it measures
//  1. end to end: N syslog messages over TCP (RFC 5424, octet-counted) into the built server until
//     all are searchable, as events/s, and the server's peak RSS;
//  2. the raw engine: the same N rows, normalised and encoded beforehand, inserted straight into
//     chDB in the server's batch size, as rows/s, and the ratio of the two;
//  3. search latency for a rare token over the N stored events, and inclusion proof latency,
//     through the HTTP API;
//  4. the ledger: end to end with it on (until a signed checkpoint covers every event) and off,
//     and `logwarden verify --data-dir` over the N records;
//  5. durable HTTP acknowledgements: the most events/s acknowledged, and ack latency (p50, p99)
//     at half of that rate;
//  6. syslog over TLS: as 1 (ledger on), over one TLS connection with a self-signed certificate
//     made by the openssl CLI, and its ratio to plain TCP;
//  7. Elasticsearch `_bulk` against logwarden's NDJSON ingest with the same documents;
//  8. a 16 MiB HTTP request of tiny records: /healthz p99 idle and during it, UDP sent vs stored (ingest-slicing.ts);
//  9. search isolation: a light count's latency alone and while 4 heavy searches run (search-isolation.ts);
// 10. read pool: the engine's own short reads with 1 shared session vs pools of 2 and 4 (read-pool.ts).
// 11. the JavaScript query matcher: events/s for typical queries and Sigma nodes (matcher.ts).
// 12. the per-program parsers: lines/s with and without them in process, and end to end with
//     ingest.parsers on and off (parsers.ts).
// 13. the detection stream matcher: events/s on one core with the shipped pack and a SigmaHQ-like
//     corpus, prefilter on vs naive (detection-matcher.ts).
// 14. detection end to end: events/s with detection on and off, and receipt → stored detection
//     latency (detection-e2e.ts).
// 15. alert notifications: triggering event's receipt → email and webhook received, p50/p99, with
//     a group wait of 0 s and 1 s (alert-latency.ts).
// Options: BENCH_EVENTS (default 1000000), BENCH_ACK_LEDGER=off.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { encodeEvent, EventStore } from '../store/event-store.ts';
import { FIELDS } from '../schema/fields.ts';
import { Session } from 'chdb';
import { LEAF_HASH_SQL, LEAF_SQL_WITH } from '../ledger/leaf-sql.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { ingestSlicing } from './ingest-slicing.ts';
import { benchMatcher } from './matcher.ts';
import { benchSearchIsolation } from './search-isolation.ts';
import { benchReadPool } from './read-pool.ts';
import { benchParsers } from './parsers.ts';
import { benchDetectionMatcher } from './detection-matcher.ts';
import { benchDetection } from './detection-e2e.ts';
import { benchAlerts } from './alert-latency.ts';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const BATCH = 10_000; // the server's default storage.batchMaxEvents
const RARE = 'zebracorn4242';
const CLI = path.resolve(import.meta.dirname, '../cli/main.js');

/** Synthetic auth-log lines; exactly one carries the rare token. */
function syslogLine(i: number): string {
  const time = new Date(Date.UTC(2026, 10, 24, 0, 0, 0) + i * 10).toISOString();
  const word = i === Math.floor(EVENTS / 2) ? RARE : `session${i % 5000}`;
  return `<38>1 ${time} web-${i % 20} sshd ${1000 + (i % 300)} - - Failed password for user${i % 1000} from 10.${i % 250}.${i % 200}.${i % 100} port ${20000 + (i % 40000)} ssh2 ${word}`;
}

function octetCounted(line: string): Buffer {
  const body = Buffer.from(line);
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

interface Started {
  pid: number;
  http: string;
  tcp: { host: string; port: number };
  tls?: { host: string; port: number };
  stop: () => Promise<void>;
}

async function startServer(dataDir: string, ledger: boolean, extraArgs: string[] = []): Promise<Started> {
  // Started as `npm start` starts it (package.json), heap limit included.
  const args = ['--max-old-space-size=384', CLI, 'serve', '--data-dir', dataDir, '--http', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0', '--syslog-udp', '127.0.0.1:0', ...extraArgs];
  if (!ledger) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'bench.yaml'), 'ledger:\n  enabled: false\n');
    args.push('--config', path.join(dataDir, 'bench.yaml'));
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, string>;
      if (entry['msg'] === 'logwarden is ready') resolve(entry);
    });
  });
  const [host, port] = (ready['syslogTcp'] as string).split(':') as [string, string];
  const [tlsHost, tlsPort] = (ready['syslogTls'] ?? '').split(':');
  return {
    pid: child.pid as number,
    http: ready['http'] as string,
    tcp: { host, port: Number(port) },
    ...(tlsHost && tlsPort ? { tls: { host: tlsHost, port: Number(tlsPort) } } : {}),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function sendOverTcp(target: { host: string; port: number }, overTls = false): Promise<void> {
  const socket = overTls ? tls.connect({ host: target.host, port: target.port, rejectUnauthorized: false }) : net.connect(target.port, target.host);
  await new Promise((resolve) => socket.once(overTls ? 'secureConnect' : 'connect', resolve));
  for (let start = 0; start < EVENTS; start += 1000) {
    const chunk = Buffer.concat(Array.from({ length: Math.min(1000, EVENTS - start) }, (_, k) => octetCounted(syslogLine(start + k))));
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await new Promise<void>((resolve) => socket.end(resolve));
}

async function api<T>(server: Started, token: string, route: string): Promise<T> {
  const response = await fetch(`${server.http}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as T;
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** Ledger on: until a signed checkpoint covers every event. Off: until every event is stored. */
async function allIn(server: Started, token: string, ledger: boolean): Promise<boolean> {
  if (!ledger) return (await api<{ count: number }>(server, token, '/api/v1/count')).count >= EVENTS;
  const response = await fetch(`${server.http}/api/v1/ledger/checkpoint`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok && Number((await response.text()).split('\n')[1]) >= EVENTS;
}

interface EndToEnd {
  /** Until every event is stored and searchable. */
  eventsPerSecond: number;
  /** Until a signed checkpoint covers every event (ledger on only). */
  checkpointedPerSecond: number;
  searchMs: number[];
  /** Inclusion proofs of records spread over the store, through the API (ledger on only). */
  proofMs: number[];
  rssMiB: number;
}

async function endToEnd(dataDir: string, ledger: boolean, overTls = false): Promise<EndToEnd> {
  await mkdir(dataDir, { recursive: true });
  const cert = path.join(dataDir, 'bench-cert.pem');
  const key = path.join(dataDir, 'bench-key.pem');
  if (overTls) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], {
      stdio: 'ignore',
    });
  }
  const server = await startServer(dataDir, ledger, overTls ? ['--syslog-tls', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key] : []);
  const token = (await readFile(path.join(dataDir, 'secrets/initial-admin-token'), 'utf8')).trim();
  const started = performance.now();
  if (overTls && !server.tls) throw new Error('the server reported no syslogTls listener');
  await sendOverTcp(overTls && server.tls ? server.tls : server.tcp, overTls);
  while (!(await allIn(server, token, false))) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (performance.now() - started) / 1000;
  while (ledger && !(await allIn(server, token, true))) await new Promise((resolve) => setTimeout(resolve, 50));
  const checkpointedSeconds = (performance.now() - started) / 1000;
  const searchMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const result = await api<{ returned: number }>(server, token, `/api/v1/search?q=${RARE}`);
    searchMs.push(performance.now() - t);
    if (result.returned !== 1) throw new Error(`rare token search returned ${result.returned} events, expected 1`);
  }
  const proofMs: number[] = [];
  for (let i = 0; ledger && i < 7; i++) {
    const t = performance.now();
    const evidence = await api<{ proof: string[] }>(server, token, `/api/v1/ledger/proof/inclusion?seq=${Math.floor(((i + 0.5) * EVENTS) / 7)}`);
    proofMs.push(performance.now() - t);
    if (!Array.isArray(evidence.proof)) throw new Error(`no inclusion proof: ${JSON.stringify(evidence)}`);
  }
  const rssMiB = await peakRssMiB(server.pid);
  await server.stop();
  return { eventsPerSecond: EVENTS / seconds, checkpointedPerSecond: EVENTS / checkpointedSeconds, searchMs, proofMs, rssMiB };
}

interface IndexFigures {
  readonly index: string;
  readonly rowsPerSecond: number;
  readonly searchMs: number;
}

/** The same rows into tables that differ only in the message index; rare-token search on each. */
async function compareMessageIndexes(engine: ChdbEngine, batches: readonly string[][]): Promise<IndexFigures[]> {
  const columns = FIELDS.map((field) => `\`${field.column}\` ${field.type}`).join(', ');
  const variants: [string, string][] = [
    ['text (inverted)', ', INDEX i message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message))'],
    ['tokenbf_v1 bloom', ', INDEX i lower(message) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1'],
    ['none', ''],
  ];
  const figures: IndexFigures[] = [];
  for (const [index, ddl] of variants) {
    const table = `compare_${figures.length}`;
    await engine.command(`CREATE TABLE ${table} (${columns}${ddl}) ENGINE = MergeTree ORDER BY (timestamp, event_sequence)`);
    const started = performance.now();
    for (const batch of batches) await engine.insertJsonEachRow(table, Buffer.from(batch.join('\n')));
    const rowsPerSecond = (batches.length * BATCH) / ((performance.now() - started) / 1000);
    const where = index === 'text (inverted)' ? 'hasAllTokens(message, {t:String})' : 'hasToken(lower(message), {t:String})';
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      // The query condition cache would turn repeats into lookups: measure the index, not the cache.
      const [row] = await engine.query<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${where} SETTINGS use_query_condition_cache = 0`, { t: RARE });
      if (Number(row?.n) !== 1) throw new Error(`${index}: rare token found ${row?.n} times, expected 1`);
      times.push(performance.now() - t);
    }
    figures.push({ index, rowsPerSecond, searchMs: median(times) });
  }
  return figures;
}

async function rawEngine(dataDir: string): Promise<{ rowsPerSecond: number; indexes: IndexFigures[] }> {
  const receivedAt = Date.now();
  const source = { protocol: 'syslog-tcp', listener: 'bench', peer: 'bench', identity: '' };
  const engine = new ChdbEngine(path.join(dataDir, 'raw'));
  const store = new EventStore(engine);
  await store.open();
  // Rows are normalised and encoded before the clock starts: this is the engine alone.
  const batches: string[][] = [];
  for (let start = 0; start < EVENTS; start += BATCH) {
    batches.push(
      Array.from({ length: Math.min(BATCH, EVENTS - start) }, (_, k) => {
        const { event } = normaliseSyslog({ bytes: Buffer.from(syslogLine(start + k)), truncated: false }, { source, receivedAt });
        event['event.sequence'] = start + k;
        return encodeEvent(event);
      }),
    );
  }
  const started = performance.now();
  for (const batch of batches) await store.insertEncoded(batch);
  const seconds = (performance.now() - started) / 1000;
  const indexes = await compareMessageIndexes(engine, batches);
  await store.close();
  return { rowsPerSecond: EVENTS / seconds, indexes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface AckFigures {
  maxEventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/** POST one NDJSON batch; resolves with the request's latency once it is acknowledged (durable). */
async function postBatch(server: Started, token: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.http}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
  return performance.now() - started;
}

/**
 * HTTP acknowledgement latency: first the most events/s that 8 concurrent clients get acknowledged
 * (batches of 100), then a fixed request rate at half of that, open loop, recording every
 * request's time to its 200 (the 200 is sent only after the events are fsynced).
 */
async function ackLatency(dataDir: string): Promise<AckFigures> {
  // BENCH_ACK_LEDGER=off measures the same with the ledger switched off, to see its share.
  const server = await startServer(dataDir, process.env['BENCH_ACK_LEDGER'] !== 'off');
  const token = (await readFile(path.join(dataDir, 'secrets/initial-admin-token'), 'utf8')).trim();
  const batch = (n: number): string => Array.from({ length: 100 }, (_, k) => JSON.stringify({ message: `ack bench ${n}-${k} user${k} failed login`, 'source.ip': `10.0.${k}.${n % 250}` })).join('\n');
  let sent = 0;
  const saturateUntil = performance.now() + 5000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < saturateUntil) await postBatch(server, token, batch(sent++));
    }),
  );
  const maxEventsPerSecond = (sent * 100) / ((performance.now() - started) / 1000);
  const interval = 1000 / (maxEventsPerSecond / 2 / 100);
  const latencies: Promise<number>[] = [];
  const paceUntil = performance.now() + 10_000;
  for (let next = performance.now(); next < paceUntil; next += interval) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    latencies.push(postBatch(server, token, batch(sent++)));
  }
  const sorted = (await Promise.all(latencies)).sort((a, b) => a - b);
  await server.stop();
  const at = (share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] as number;
  return { maxEventsPerSecond, p50Ms: at(0.5), p99Ms: at(0.99), requests: sorted.length };
}

/**
 * Elasticsearch `_bulk` against logwarden's own NDJSON ingest with the same documents: 4 clients,
 * 1,000 documents per request, 200,000 documents each way, every request acknowledged (durable).
 */
async function bulkThroughput(dataDir: string): Promise<{ bulkPerSecond: number; ingestPerSecond: number }> {
  const server = await startServer(dataDir, true);
  const token = (await readFile(path.join(dataDir, 'secrets/initial-admin-token'), 'utf8')).trim();
  const documents = (n: number): string[] =>
    Array.from({ length: 1000 }, (_, k) => JSON.stringify({ '@timestamp': new Date().toISOString(), message: `bulk bench ${n}-${k} user${k} failed login`, 'host.name': `web-${k % 20}` }));
  const run = async (route: string, body: (n: number) => string): Promise<number> => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let n = next++; n < 200; n = next++) {
          const response = await fetch(`${server.http}${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: body(n) });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
        }
      }),
    );
    return 200_000 / ((performance.now() - started) / 1000);
  };
  const bulkPerSecond = await run(
    '/_bulk',
    (n) =>
      `${documents(n)
        .map((document) => `{"index":{"_index":"bench"}}\n${document}`)
        .join('\n')}\n`,
  );
  const ingestPerSecond = await run('/api/v1/ingest', (n) => documents(n).join('\n'));
  await server.stop();
  return { bulkPerSecond, ingestPerSecond };
}

/**
 * Why inserts have a chDB session of their own: the time of a one-row insert issued while a long
 * query (hashing every stored record) runs, on the same session and on a second one.
 */
async function insertBehindLongQuery(directory: string): Promise<{ sameSessionMs: number; ownSessionMs: number }> {
  const reader = new Session(directory);
  const writer = new Session(directory);
  try {
    await reader.queryAsync('CREATE TABLE IF NOT EXISTS bench_probe (x UInt64) ENGINE = MergeTree ORDER BY x');
    const timeInsertDuringLongQuery = async (insertSession: Session): Promise<number> => {
      const long = reader.queryAsync(`${LEAF_SQL_WITH} SELECT max(${LEAF_HASH_SQL}) FROM events`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      await insertSession.queryAsync('INSERT INTO bench_probe VALUES (1)');
      const ms = performance.now() - started;
      await long;
      return ms;
    };
    return { sameSessionMs: await timeInsertDuringLongQuery(reader), ownSessionMs: await timeInsertDuringLongQuery(writer) };
  } finally {
    writer.close();
    reader.close();
  }
}

/** `logwarden verify --data-dir` as an operator runs it, timed by its own report and by the wall clock. */
async function verifyDataDir(dataDir: string): Promise<{ records: number; seconds: number; wallSeconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'verify', '--data-dir', dataDir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const report = JSON.parse(output) as { ok: boolean; records: number; seconds: number };
  if (code !== 0 || !report.ok) throw new Error(`verify failed on the bench's own data: ${output}`);
  return { records: report.records, seconds: report.seconds, wallSeconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-'));
  try {
    console.log(`logwarden bench: ${EVENTS} events, ${os.cpus().length} cores, node ${process.version}`);
    const e2e = await endToEnd(path.join(dir, 'server'), true);
    const verify = await verifyDataDir(path.join(dir, 'server'));
    const noLedger = await endToEnd(path.join(dir, 'server-no-ledger'), false);
    const overTls = await endToEnd(path.join(dir, 'server-tls'), true, true);
    const acks = await ackLatency(path.join(dir, 'server-acks'));
    const bulk = await bulkThroughput(path.join(dir, 'server-bulk'));
    const raw = await rawEngine(dir);
    const sessions = await insertBehindLongQuery(path.join(dir, 'raw'));
    console.log(`end-to-end syslog TCP → searchable, ledger on    : ${Math.round(e2e.eventsPerSecond)} events/s`);
    console.log(`end-to-end syslog TCP → searchable, ledger off   : ${Math.round(noLedger.eventsPerSecond)} events/s`);
    console.log(`end-to-end syslog TLS → searchable, ledger on    : ${Math.round(overTls.eventsPerSecond)} events/s (TLS / TCP ${(overTls.eventsPerSecond / e2e.eventsPerSecond).toFixed(2)})`);
    console.log(`ledger cost to ingest              : ${((1 - e2e.eventsPerSecond / noLedger.eventsPerSecond) * 100).toFixed(1)}%`);
    console.log(
      `end-to-end → in a signed checkpoint: ${Math.round(e2e.checkpointedPerSecond)} events/s (${((1 - e2e.checkpointedPerSecond / noLedger.eventsPerSecond) * 100).toFixed(1)}% below ledger-off ingest; checkpoints come once a second)`,
    );
    console.log(
      `verify --data-dir                  : ${verify.records} records in ${verify.seconds.toFixed(2)} s = ${Math.round(verify.records / verify.seconds)} records/s (wall ${verify.wallSeconds.toFixed(2)} s incl. start)`,
    );
    console.log(`HTTP ingest, durable acks, max     : ${Math.round(acks.maxEventsPerSecond)} events/s (8 clients, 100 events per request)`);
    console.log(`HTTP ack latency at half that load : p50 ${acks.p50Ms.toFixed(1)} ms, p99 ${acks.p99Ms.toFixed(1)} ms over ${acks.requests} requests`);
    console.log(
      `Elasticsearch _bulk, durable acks  : ${Math.round(bulk.bulkPerSecond)} events/s (NDJSON ingest, same documents: ${Math.round(bulk.ingestPerSecond)} events/s; 4 clients, 1,000 per request)`,
    );
    console.log(`insert during a long query         : ${sessions.sameSessionMs.toFixed(0)} ms on the query's session, ${sessions.ownSessionMs.toFixed(0)} ms on its own session`);
    console.log(`raw engine insert, same rows       : ${Math.round(raw.rowsPerSecond)} rows/s`);
    console.log(`ratio end-to-end / raw engine      : ${(e2e.eventsPerSecond / raw.rowsPerSecond).toFixed(2)}`);
    console.log(`rare-token search over ${EVENTS} (API): first ${(e2e.searchMs[0] as number).toFixed(1)} ms, median of ${e2e.searchMs.length} ${median(e2e.searchMs).toFixed(1)} ms`);
    console.log(`inclusion proof over ${EVENTS} (API) : first ${(e2e.proofMs[0] as number).toFixed(1)} ms, median of ${e2e.proofMs.length} ${median(e2e.proofMs).toFixed(1)} ms`);
    console.log(`server peak RSS                    : ${Math.round(e2e.rssMiB)} MiB`);
    console.log(`message index over ${EVENTS} rows (raw engine): insert rows/s, rare-token count latency`);
    for (const figure of raw.indexes) {
      console.log(`  ${figure.index.padEnd(18)}: ${Math.round(figure.rowsPerSecond)} rows/s, ${figure.searchMs.toFixed(1)} ms`);
    }
    await ingestSlicing();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await benchSearchIsolation();
  await benchReadPool();
  benchMatcher();
  await benchParsers();
  await benchDetectionMatcher();
  await benchDetection();
  await benchAlerts();
}

await main();
