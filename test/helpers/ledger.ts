// Test helpers for the ledger: ingest over HTTP, read the signed checkpoint's size, copy a stopped
// data dir, and tamper with a copy through the embedded engine.
// chDB allows one data directory per process at a time: `withEngine` opens, runs and closes, and
// must never be pointed at a data dir a running server uses.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChdbEngine } from '../../src/store/chdb-engine.ts';
import { eventually, type SpawnedServer } from './server.ts';

export async function readToken(server: SpawnedServer): Promise<string> {
  return (await readFile(server.tokenFile, 'utf8')).trim();
}

export interface IngestResult {
  readonly accepted: number;
  readonly flagged: number;
}

/** POST NDJSON lines (objects are serialised) to /api/v1/ingest; asserts 200 and every line accepted. */
export async function ingest(server: SpawnedServer, lines: readonly (string | Record<string, unknown>)[]): Promise<IngestResult> {
  const body = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const response = await fetch(`${server.httpUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await readToken(server)}`, 'content-type': 'application/x-ndjson' },
    body: `${body}\n`,
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const result = JSON.parse(text) as IngestResult;
  assert.equal(result.accepted, lines.length, text);
  return result;
}

/** GET with the admin token; asserts 200 and returns the body text. */
export async function apiGet(server: SpawnedServer, route: string): Promise<string> {
  const response = await fetch(`${server.httpUrl}${route}`, { headers: { authorization: `Bearer ${await readToken(server)}` } });
  const text = await response.text();
  assert.equal(response.status, 200, `${route}: ${text}`);
  return text;
}

/** The tree size of the latest signed checkpoint (second line of the note), or undefined before the first. */
export async function checkpointSize(server: SpawnedServer): Promise<number | undefined> {
  const response = await fetch(`${server.httpUrl}/api/v1/ledger/checkpoint`, { headers: { authorization: `Bearer ${await readToken(server)}` } });
  const text = await response.text();
  if (response.status === 503) return undefined;
  assert.equal(response.status, 200, text);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  return Number(text.split('\n')[1]);
}

/** Wait until the latest signed checkpoint covers exactly `size` records; returns the note. */
export async function waitForCheckpoint(server: SpawnedServer, size: number, ms = 20_000): Promise<string> {
  await eventually(async () => ((await checkpointSize(server)) === size ? true : undefined), ms, `a signed checkpoint of size ${size}`);
  return apiGet(server, '/api/v1/ledger/checkpoint');
}

/** Copy a stopped server's data dir to a fresh temp dir. */
export async function copyDataDir(source: string): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'logwarden-tamper-'));
  await cp(source, copy, { recursive: true });
  return copy;
}

/** Open the embedded engine of a stopped data dir, run `work`, and always close it. */
export async function withEngine<T>(dataDir: string, work: (engine: ChdbEngine) => Promise<T>): Promise<T> {
  const engine = new ChdbEngine(path.join(dataDir, 'clickhouse'), { privileges: 'unrestricted' }); // tampers on purpose
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** The node's current verifier key: the last non-comment line of `<data-dir>/ledger/verifier-keys`. */
export async function currentVerifierKey(dataDir: string): Promise<string> {
  const lines = (await readFile(path.join(dataDir, 'ledger/verifier-keys'), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const key = lines.at(-1);
  assert.ok(key, 'the data dir has a verifier key');
  return key;
}

export function transparencyFile(dataDir: string): string {
  return path.join(dataDir, 'ledger/checkpoints');
}
