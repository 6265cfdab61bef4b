import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, formatCondition, formatDuration, formatGroup } from './explain.ts';

test('conditions and durations as people write them', () => {
  assert.equal(formatCondition({ gte: 10 }), '≥ 10');
  assert.equal(formatCondition({ gte: 2, lt: 5 }), '≥ 2 and < 5');
  assert.equal(formatDuration(36_000), '36 s');
  assert.equal(formatDuration(90_000), '1 min 30 s');
  assert.equal(formatDuration(7_200_000), '2 h');
  assert.equal(formatDuration(250), '250 ms');
});

test('a correlation’s why: type, count, condition and window, in that order; unknown members kept', () => {
  const from = Date.parse('2026-12-01T10:03:34.412Z');
  const lines = explain({ kind: 'correlation', type: 'event_count', window: { from, to: from + 36_000 }, count: 10, condition: { gte: 10 }, rules: ['r1'], extra: { a: 1 } });
  assert.deepEqual(lines, [
    { label: 'Kind', value: 'correlation' },
    { label: 'Type', value: 'event_count' },
    { label: 'Count', value: '10' },
    { label: 'Condition', value: '≥ 10' },
    { label: 'Window', value: '2026-12-01 10:03:34.412 – 2026-12-01 10:04:10.412 (36 s)' },
    { label: 'Rules it correlates', value: 'r1' },
    { label: 'extra', value: '{"a":1}' },
  ]);
});

test('a match’s searches and values; group keys as field=value', () => {
  const lines = explain({ kind: 'match', searches: ['selection'], values: { 'user.name': 'root', 'source.ip': '192.0.2.7' } });
  assert.deepEqual(lines.slice(1), [
    { label: 'Searches that held', value: 'selection' },
    { label: 'Values', value: 'user.name = root; source.ip = 192.0.2.7' },
  ]);
  assert.equal(formatGroup({ 'source.ip': '203.0.113.9', 'user.name': 'root' }), 'source.ip=203.0.113.9, user.name=root');
  assert.equal(formatGroup({}), '');
});
