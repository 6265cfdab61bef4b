// Hostile and mistaken searches against the built server, over real HTTP (issue 9): a response is
// capped in bytes and continued by cursor (R-STORE-1: no event hidden, none twice), too many
// searches at once are refused with 429 and Retry-After, a query over its time limit answers 504,
// an impossible time range answers 400 with the allowed range, and the ledger keeps signing
// checkpoints over new events while long searches run (R-TAMPER-1). Never a 500.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkpointSize, ingest, readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const EVENTS = 1500;
const MAX_RESPONSE = 64 * 1024;
/** Every message is checked against every term and none matches: the slowest honest query. */
const HEAVY = Array.from({ length: 50 }, (_, i) => `NOT *x?x?x?q${i}*`).join(' AND ');
const T0 = Date.parse('2026-11-24T12:00:00.000Z');

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function get(server: SpawnedServer, route: string, params: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${server.httpUrl}${route}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${await readToken(server)}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function configured(dataDir: string, name: string, yaml: string): Promise<string[]> {
  const file = path.join(dataDir, name);
  await writeFile(file, yaml);
  return ['--config', file];
}

describe('searches and queries under hostile use (built server)', () => {
  let dataDir = '';
  let server: SpawnedServer;

  before(async () => {
    dataDir = await makeDataDir();
    const args = await configured(dataDir, 'limits.yaml', `http:\n  maxResponseBytes: ${MAX_RESPONSE}\nsearch:\n  maxConcurrent: 1\n  maxQueued: 0\n`);
    server = await spawnServer(dataDir, args);
    const filler = 'x'.repeat(4000);
    for (let start = 0; start < EVENTS; start += 500) {
      // Ten events a millisecond: pages must split ties without losing or repeating one.
      const lines = Array.from({ length: 500 }, (_, k) => ({ '@timestamp': new Date(T0 + Math.floor((start + k) / 10)).toISOString(), message: `big${start + k} ${filler}` }));
      assert.equal((await ingest(server, lines)).accepted, 500);
    }
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  for (const order of ['desc', 'asc']) {
    test(`search?limit=10000 over large events answers a truncated page within http.maxResponseBytes, and cursors walk every event exactly once (${order})`, async () => {
      const seen: string[] = [];
      let answer = await get(server, '/api/v1/search', { q: 'big*', limit: '10000', order });
      for (let pages = 1; ; pages++) {
        assert.equal(answer.status, 200, answer.text);
        assert.ok(Buffer.byteLength(answer.text) <= MAX_RESPONSE, `page ${pages} is ${Buffer.byteLength(answer.text)} bytes`);
        const events = answer.json['events'] as { message: string }[];
        assert.equal(answer.json['returned'], events.length);
        seen.push(...events.map((event) => event.message.split(' ')[0] as string));
        if (answer.json['cursor'] === undefined) {
          assert.equal(answer.json['truncated'], false);
          break;
        }
        assert.equal(answer.json['truncated'], true);
        answer = await get(server, '/api/v1/search', { cursor: answer.json['cursor'] as string, limit: '10000' });
        assert.ok(pages < 1000, 'paging ends');
      }
      assert.equal(seen.length, EVENTS);
      assert.equal(new Set(seen).size, EVENTS, 'no event twice');
      const expected = Array.from({ length: EVENTS }, (_, i) => `big${order === 'asc' ? i : EVENTS - 1 - i}`);
      assert.deepEqual(seen, expected, 'in order, with no gap');
    });
  }

  test('a malformed cursor, or one sent with another query, answers 400 LW_BAD_REQUEST', async () => {
    const bad = await get(server, '/api/v1/search', { cursor: 'not-a-cursor' });
    assert.equal(bad.status, 400, bad.text);
    assert.equal((bad.json['error'] as { code: string }).code, 'LW_BAD_REQUEST');
    const first = await get(server, '/api/v1/search', { q: 'big*', limit: '5' });
    const cursor = first.json['cursor'] as string;
    assert.equal(typeof cursor, 'string');
    const other = await get(server, '/api/v1/search', { cursor, q: 'other' });
    assert.equal(other.status, 400, other.text);
    assert.match((other.json['error'] as { message: string }).message, /cursor: it continues a search with other q/);
    const same = await get(server, '/api/v1/search', { cursor, q: 'big*', limit: '5' });
    assert.equal(same.status, 200, same.text);
  });

  test('a huge from/to answers 400 with the allowed range, not 500 (also in the query language)', async () => {
    for (const [route, params] of [
      ['/api/v1/search', { from: '99999999999999999999' }],
      ['/api/v1/count', { to: '99999999999999' }],
      ['/api/v1/aggregate', { from: 'now-99999999999d' }],
      ['/api/v1/search', { from: '9999-01-01' }],
    ] as const) {
      const answer = await get(server, route, params);
      assert.equal(answer.status, 400, `${route} ${JSON.stringify(params)}: ${answer.text}`);
      const error = answer.json['error'] as { code: string; message: string };
      assert.equal(error.code, 'LW_BAD_REQUEST');
      assert.match(error.message, /allowed range is 1900-01-01T00:00:00\.000Z to 2299-12-31T23:59:59\.999Z/);
    }
    const inQuery = await get(server, '/api/v1/count', { q: '@timestamp:>now-99999999999d' });
    assert.equal(inQuery.status, 400, inQuery.text);
    assert.match((inQuery.json['error'] as { message: string }).message, /between 1900-01-01 and 2299-12-31/);
  });

  test('more searches at once than search.maxConcurrent + maxQueued answer 429 LW_TOO_MANY_REQUESTS with Retry-After', async () => {
    // Without the audit trail's events: each count that answers adds one (R-ACCESS-2), and they answer in any order.
    const withoutAudit = 'NOT event.category:logwarden-audit';
    const stored = (await get(server, '/api/v1/count', { q: withoutAudit })).json['count'];
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(server, '/api/v1/count', { q: `${HEAVY} AND ${withoutAudit}` })));
    const refused = answers.filter((answer) => answer.status === 429);
    assert.ok(refused.length > 0, 'some were refused');
    for (const answer of refused) {
      assert.equal((answer.json['error'] as { code: string }).code, 'LW_TOO_MANY_REQUESTS');
      assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/);
    }
    for (const answer of answers.filter((a) => a.status !== 429)) assert.deepEqual([answer.status, answer.json['count']], [200, stored]);
    const metrics = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${await readToken(server)}` } }).then((r) => r.text());
    assert.match(metrics, /logwarden_queries_refused_total\{route="count",reason="busy"\} [1-9]/);
  });

  test('while long searches run, a checkpoint still covers newly ingested events (R-TAMPER-1)', async () => {
    const stored = Number((await get(server, '/api/v1/count', { q: '' })).json['count']);
    let searching = true;
    const searches = (async () => {
      let runs = 0;
      while (searching) runs += (await get(server, '/api/v1/count', { q: HEAVY })).status === 200 ? 1 : 0;
      return runs;
    })();
    try {
      await ingest(server, [{ message: 'after the long searches started' }]);
      const expected = stored + 1;
      await eventually(async () => ((await checkpointSize(server)) ?? 0) >= expected || undefined, 120_000, `a checkpoint covering ${expected} records`);
    } finally {
      searching = false;
      assert.ok((await searches) >= 1, 'long searches ran meanwhile');
    }
  });
});

describe('a query over search.maxQuerySeconds (built server)', () => {
  test('answers 504 LW_QUERY_TIMEOUT naming the limit, for search, count and aggregate', async () => {
    const dataDir = await makeDataDir();
    const args = await configured(dataDir, 'timeout.yaml', 'search:\n  maxQuerySeconds: 0.001\n');
    const server = await spawnServer(dataDir, args);
    try {
      const filler = 'x'.repeat(4000);
      await ingest(
        server,
        Array.from({ length: 2000 }, (_, i) => ({ message: `m${i} ${filler}` })),
      );
      for (const route of ['/api/v1/search', '/api/v1/count', '/api/v1/aggregate']) {
        const answer = await get(server, route, { q: HEAVY });
        assert.equal(answer.status, 504, `${route}: ${answer.text}`);
        const error = answer.json['error'] as { code: string; message: string; limitSeconds: number };
        assert.equal(error.code, 'LW_QUERY_TIMEOUT');
        assert.match(error.message, /search\.maxQuerySeconds/);
        assert.equal(error.limitSeconds, 0.001);
      }
    } finally {
      await server.stop();
      await removeDataDir(dataDir);
    }
  });
});
