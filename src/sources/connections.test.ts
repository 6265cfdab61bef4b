// Refused connections are counted each time but logged at a rate that cannot flood the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefusalLog } from './connections.ts';

test('the first refusal is logged, then at most one line per interval carrying the count since the last', () => {
  const log = new RefusalLog(10_000);
  assert.deepEqual(log.note(1_000), { refused: 1 });
  for (let i = 0; i < 500; i++) assert.equal(log.note(1_001 + i), undefined);
  assert.deepEqual(log.note(11_000), { refused: 501 });
  assert.equal(log.note(11_001), undefined);
  assert.deepEqual(log.note(30_000), { refused: 2 });
});
