import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addColumn, moveColumn, removeColumn } from './column-order.ts';

test('columns are added once, removed down to one, and moved within the ends', () => {
  assert.deepEqual(addColumn(['a'], ' b '), ['a', 'b']);
  assert.deepEqual(addColumn(['a', 'b'], 'a'), ['a', 'b']);
  assert.deepEqual(addColumn(['a'], ''), ['a']);
  assert.deepEqual(removeColumn(['a', 'b'], 'a'), ['b']);
  assert.deepEqual(removeColumn(['a'], 'a'), ['a']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'b', -1), ['b', 'a', 'c']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'b', 1), ['a', 'c', 'b']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'c', 1), ['a', 'b', 'c']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'x', 1), ['a', 'b', 'c']);
});
