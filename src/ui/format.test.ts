import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatTime, formatValue } from './format.ts';

test('UTC times with milliseconds, non-times kept as given', () => {
  assert.equal(formatTime('2026-12-02T09:15:00.123Z'), '2026-12-02 09:15:00.123');
  assert.equal(formatTime(0), '1970-01-01 00:00:00.000');
  assert.equal(formatTime('not a time'), 'not a time');
  assert.equal(formatTime(undefined), '');
});

test('sizes and values for cells', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatValue(['a', 1]), 'a, 1');
  assert.equal(formatValue({ a: 1 }), '{"a":1}');
  assert.equal(formatValue(null), '');
});
