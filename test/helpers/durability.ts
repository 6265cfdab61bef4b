// Test helpers for durability: load generators that keep HTTP and syslog TCP traffic in flight
// while the server is killed, a paged dump of everything stored, /metrics readings, and a tmpfs
// with a ballast file to fill the data dir's filesystem.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, rmdir, statfs } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SpawnedServer } from './server.ts';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A stored event as the search API returns it (dotted ECS names). */
export type StoredEvent = Record<string, unknown> & { 'event.sequence': number };

export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
  /** The `error.code` of a JSON error body, if any. */
  readonly code: string | undefined;
}

/** POST NDJSON lines to /api/v1/ingest and report the answer, whatever it is. */
export async function postIngest(httpUrl: string, token: string, lines: readonly Record<string, unknown>[]): Promise<HttpAnswer> {
  const response = await fetch(`${httpUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), text, code };
}

/** GET a route with the token; asserts 200 and returns the parsed JSON body. */
export async function getJson<T>(httpUrl: string, token: string, route: string): Promise<T> {
  const response = await fetch(`${httpUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  assert.equal(response.status, 200, `${route}: ${text}`);
  return JSON.parse(text) as T;
}

export async function countOf(server: SpawnedServer, token: string, query: string): Promise<number> {
  return (await getJson<{ count: number }>(server.httpUrl, token, `/api/v1/count?q=${encodeURIComponent(query)}`)).count;
}

/** Up to `limit` events; a page cut short by http.maxResponseBytes is continued by its cursor. */
export async function searchEvents(server: SpawnedServer, token: string, query: string, limit = 10_000, order: 'asc' | 'desc' = 'asc'): Promise<StoredEvent[]> {
  type Page = { events: StoredEvent[]; truncated?: boolean; cursor?: string };
  let page = await getJson<Page>(server.httpUrl, token, `/api/v1/search?q=${encodeURIComponent(query)}&limit=${limit}&order=${order}`);
  const events = [...page.events];
  while (page.truncated && page.cursor !== undefined && events.length < limit) {
    page = await getJson<Page>(server.httpUrl, token, `/api/v1/search?cursor=${encodeURIComponent(page.cursor)}&limit=${limit - events.length}`);
    events.push(...page.events);
  }
  return events;
}

const PAGE = 5_000;

/**
 * Everything stored, in pages of `event.sequence` ranges from 0 to the largest stored number.
 * A page that fills the search limit fails loudly rather than hide records.
 */
export async function fetchAllEvents(server: SpawnedServer, token: string): Promise<StoredEvent[]> {
  const [newest] = await searchEvents(server, token, '', 1, 'desc');
  if (!newest) return [];
  const max = newest['event.sequence'];
  const all: StoredEvent[] = [];
  for (let from = 0; from <= max; from += PAGE) {
    const page = await searchEvents(server, token, `event.sequence:[${from} TO ${from + PAGE - 1}]`);
    assert.ok(page.length < 10_000, `the range ${from}..${from + PAGE - 1} holds ${page.length} events: more than the search limit`);
    all.push(...page);
  }
  return all;
}

/** Assert the stored sequence numbers are exactly 0..n-1, naming the first gap or duplicate. */
export function assertGapFree(events: readonly StoredEvent[]): void {
  const sequences = events.map((event) => event['event.sequence']).sort((a, b) => a - b);
  for (const [index, seq] of sequences.entries()) {
    if (seq !== index) {
      const what = seq < index ? `${seq} is stored more than once` : `${index} is missing (next stored: ${seq})`;
      assert.fail(`event.sequence is not gap-free over ${sequences.length} events: ${what}`);
    }
  }
}

/** How many times each id (words matching `pattern`, global flag) occurs across the messages. */
export function idOccurrences(events: readonly StoredEvent[], pattern: RegExp): Map<string, number> {
  const seen = new Map<string, number>();
  for (const event of events) {
    for (const match of String(event['message'] ?? '').matchAll(pattern)) seen.set(match[0], (seen.get(match[0]) ?? 0) + 1);
  }
  return seen;
}

/** The /metrics text (read token). */
export async function metricsText(server: SpawnedServer, token: string): Promise<string> {
  const response = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return text;
}

/** The value of an unlabelled metric, or undefined when it is not exported. */
export function metricValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** SIGKILL the server and wait until it is gone; resolves to the signal that ended it. */
export async function killHard(server: SpawnedServer): Promise<NodeJS.Signals | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.signalCode;
  const gone = new Promise<NodeJS.Signals | null>((resolve) => server.child.once('exit', (_code, signal) => resolve(signal)));
  server.child.kill('SIGKILL');
  return gone;
}

/**
 * Workers that each POST NDJSON batches of `batchSize` events, one request at a time, until
 * stopped. Every event carries a unique id `${prefix}x${n}` in its message; the ids of every batch
 * answered 200 with all events accepted are kept in `acked`.
 */
export class HttpLoad {
  readonly acked: string[] = [];
  /** Statuses other than 200, and 200s that did not accept the whole batch, as text. */
  readonly unexpected: string[] = [];
  requests = 0;
  failures = 0;
  inFlight = 0;
  #next = 0;
  #stopped = false;
  readonly #workers: Promise<void>[] = [];
  readonly #url: string;
  readonly #token: string;
  readonly #prefix: string;
  readonly #label: string;
  readonly #batchSize: number;

  constructor(url: string, token: string, options: { prefix: string; label: string; batchSize: number; workers: number }) {
    this.#url = url;
    this.#token = token;
    this.#prefix = options.prefix;
    this.#label = options.label;
    this.#batchSize = options.batchSize;
    for (let i = 0; i < options.workers; i++) this.#workers.push(this.#work());
  }

  async #work(): Promise<void> {
    while (!this.#stopped) {
      const ids = Array.from({ length: this.#batchSize }, () => `${this.#prefix}x${this.#next++}`);
      const lines = ids.map((id) => ({ message: `durability ${this.#label} ${id}`, 'service.name': 'durability-e2e' }));
      this.requests++;
      this.inFlight++;
      try {
        const answer = await postIngest(this.#url, this.#token, lines);
        const accepted = answer.status === 200 ? (JSON.parse(answer.text) as { accepted?: number }).accepted : undefined;
        if (answer.status === 200 && accepted === ids.length) this.acked.push(...ids);
        else this.unexpected.push(`${answer.status} ${answer.text.slice(0, 300)}`);
      } catch {
        this.failures++; // the server died under the request: not acknowledged
        await sleep(5);
      } finally {
        this.inFlight--;
      }
    }
  }

  /** Stop sending and wait for every worker to finish its last request. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#workers);
  }
}

/** An RFC 5424 syslog line (newline-framed on the wire) with `text` as its message. */
export function syslogLine(text: string): string {
  return `<134>1 ${new Date().toISOString()} durability-host durability - - - ${text}\n`;
}

/**
 * One TCP connection writing newline-framed RFC 5424 lines, `perTick` lines every few
 * milliseconds, each with a unique id `${prefix}x${n}`, until stopped or the server goes away.
 */
export class TcpLoad {
  sent = 0;
  #stopped = false;
  readonly #done: Promise<void>;

  constructor(host: string, port: number, options: { prefix: string; label: string; perTick: number; tickMs: number }) {
    this.#done = new Promise((resolve) => {
      const socket = net.connect({ host, port });
      let open = true;
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open = false;
        resolve();
      });
      socket.once('connect', async () => {
        while (open && !this.#stopped) {
          let text = '';
          for (let i = 0; i < options.perTick; i++) text += syslogLine(`durability ${options.label} ${options.prefix}x${this.sent++}`);
          if (!socket.write(text)) await new Promise((drained) => (socket.once('drain', drained), socket.once('close', drained)));
          await sleep(options.tickMs);
        }
        socket.end();
        socket.destroy();
      });
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

/** Send `lines` on a fresh TCP connection and keep the socket open; returns it. */
export async function openSyslogTcp(host: string, port: number, lines: readonly string[]): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => socket.write(lines.join(''), (error) => (error ? reject(error) : resolve())));
  return socket;
}

export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export interface Tmpfs {
  readonly dir: string;
  unmount(): Promise<void>;
}

/**
 * Mount a tmpfs of `sizeMiB` on a fresh temp dir. Throws `TmpfsForbidden` when the machine does not
 * allow mounting (not root, no CAP_SYS_ADMIN); any other failure is an ordinary error.
 */
export async function mountTmpfs(sizeMiB: number): Promise<Tmpfs> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-tmpfs-'));
  try {
    await execFileAsync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    await rmdir(dir);
    const text = String((error as { stderr?: string }).stderr ?? '') + String(error);
    if (/permission denied|not permitted|must be superuser|only root|EPERM|EACCES/i.test(text)) throw new TmpfsForbidden(text.trim());
    throw error;
  }
  return {
    dir,
    unmount: async () => {
      await execFileAsync('umount', [dir]);
      await rmdir(dir);
    },
  };
}

export class TmpfsForbidden extends Error {}

/** Write zeros to `file` (in 4 MiB chunks, synced) until the filesystem has about `leaveFree` bytes free. */
export async function writeBallast(file: string, leaveFree: number): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const chunk = Buffer.alloc(4 * MiB);
  const handle = await open(file, 'w');
  let written = 0;
  try {
    for (;;) {
      const excess = (await freeBytes(path.dirname(file))) - leaveFree;
      if (excess <= 64 * 1024) break;
      const { bytesWritten } = await handle.write(chunk, 0, Math.min(chunk.length, excess));
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return written;
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export { MiB };
