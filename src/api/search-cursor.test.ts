// The search cursor (issue 9): opaque, it round-trips every part of the position, and anything
// that is not a cursor this server gave out, or is sent with another query, is a clear 400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import { ALL_SYSTEMS, systemsScope } from '../query/scope.ts';
import { checkCursorMatches, checkCursorScope, decodeCursor, encodeCursor, scopeBinding, type SearchCursor } from './search-cursor.ts';
import { buildPageBody } from './search-response.ts';

const cursorArb: fc.Arbitrary<SearchCursor> = fc.record({
  q: fc.string({ unit: 'binary', maxLength: 200 }),
  fromText: fc.option(fc.string(), { nil: undefined }),
  toText: fc.option(fc.string(), { nil: undefined }),
  from: fc.option(fc.integer(), { nil: undefined }),
  to: fc.option(fc.integer(), { nil: undefined }),
  order: fc.constantFrom('asc', 'desc'),
  now: fc.integer({ min: 0 }),
  scope: fc.string({ maxLength: 64 }),
  after: fc.record({ timestamp: fc.integer(), sequence: fc.nat() }),
});

test('a cursor decodes to exactly the position it was made from, and is URL-safe (property)', () => {
  fc.assert(
    fc.property(cursorArb, (cursor) => {
      const text = encodeCursor(cursor);
      assert.match(text, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeCursor(text), { ...cursor, after: { ...cursor.after } });
    }),
  );
});

test('a malformed cursor is LW_BAD_REQUEST (400), never a 500', () => {
  const valid = encodeCursor({ q: 'x', order: 'desc', now: 1, scope: 'x', after: { timestamp: 1, sequence: 2 } });
  for (const text of ['', 'not a cursor', '!!!', Buffer.from('{"v":2}').toString('base64url'), Buffer.from('[1]').toString('base64url'), valid.slice(0, -3), `${valid}x`]) {
    assert.throws(() => decodeCursor(text), { code: 'LW_BAD_REQUEST' }, JSON.stringify(text));
  }
});

test('a cursor sent with a different q, from, to or order is refused, naming them', () => {
  const cursor = decodeCursor(encodeCursor({ q: 'failed', fromText: 'now-1h', from: 5, order: 'asc', now: 9, scope: scopeBinding(ALL_SYSTEMS), after: { timestamp: 1, sequence: 2 } }));
  checkCursorMatches(cursor, {});
  checkCursorMatches(cursor, { q: 'failed', from: 'now-1h', order: 'asc' });
  assert.throws(
    () => checkCursorMatches(cursor, { q: 'other', order: 'desc' }),
    (error: { code: string; details: { mismatched: string[] } }) => {
      assert.equal(error.code, 'LW_BAD_REQUEST');
      assert.deepEqual(error.details.mismatched, ['q', 'order']);
      return true;
    },
  );
});

test('a cursor continues only under the scope its search ran under (issue 10)', () => {
  const under = (scope: Parameters<typeof scopeBinding>[0]) => decodeCursor(encodeCursor({ q: '', order: 'desc', now: 1, scope: scopeBinding(scope), after: { timestamp: 1, sequence: 2 } }));
  checkCursorScope(under(ALL_SYSTEMS), ALL_SYSTEMS);
  checkCursorScope(under(systemsScope(['b', 'a'])), systemsScope(['a', 'b']));
  for (const [made, replayed] of [
    [ALL_SYSTEMS, systemsScope(['a'])],
    [systemsScope(['a']), ALL_SYSTEMS],
    [systemsScope(['a']), systemsScope(['a', 'b'])],
    [systemsScope([]), systemsScope(['a'])],
  ] as const) {
    assert.throws(() => checkCursorScope(under(made), replayed), { code: 'LW_BAD_REQUEST', message: /another scope/ });
  }
  const v1 = Buffer.from(JSON.stringify({ v: 1, q: '', o: 'desc', n: 1, at: 1, as: 2 })).toString('base64url');
  assert.throws(() => decodeCursor(v1), { code: 'LW_BAD_REQUEST' }, 'a cursor without a scope binding is refused');
});

test('a page body stays within the byte cap, keeps at least one event, and says truncated with a cursor', () => {
  const events = Array.from({ length: 20 }, (_, i) => ({ 'event.sequence': i, '@timestamp': 1000 + i, message: 'm'.repeat(1000) }) as LogEvent);
  const options = { withLeaves: false, limit: 20, more: false, cursorAfter: (event: LogEvent) => `after-${event['event.sequence']}` };
  const capped = buildPageBody(events, { ...options, maxBytes: 5000 });
  const parsed = JSON.parse(capped.json) as { events: unknown[]; returned: number; truncated: boolean; cursor: string };
  assert.ok(Buffer.byteLength(capped.json) <= 5000, `${Buffer.byteLength(capped.json)} bytes`);
  assert.equal(parsed.events.length, parsed.returned);
  assert.ok(parsed.returned >= 1 && parsed.returned < 20);
  assert.equal(parsed.truncated, true);
  assert.equal(parsed.cursor, `after-${parsed.returned - 1}`);
  const one = JSON.parse(buildPageBody(events, { ...options, maxBytes: 10 }).json) as { returned: number };
  assert.equal(one.returned, 1, 'at least one event, so paging moves on');
  const whole = JSON.parse(buildPageBody(events, { ...options, maxBytes: 1 << 20 }).json) as { returned: number; truncated: boolean; cursor?: string };
  assert.deepEqual([whole.returned, whole.truncated, whole.cursor], [20, false, undefined]);
  const full = JSON.parse(buildPageBody(events, { ...options, maxBytes: 1 << 20, more: true }).json) as { truncated: boolean; cursor?: string };
  assert.deepEqual([full.truncated, full.cursor], [false, 'after-19'], 'limit reached with more to come: a cursor, not truncated');
});
