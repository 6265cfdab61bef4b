// Scopes (issue 10): every read of the store takes the caller's scope, and no row outside it ever
// comes back — from search, a search page, count, histogram, top values or a lookup by sequence.
// Property-based against the real embedded engine: a store seeded with events of several
// `logwarden.system` values, random queries (the query language's grammar) and random scopes
// (all, some systems, unknown ones, none); counts must equal a JavaScript filter of the seeded
// events by the query (the JS matcher, itself held equal to the SQL by src/query/match.test.ts)
// and the scope.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { grammarQuery } from '../query/arbitraries.fixtures.ts';
import { parsedQuery, type ParsedQuery } from '../query/filter.ts';
import { compileMatcher, type EventMatcher } from '../query/match.ts';
import { ALL_SYSTEMS, inScope, systemsScope, type Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const SYSTEMS = ['unassigned', 'payroll', 'web-shop', 'hr'];
const WORDS = ['failed', 'password', 'alice', 'root', '10.0.0.1', 'café', 'port', '22', 'ssh2'];

const eventArb = fc.record({
  system: fc.constantFrom(...SYSTEMS),
  words: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
  at: fc.integer({ min: NOW - 2 * 86_400_000, max: NOW + 3_600_000 }),
  host: fc.constantFrom('web-1', 'web-2', 'db-1'),
  user: fc.constantFrom('alice', 'bob', 'root', ''),
  ip: fc.constantFrom('10.0.0.1', '10.0.0.11', '192.168.1.5', '2001:db8::1', ''),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
});

const scopeArb: fc.Arbitrary<Scope> = fc.oneof(fc.constant(ALL_SYSTEMS), fc.subarray([...SYSTEMS, 'unknown-system']).map(systemsScope));

let dir: string;
let store: EventStore;
let seeded: LogEvent[];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-scope-'));
  store = new EventStore(new ChdbEngine(dir));
  await store.open();
  seeded = fc.sample(eventArb, 200).map((e, i): LogEvent => {
    const event: LogEvent = {
      'event.sequence': i,
      '@timestamp': e.at,
      'event.ingested': NOW,
      message: e.words.join(' '),
      'host.name': e.host,
      'user.name': e.user,
      'source.ip': e.ip,
      'logwarden.system': e.system,
    };
    if (e.port !== undefined) event['source.port'] = e.port;
    return event;
  });
  await store.insert(seeded);
});

after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const systemOf = (event: LogEvent): string => String(event['logwarden.system'] ?? '');
const seqs = (events: readonly LogEvent[]): number[] => events.map((e) => Number(e['event.sequence'])).sort((a, b) => a - b);

/** A query both backends accept, or undefined (a query the user got wrong is not this test's subject). */
function compiled(text: string): { query: ParsedQuery; matcher: EventMatcher } | undefined {
  try {
    const query = parsedQuery(text);
    return { query, matcher: compileMatcher(query.ast, { now: NOW, query: text }) };
  } catch (error) {
    if (error instanceof LogwardenError) return undefined;
    throw error;
  }
}

describe('reads never leave the scope (R-ACCESS-1, issue 10)', () => {
  test('search, a search page, count, histogram and top values return only rows inside the scope, and all of them (property)', async () => {
    await fc.assert(
      fc.asyncProperty(grammarQuery, scopeArb, async (text, scope) => {
        const q = compiled(text);
        if (q === undefined) return;
        const filter = { query: q.query, scope, now: NOW };
        const expected = seeded.filter((e) => inScope(scope, systemOf(e)) && q.matcher(e));
        const found = await store.search({ ...filter, limit: 1000 });
        assert.ok(
          found.every((e) => inScope(scope, systemOf(e))),
          'search returned a row outside the scope',
        );
        assert.deepEqual(seqs(found), seqs(expected), `search ${text}`);
        const page = await store.searchPage({ ...filter, limit: 50, maxBytes: 1 << 20 });
        assert.ok(
          page.events.every((e) => inScope(scope, systemOf(e))),
          'a page held a row outside the scope',
        );
        assert.equal(await store.count(filter), expected.length, `count ${text}`);
        const bounded = { ...filter, from: NOW - 3 * 86_400_000, to: NOW + 86_400_000 };
        const buckets = await store.histogram(bounded, 3600);
        assert.equal(buckets.length, 96, 'every hour of the range, zero-filled');
        assert.equal(
          buckets.reduce((n, b) => n + b.count, 0),
          expected.length,
          `histogram ${text}`,
        );
        const top = await store.topValues(filter, 'logwarden.system', 10);
        const bySystem = new Map<string, number>();
        for (const e of expected) bySystem.set(systemOf(e), (bySystem.get(systemOf(e)) ?? 0) + 1);
        assert.deepEqual(new Map(top.map((b) => [b.value, b.count])), bySystem, `top values ${text}`);
      }),
      { numRuns: 60 },
    );
  });

  test('a record by sequence is found inside the scope and is missing outside it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 210 }), scopeArb, async (sequence, scope) => {
        const record = await store.bySequence(sequence, scope);
        const stored = seeded[sequence];
        const visible = stored !== undefined && inScope(scope, systemOf(stored));
        assert.equal(record !== undefined, visible, `record ${sequence} under ${JSON.stringify(scope)}`);
        if (record) assert.equal(systemOf(record), systemOf(stored!));
      }),
      { numRuns: 80 },
    );
  });

  test('a read without a scope does not type-check (npm run typecheck fails if one does)', () => {
    const unscoped = (s: EventStore) => [
      // @ts-expect-error the scope is mandatory
      s.count({ query: parsedQuery('') }),
      // @ts-expect-error the scope is mandatory
      s.search({ query: parsedQuery(''), limit: 1 }),
      // @ts-expect-error the scope is mandatory
      s.bySequence(0),
      // @ts-expect-error query text is not a filter: it is parsed once, by the caller
      s.count({ query: '', scope: ALL_SYSTEMS }),
    ];
    assert.equal(typeof unscoped, 'function');
  });

  test('an empty systems list matches nothing; all systems match everything', async () => {
    const all = { query: parsedQuery(''), now: NOW };
    assert.equal(await store.count({ ...all, scope: systemsScope([]) }), 0);
    assert.equal(await store.count({ ...all, scope: ALL_SYSTEMS }), seeded.length);
    assert.equal(await store.bySequence(0, systemsScope([])), undefined);
  });
});
