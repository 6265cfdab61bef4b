import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_COLUMNS, DEFAULT_RANGE } from './state.ts';
import { readUrlSearch, urlParams } from './url-state.ts';

test('an empty URL is the default search', () => {
  assert.deepEqual(readUrlSearch(new URLSearchParams('')), { q: '', range: DEFAULT_RANGE, columns: DEFAULT_COLUMNS });
});

test('query, range and columns read from the URL', () => {
  const search = readUrlSearch(new URLSearchParams('q=failed+host%3Aweb-1&from=2026-12-01T00%3A00%3A00.000Z&to=now&cols=%40timestamp,user.name,,message'));
  assert.equal(search.q, 'failed host:web-1');
  assert.deepEqual(search.range, { from: '2026-12-01T00:00:00.000Z', to: 'now' });
  assert.deepEqual(search.columns, ['@timestamp', 'user.name', 'message']);
});

test('defaults are left out of the URL; the rest round-trips', () => {
  assert.deepEqual(urlParams({ q: ' ', range: DEFAULT_RANGE, columns: DEFAULT_COLUMNS }), { q: undefined, from: undefined, to: undefined, cols: undefined });
  const search = { q: 'a OR "b c"', range: { from: 'now-7d', to: '2026-12-02T10:00:00.000Z' }, columns: ['message', 'host.name'] };
  const params = new URLSearchParams(urlParams(search) as Record<string, string>);
  assert.deepEqual(readUrlSearch(params), search);
});
