// Roles and scopes against the real embedded engine (R-ACCESS-1, issue 13): for random queries
// and random callers — a random role (built in, or custom with systems), optionally narrowed to
// random systems, under a random name — no row returned by search, a search page, count,
// aggregate (top values) or histogram lies outside the caller's scope as RoleSet.principalFor
// resolves it, and every in-scope match is returned (count equals the JavaScript filter of the
// seeded events). The store holds events of several systems and an audit trail of several
// people: a caller without audit.read must find only its own audit events, whatever it asks.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { RoleSet, type Grant } from '../access/roles.ts';
import { scopeOf } from '../access/scope.ts';
import { LogwardenError } from '../errors/codes.ts';
import { grammarQuery } from '../query/arbitraries.fixtures.ts';
import { parsedQuery, type ParsedQuery } from '../query/filter.ts';
import { compileMatcher, type EventMatcher } from '../query/match.ts';
import { AUDIT_CATEGORY, inScope, type Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const SYSTEMS = ['web', 'db', 'mail', 'unassigned'];
const PEOPLE = ['alice', 'bob', 'carol'];
const WORDS = ['failed', 'password', 'search', 'root', '10.0.0.1', 'port', '22'];

const roles = new RoleSet([
  { name: 'web-team', description: 'web', permissions: ['events.read'], systems: ['web'] },
  { name: 'ops', description: 'web, db and the audit trail', permissions: ['events.read', 'audit.read'], systems: ['web', 'db', 'logwarden'] },
  { name: 'watchers', description: 'mail and logwarden', permissions: ['events.read'], systems: ['mail', 'logwarden'] },
]);

const plainArb = fc.record({
  audit: fc.constant(false),
  system: fc.constantFrom(...SYSTEMS),
  words: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
  user: fc.constantFrom(...PEOPLE, 'root', ''),
  at: fc.integer({ min: NOW - 86_400_000, max: NOW }),
});
// Audit events: logwarden's own system, the audit category, the person who acted.
const auditArb = fc.record({
  audit: fc.constant(true),
  system: fc.constant('logwarden'),
  words: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
  user: fc.constantFrom(...PEOPLE),
  at: fc.integer({ min: NOW - 86_400_000, max: NOW }),
});

const grantArb: fc.Arbitrary<Grant> = fc.record({
  kind: fc.constantFrom('token' as const, 'user' as const),
  name: fc.constantFrom(...PEOPLE, 'dave'),
  role: fc.constantFrom(...roles.roles.map((role) => role.name), 'removed-role'),
  systems: fc.option(fc.subarray([...SYSTEMS, 'logwarden']), { nil: undefined }),
});

let dir: string;
let store: EventStore;
let seeded: LogEvent[];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-roles-scope-'));
  store = new EventStore(new ChdbEngine(dir));
  await store.open();
  const drawn = [...fc.sample(plainArb, 150), ...fc.sample(auditArb, 60)];
  seeded = drawn.map((e, i): LogEvent => ({
    'event.sequence': i,
    '@timestamp': e.at,
    'event.ingested': NOW,
    message: e.words.join(' '),
    'user.name': e.user,
    'event.category': [e.audit ? AUDIT_CATEGORY : 'authentication'],
    'logwarden.system': e.system,
  }));
  await store.insert(seeded);
});

after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const systemOf = (event: LogEvent): string => String(event['logwarden.system'] ?? '');
const isAudit = (event: LogEvent): boolean => (event['event.category'] as readonly string[] | undefined)?.includes(AUDIT_CATEGORY) ?? false;
const seqs = (events: readonly LogEvent[]): number[] => events.map((e) => Number(e['event.sequence'])).sort((a, b) => a - b);

/** Whether the caller may see this event: its system is in the scope, and an audit event is its own unless it reads the whole trail. */
function visible(scope: Scope, event: LogEvent): boolean {
  if (!inScope(scope, systemOf(event))) return false;
  return scope.auditOf === undefined || !isAudit(event) || event['user.name'] === scope.auditOf;
}

function compiled(text: string): { query: ParsedQuery; matcher: EventMatcher } | undefined {
  try {
    const query = parsedQuery(text);
    return { query, matcher: compileMatcher(query.ast, { now: NOW, query: text }) };
  } catch (error) {
    if (error instanceof LogwardenError) return undefined;
    throw error;
  }
}

describe('roles and scopes: no read leaves the caller’s scope (R-ACCESS-1)', () => {
  test('R-ACCESS-1: search, page, count, aggregate and histogram return exactly the caller’s in-scope matches (property)', async () => {
    const queries = fc.oneof(grammarQuery, fc.constantFrom('', 'search', `event.category:${AUDIT_CATEGORY}`, 'user.name:alice', 'logwarden.system:logwarden'));
    await fc.assert(
      fc.asyncProperty(queries, grantArb, async (text, grant) => {
        const q = compiled(text);
        if (q === undefined) return;
        const scope = scopeOf(roles.principalFor(grant));
        const filter = { query: q.query, scope, now: NOW };
        const expected = seeded.filter((e) => visible(scope, e) && q.matcher(e));
        const found = await store.search({ ...filter, limit: 1000 });
        assert.ok(
          found.every((e) => visible(scope, e)),
          `search returned a row outside the scope of ${JSON.stringify(grant)}`,
        );
        assert.deepEqual(seqs(found), seqs(expected), `search ${text} as ${JSON.stringify(grant)}`);
        const page = await store.searchPage({ ...filter, limit: 50, maxBytes: 1 << 20 });
        assert.ok(page.events.every((e) => visible(scope, e)));
        assert.equal(await store.count(filter), expected.length, `count ${text}`);
        const buckets = await store.histogram({ ...filter, from: NOW - 2 * 86_400_000, to: NOW + 3_600_000 }, 3600);
        assert.equal(
          buckets.reduce((n, b) => n + b.count, 0),
          expected.length,
          `histogram ${text}`,
        );
        const top = await store.topValues(filter, 'user.name', 10);
        const byUser = new Map<string, number>();
        for (const e of expected) byUser.set(String(e['user.name']), (byUser.get(String(e['user.name'])) ?? 0) + 1);
        assert.deepEqual(new Map(top.map((b) => [b.value, b.count])), byUser, `aggregate ${text}`);
      }),
      { numRuns: 60 },
    );
  });

  test('R-ACCESS-1: without audit.read a caller counts its own audit events only; with it, all of them', async () => {
    const audit = { query: parsedQuery(`event.category:${AUDIT_CATEGORY}`), now: NOW };
    const own = (name: string) => seeded.filter((e) => isAudit(e) && e['user.name'] === name).length;
    const all = seeded.filter(isAudit).length;
    assert.ok(own('alice') > 0 && own('alice') < all, 'the seed has audit events of several people');
    assert.equal(await store.count({ ...audit, scope: scopeOf(roles.principalFor({ kind: 'user', name: 'alice', role: 'analyst' })) }), own('alice'));
    assert.equal(await store.count({ ...audit, scope: scopeOf(roles.principalFor({ kind: 'token', name: 'dave', role: 'admin' })) }), all);
    assert.equal(await store.count({ ...audit, scope: scopeOf(roles.principalFor({ kind: 'user', name: 'bob', role: 'auditor' })) }), all);
    assert.equal(await store.count({ ...audit, scope: scopeOf(roles.principalFor({ kind: 'user', name: 'bob', role: 'web-team' })) }), 0, 'logwarden is not web-team’s system');
  });
});
