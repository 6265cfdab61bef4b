// Bench (called from main.ts): a 16 MiB HTTP ingest request of tiny records ("{}" lines, about
// 5.6M events) against the built server, started as `npm start` starts it but with a per-request
// cap that lets the request in. While it is decoded and stored, one client asks /healthz in turn
// and another sends syslog over UDP at a steady rate. Prints /healthz p99 idle and during the
// request (and their ratio, from the same run), UDP datagrams sent against stored, how long the
// request took and the server's peak RSS. Prints figures, never asserts them.
import dgram from 'node:dgram';
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';

const BODY_BYTES = 16 * 1024 * 1024;
const IDLE_PROBES = 300;
/** UDP datagrams per 10 ms tick (2,000 a second). */
const UDP_PER_TICK = 20;

export interface IngestSlicingFigures {
  readonly events: number;
  readonly requestSeconds: number;
  readonly status: number;
  readonly idleP99Ms: number;
  readonly busyP99Ms: number;
  readonly busyProbes: number;
  readonly udpSent: number;
  readonly udpStored: number;
  readonly idleRssMiB: number;
  readonly peakRssMiB: number;
}

export async function ingestSlicing(): Promise<IngestSlicingFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bench-slicing-'));
  const server = await startBenchServer(dir, 'ingest:\n  maxEventsPerRequest: 6000000\n');
  try {
    const token = (await readFile(path.join(dir, 'secrets/initial-admin-token'), 'utf8')).trim();
    const idle = await probeHealth(server, () => false, IDLE_PROBES);
    const idleRssMiB = await rssMiB(server.pid, 'VmRSS');
    const body = Buffer.alloc(BODY_BYTES, '{}\n');
    const events = Math.floor(BODY_BYTES / 3);
    let done = false;
    const started = performance.now();
    const request = post(`${server.http}/api/v1/ingest`, token, body).then((status) => {
      done = true;
      return status;
    });
    const tag = `udpprobe${process.pid}`;
    const [status, busy, udpSent] = await Promise.all([request, probeHealth(server, () => done), sendUdp(server, tag, () => done)]);
    const requestSeconds = (performance.now() - started) / 1000;
    const udpStored = await settledCount(server, token, tag);
    const figures = {
      events,
      requestSeconds,
      status,
      idleP99Ms: p99(idle),
      busyP99Ms: p99(busy),
      busyProbes: busy.length,
      udpSent,
      udpStored,
      idleRssMiB,
      peakRssMiB: await rssMiB(server.pid, 'VmHWM'),
    };
    print(figures);
    return figures;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function print(f: IngestSlicingFigures): void {
  console.log(`16 MiB of tiny records, one HTTP request: ${f.events} events, answered ${f.status} after ${f.requestSeconds.toFixed(1)} s`);
  console.log(`  /healthz p99 idle ${f.idleP99Ms.toFixed(1)} ms, during the request ${f.busyP99Ms.toFixed(1)} ms (×${(f.busyP99Ms / f.idleP99Ms).toFixed(1)}, ${f.busyProbes} probes)`);
  console.log(`  UDP meanwhile: ${f.udpSent} datagrams sent, ${f.udpStored} stored (${((1 - f.udpStored / f.udpSent) * 100).toFixed(1)}% lost)`);
  console.log(`  server RSS ${Math.round(f.idleRssMiB)} MiB before the request, peak ${Math.round(f.peakRssMiB)} MiB`);
}

/** /healthz asked in turn until `stop()` (or `limit` answers); each answer's latency in ms. */
async function probeHealth(server: BenchServer, stop: () => boolean, limit = Infinity): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop() && latencies.length < limit) {
    const started = performance.now();
    const response = await fetch(`${server.http}/healthz`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function sendUdp(server: BenchServer, tag: string, stop: () => boolean): Promise<number> {
  const socket = dgram.createSocket(server.udp.host.includes(':') ? 'udp6' : 'udp4');
  let sent = 0;
  while (!stop()) {
    for (let i = 0; i < UDP_PER_TICK; i++) {
      socket.send(`<134>1 ${new Date().toISOString()} bench slicing - - - ${tag} datagram ${sent++}`, server.udp.port, server.udp.host);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.close();
  return sent;
}

/** The count for `query` once it stops changing (the last datagrams are written). */
async function settledCount(server: BenchServer, token: string, query: string): Promise<number> {
  let last = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const response = await fetch(`${server.http}/api/v1/count?q=${query}`, { headers: { authorization: `Bearer ${token}` } });
    const { count } = (await response.json()) as { count: number };
    if (count === last) return count;
    last = count;
  }
}

async function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}

/** The status of a POST, over node:http: it may take minutes, longer than fetch waits for headers. */
function post(url: string, token: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
    request.end(body);
  });
}

function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}
