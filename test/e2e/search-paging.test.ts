// Paging and histograms through the built server (issue 10): the CLI walks a search page by page
// with --cursor (every event once, none twice: R-STORE-1), and histogram buckets come back
// zero-filled across the requested range, with too many buckets refused as 400, never a 500.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ingest, readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const marker = `page${randomUUID().slice(0, 8)}`;
const EVENTS = 12;

describe('paging and histograms (built server)', () => {
  let dataDir = '';
  let server: SpawnedServer;
  const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);

  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    // Two events a minute apart pairwise, with a gap of empty minutes in the middle.
    const lines = Array.from({ length: EVENTS }, (_, i) => ({ '@timestamp': new Date(T0 + (i < 6 ? i : i + 600) * 1000).toISOString(), message: `${marker} n${i}` }));
    assert.equal((await ingest(server, lines)).accepted, EVENTS);
    await eventually(async () => ((await cli(['count', marker])).stdout.trim() === String(EVENTS) ? true : undefined), 20_000, 'events stored');
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  test('search --cursor continues where the previous page stopped: every event exactly once', async () => {
    const seen: string[] = [];
    let args = ['search', '--print-cursor', '--limit', '5', marker];
    for (let page = 0; page < 5; page++) {
      const result = await cli(args);
      assert.equal(result.code, 0, result.stderr);
      seen.push(
        ...result.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => String((JSON.parse(line) as { message: string }).message)),
      );
      const next = /more events: logwarden search --cursor (\S+)/.exec(result.stderr);
      if (!next) break;
      args = ['search', '--print-cursor', '--limit', '5', '--cursor', next[1]!];
    }
    assert.deepEqual(
      seen,
      Array.from({ length: EVENTS }, (_, i) => `${marker} n${EVENTS - 1 - i}`),
      'newest first, no gap, no repeat',
    );
    const mismatched = await cli(['search', '--cursor', 'not-a-cursor']);
    assert.notEqual(mismatched.code, 0);
    assert.match(mismatched.stderr, /LW_BAD_REQUEST/);
  });

  test('histogram buckets are zero-filled across the requested range; too many buckets is a 400', async () => {
    const token = await readToken(server);
    const get = async (params: Record<string, string>) => {
      const response = await fetch(`${server.httpUrl}/api/v1/aggregate?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, json: (await response.json()) as { buckets?: { start: string; count: number }[]; error?: { code: string; message: string } } };
    };
    const from = new Date(T0 - 60_000).toISOString();
    const to = new Date(T0 + 15 * 60_000).toISOString();
    const minutes = await get({ q: marker, from, to, interval: '1m' });
    assert.equal(minutes.status, 200);
    const counts = minutes.json.buckets!.map((b) => b.count);
    assert.equal(counts.length, 16, 'one bucket per minute of the range');
    assert.deepEqual([counts[1], counts[11], counts.reduce((a, b) => a + b, 0)], [6, 6, EVENTS]);
    assert.equal(counts.filter((n) => n === 0).length, 14, 'the empty minutes are there, as zero');
    const tooMany = await get({ q: marker, from, to: new Date(T0 + 86_400_000).toISOString(), interval: '1s' });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.error?.code, 'LW_BAD_REQUEST');
    assert.match(tooMany.json.error?.message ?? '', /buckets .* the limit is 10000/);
  });
});
