// The compiler against the real engine: an embedded ClickHouse (chdb) with a table built from the
// field registry and the production text index, ~20 crafted events, a table of queries with the
// exact rows each must return, and fuzzing that no compiled query makes the engine fail.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from 'chdb';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { FIELDS } from '../schema/fields.ts';
import { grammarQuery, quotePhrase } from './arbitraries.fixtures.ts';
import type { CompiledQuery } from './compile.ts';
import { compileQuery } from './compile.ts';
import { textTokens } from './patterns.ts';
import { assertSafeCompiledQuery } from './sql-safety.fixtures.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');

interface Row {
  seq: number;
  at: string; // ISO 8601, UTC
  message: string;
  [column: string]: unknown;
}

// Columns use registry column names; everything not given takes the column default.
const ROWS: Row[] = [
  {
    seq: 1,
    at: '2026-11-24T10:00:00Z',
    message: 'Failed password for alice from 10.0.0.1 port 22 ssh2',
    log_level: 'warning',
    host_name: 'web-1',
    user_name: 'alice',
    source_ip: '10.0.0.1',
    source_port: 51000,
    destination_port: 22,
    labels: { env: 'prod', team: 'blue' },
    log_syslog_appname: 'sshd',
    event_severity: 4,
  },
  {
    seq: 2,
    at: '2026-11-24T10:05:00Z',
    message: 'Accepted password for bob from 10.0.0.11 port 22 ssh2',
    log_level: 'info',
    host_name: 'web-1',
    user_name: 'bob',
    source_ip: '10.0.0.11',
    source_port: 51001,
    destination_port: 22,
    labels: { env: 'prod' },
    log_syslog_appname: 'sshd',
    event_severity: 6,
  },
  {
    seq: 3,
    at: '2026-11-24T11:00:00Z',
    message: 'FAILED PASSWORD for root from 192.168.1.5',
    log_level: 'error',
    host_name: 'web-2',
    user_name: 'root',
    source_ip: '192.168.1.5',
    source_port: null,
    destination_port: 22,
    labels: { env: 'staging' },
    log_syslog_appname: 'sshd',
    event_severity: 3,
  },
  {
    seq: 4,
    at: '2026-11-24T11:30:00Z',
    message: 'Connection from 2001:db8::1 closed by peer',
    log_level: 'info',
    host_name: 'db-1',
    source_ip: '2001:db8::1',
    source_port: 40000,
    destination_port: 5432,
    log_syslog_appname: 'postgres',
  },
  {
    seq: 5,
    at: '2026-11-24T11:59:59.999Z',
    message: 'user alice@example.com logged in',
    log_level: 'info',
    host_name: 'app-1',
    user_name: 'alice@example.com',
    labels: { team: 'red' },
    log_syslog_appname: 'webapp',
  },
  { seq: 6, at: '2026-11-23T23:59:59.999Z', message: 'Disk /dev/sda1 is 95% full', log_level: 'critical', host_name: 'db-1', event_severity: 2 },
  { seq: 7, at: '2026-11-25T00:00:00Z', message: 'administrator login', log_level: 'info', user_name: 'admin' },
  { seq: 8, at: '2026-11-24T00:00:00Z', message: 'adm1n login attempt from 172.16.0.9', log_level: 'warning', user_name: 'adm1n', source_ip: '172.16.0.9' },
  { seq: 9, at: '2026-11-20T08:00:00Z', message: 'Café crème served to CAFÉ guests', host_name: 'cafe' },
  { seq: 10, at: '2026-11-22T12:00:00Z', message: 'failover started on node-3', log_level: 'error', host_name: 'db-2', event_outcome: 'success' },
  { seq: 11, at: '2026-11-24T11:45:00Z', message: '', host_ip: 'not-an-ip', source_ip: 'garbage', logwarden_truncated: true },
  { seq: 12, at: '2026-11-24T11:50:00Z', message: 'it\'s a "quoted" message with C:\\Users\\bob path', host_name: 'win-1', user_name: 'bob_smith' },
  { seq: 13, at: '2026-11-24T11:55:00Z', message: 'FAILEDPASSWORD without space', host_name: 'web-3', user_name: 'ad_in' },
  { seq: 14, at: '2026-11-24T09:00:00Z', message: 'ssh: failed to connect to 10.0.0.100', source_ip: '10.200.0.1' },
  { seq: 15, at: '2026-11-24T11:59:00Z', message: '100% CPU on host_a', event_severity: 1, destination_port: 443 },
  { seq: 16, at: '2026-11-24T11:58:00Z', message: 'kernel: 日本語テキスト' },
  { seq: 17, at: '2026-11-24T11:57:00Z', message: 'login failed for user ADMIN', user_name: 'ADMIN', source_ip: '10.0.0.1', labels: { env: 'prod-eu' } },
  { seq: 18, at: '2026-11-24T11:56:00Z', message: 'password reset for alice', user_name: 'alice', destination_port: 1024 },
  { seq: 19, at: '2026-11-24T07:00:00Z', message: 'nightly backup 2026-11-24 done', source_ip: 'fe80::1' },
  { seq: 20, at: '2026-11-24T06:00:00Z', message: "error: [tag] {brace} 'single' `tick`", log_level: 'error' },
];

const ALL_SEQS = ROWS.map((r) => r.seq);
const except = (...seqs: number[]): number[] => ALL_SEQS.filter((s) => !seqs.includes(s));

/** [query, the event.sequence values it must return] */
const CASES: [string, number[]][] = [
  // match-all
  ['', ALL_SEQS],
  ['*', ALL_SEQS],
  // free text: whole tokens, case-insensitive
  ['failed', [1, 3, 14, 17]],
  ['FAILED', [1, 3, 14, 17]],
  ['alice', [1, 5, 18]],
  ['password -failed', [2, 18]],
  // punctuated terms match whole tokens only: 10.0.0.1 is not in 10.0.0.11 or 10.0.0.100
  ['10.0.0.1', [1]],
  ['alice@example.com', [5]],
  ['host_a', [15]],
  ['100%', [15]],
  ['`tick`', [20]],
  // phrases
  ['"failed password"', [1, 3]],
  ['"password for"', [1, 2, 3]],
  ['"it\'s a \\"quoted\\" message"', [12]],
  ['"C:\\Users\\bob"', [12]],
  ['"[tag] {brace}"', [20]],
  // non-ASCII: case-insensitive through the regex; 日本語 is only part of a token
  ['café', [9]],
  ['CAFÉ', [9]],
  ['"crème served"', [9]],
  ['日本語テキスト', [16]],
  ['日本語', []],
  // wildcards on message: anywhere, case-insensitive
  ['fail*', [1, 3, 10, 13, 14, 17]],
  ['ad?in', [7, 17]],
  ['adm?n', [7, 8, 17]],
  ['caf*', [9]],
  ['message:*', except(11)],
  ['NOT message:*', [11]],
  // keyword fields: exact, case-sensitive, anchored wildcards with _ literal
  ['level:error', [3, 10, 20]],
  ['level:Error', []],
  // log.level words of one level find each other: `info` rows for informational, `warning` for warn
  ['level:informational', [2, 4, 5, 7]],
  ['level:warn', [1, 8]],
  ['level:err OR level:crit', [3, 6, 10, 20]],
  ['host:web-*', [1, 2, 3, 13]],
  ['user:ad?in', [7, 13]],
  ['user:ad_in', [13]],
  ['user:*_*', [12, 13]],
  ['level:(error OR critical) AND NOT host:db-2', [3, 6, 20]],
  // ip fields: CIDR, exact (normalised), garbage stored values neither match nor throw
  ['source.ip:10.0.0.0/8', [1, 2, 14, 17]],
  ['source.ip:10.0.0.1', [1, 17]],
  ['source.ip:"2001:0db8:0::1"', [4]],
  ['source.ip:2001:db8::/32', [4]],
  ['source.ip:::/0', [4, 19]],
  ['NOT source.ip:10.0.0.0/8', except(1, 2, 14, 17)],
  ['host.ip:10.0.0.0/8', []],
  ['host.ip:*', [11]],
  ['source.ip:10.0.*', [1, 2, 17]],
  // int fields, with NULLs counted as "not matching" rather than unknown
  ['destination.port:22', [1, 2, 3]],
  ['destination.port:[1 TO 1024]', [1, 2, 3, 15, 18]],
  ['destination.port:{1 TO 1024}', [1, 2, 3, 15]],
  ['source.port:>50000', [1, 2]],
  ['NOT source.port:>50000', except(1, 2)],
  ['source.port:>-5', [1, 2, 4]],
  ['event.severity:<=3', [3, 6, 15]],
  ['NOT event.severity:<=3', except(3, 6, 15)],
  ['seq:[5 TO 7]', [5, 6, 7]],
  // time fields
  ['@timestamp:>=now-2h', [1, 2, 3, 4, 5, 7, 11, 12, 13, 15, 16, 17, 18]],
  ['@timestamp:2026-11-24', except(6, 7, 9, 10)],
  ['@timestamp:{2026-11-23 TO 2026-11-25}', except(6, 7, 9, 10)],
  ['@timestamp:[2026-11-20 TO 2026-11-23]', [6, 9, 10]],
  ['@timestamp:<2026-11-24T00:00:00Z', [6, 9, 10]],
  ['@timestamp:<"2026-11-24T01:00:00+01:00"', [6, 9, 10]],
  ['@timestamp:"2026-11-24T11:59:59.999Z"', [5]],
  // labels
  ['labels.env:prod', [1, 2]],
  ['labels.env:prod*', [1, 2, 17]],
  ['labels.env:*', [1, 2, 3, 17]],
  ['NOT labels.env:*', except(1, 2, 3, 17)],
  ['labels.team:*', [1, 5]],
  // bool
  ['logwarden.truncated:true', [11]],
  // combinations
  ['(failed OR accepted) AND host:web-1', [1, 2]],
  ['(failed OR "accepted password") AND NOT (user:root OR source.ip:192.168.0.0/16) AND @timestamp:[now-1d TO now]', [1, 2, 14, 17]],
  ['failed || accepted && !host:web-1', [1, 3, 14, 17]],
  // injection attempts that are valid queries: they run, match nothing, and harm nothing
  ["'; DROP TABLE events; --", []],
  ['"\'; DROP TABLE events; --"', []],
  ['message:"\\") OR 1=1 --"', []],
  ["level:\"x' OR '1'='1\"", []],
  ['user:`whoami`', []],
  ['"{p0:String}"', []],
  ["labels.x'y:z", []],
  ['labels.x\\`y:*', []],
  ['x" OR "1"="1', []],
];

let dataDir: string;
let session: Session;

function toNdjson(rows: Row[]): string {
  return rows.map(({ seq, at, ...columns }) => JSON.stringify({ ...columns, event_sequence: seq, timestamp: at.replace('T', ' ').replace('Z', '') })).join('\n');
}

async function selectSeqs(compiled: CompiledQuery, settings = ''): Promise<number[]> {
  const sql = `SELECT event_sequence FROM events WHERE ${compiled.sql} ORDER BY event_sequence ${settings}`;
  const result = await session.queryBindAsync(sql, compiled.params, { format: 'JSONEachRow' });
  return result
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Number((JSON.parse(line) as { event_sequence: string | number }).event_sequence));
}

async function search(query: string, settings = ''): Promise<number[]> {
  const compiled = compileQuery(query, { now: NOW });
  assertSafeCompiledQuery(compiled);
  return selectSeqs(compiled, settings);
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'logwarden-query-'));
  session = new Session(dataDir);
  const columns = FIELDS.map((f) => `\`${f.column}\` ${f.type}`).join(', ');
  await session.queryAsync(
    `CREATE TABLE events (${columns}, ` +
      'INDEX idx_message message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message))) ' +
      'ENGINE = MergeTree ORDER BY (timestamp, event_sequence)',
  );
  await session.insert({ table: 'events', values: Buffer.from(toNdjson(ROWS)), format: 'JSONEachRow' });
});

after(() => {
  session.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('compiled queries on the embedded engine', () => {
  it('has loaded the fixture rows', async () => {
    assert.deepEqual(await search(''), ALL_SEQS);
  });

  for (const [query, expected] of CASES) {
    it(`${query || '(empty)'} → [${expected.join(', ')}]`, async () => {
      assert.deepEqual(await search(query), expected);
    });
  }

  it('uses the text index for free-text words', async () => {
    const compiled = compileQuery('failed password', { now: NOW });
    const plan = await session.queryBindAsync(`EXPLAIN indexes = 1 SELECT 1 FROM events WHERE ${compiled.sql}`, compiled.params, {
      format: 'TSVRaw',
    });
    assert.match(plan.text(), /Name: idx_message/);
  });

  it('compares times as instants whatever the session time zone', async () => {
    const expected = await search('@timestamp:>=now-2h');
    assert.deepEqual(await search('@timestamp:>=now-2h', "SETTINGS session_timezone = 'Asia/Kolkata'"), expected);
    assert.deepEqual(await search('@timestamp:2026-11-24', "SETTINGS session_timezone = 'America/New_York'"), except(6, 7, 9, 10));
  });

  it('still has the table and all rows after the injection attempts', async () => {
    const result = await session.queryAsync('SELECT count() AS n FROM events', { format: 'JSONEachRow' });
    assert.equal(Number((JSON.parse(result.text()) as { n: string | number }).n), ROWS.length);
  });
});

describe('fuzzing the engine with compiled queries', () => {
  // Compile errors are the user's; anything the engine rejects is the compiler's bug.
  async function runOrCompileError(query: string): Promise<void> {
    let compiled: CompiledQuery;
    try {
      compiled = compileQuery(query, { now: NOW });
    } catch (error) {
      assert.ok(error instanceof LogwardenError, `${JSON.stringify(query)}: ${String(error)}`);
      return;
    }
    assertSafeCompiledQuery(compiled);
    try {
      await selectSeqs(compiled);
    } catch (error) {
      assert.fail(`engine rejected ${JSON.stringify(query)} → ${compiled.sql} ${JSON.stringify(compiled.params)}: ${String(error)}`);
    }
  }

  it('never makes the engine fail on grammar-generated queries', async () => {
    await fc.assert(fc.asyncProperty(grammarQuery, runOrCompileError), { numRuns: 400 });
  });

  it('never makes the engine fail on arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), runOrCompileError), { numRuns: 150 });
  });

  it('never makes the engine fail on addresses and CIDR ranges Node accepts', async () => {
    const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended());
    const cidr = fc.tuple(address, fc.option(fc.integer({ min: 0, max: 128 }))).map(([a, p]) => (p === null ? a : `${a}/${p}`));
    await fc.assert(
      fc.asyncProperty(cidr, (text) => runOrCompileError(`source.ip:${quotePhrase(text)} OR host.ip:${quotePhrase(text)}`)),
      { numRuns: 200 },
    );
  });

  // An oracle check of phrase semantics: a token-aligned slice of a stored message, with its
  // ASCII letters' case scrambled, finds that message, and everything it finds contains it.
  it('finds any token-aligned slice of a message, in any ASCII case', async () => {
    const messages = ROWS.filter((r) => textTokens(r.message).length > 0);
    const slice = fc.tuple(fc.constantFrom(...messages), fc.nat(), fc.nat(), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 })).map(([row, a, b, flips]) => {
      const spans = [...row.message.matchAll(/[0-9A-Za-z\u0080-\uffff]+/g)].map((m) => [m.index, m.index + m[0].length]);
      const from = spans[a % spans.length]!;
      const to = spans[Math.max(a % spans.length, b % spans.length)]!;
      const text = row.message.slice(from[0], to[1]);
      const scrambled = [...text].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase()));
      const asciiOnlyFolded = [...text].map((ch, i) => (/[A-Za-z]/.test(ch) ? scrambled[i] : ch)).join('');
      return { row, phrase: asciiOnlyFolded };
    });
    await fc.assert(
      fc.asyncProperty(slice, async ({ row, phrase }) => {
        const found = await search(quotePhrase(phrase));
        assert.ok(found.includes(row.seq), `${JSON.stringify(phrase)} did not find ${row.seq}`);
        for (const seq of found) {
          const message = ROWS.find((r) => r.seq === seq)!.message.toLowerCase();
          assert.ok(message.includes(phrase.toLowerCase()), `${JSON.stringify(phrase)} found ${seq}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
