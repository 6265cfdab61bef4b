import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteValue, withFilter } from './query-text.ts';

test('values are quoted unless they are one plain word', () => {
  assert.equal(quoteValue('10.0.0.1'), '10.0.0.1');
  assert.equal(quoteValue('failed password'), '"failed password"');
  assert.equal(quoteValue('say "hi" \\o/'), '"say \\"hi\\" \\\\o/"');
  assert.equal(quoteValue('OR'), '"OR"');
  assert.equal(quoteValue(''), '""');
});

test('filter for and filter out append a clause, parenthesising a top-level OR', () => {
  assert.equal(withFilter('', 'host.name', 'web-1', false), 'host.name:web-1');
  assert.equal(withFilter('*', 'host.name', 'web-1', true), '-host.name:web-1');
  assert.equal(withFilter('failed', 'user.name', 'root', true), 'failed -user.name:root');
  assert.equal(withFilter('a OR b', 'x', 'y', false), '(a OR b) x:y');
});
