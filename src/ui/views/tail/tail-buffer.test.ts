// The Live tail view's buffer: newest first, at most maxRows shown; while paused nothing new is
// shown, arrivals are held up to maxHeld and the rest counted; resume shows the held ones on top.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrive, EMPTY_TAIL, pause, resume } from './tail-buffer.ts';

const bounds = { maxRows: 3, maxHeld: 2 };
const records = (...messages: string[]) => messages.map((message) => ({ message }));
const shown = (buffer: { rows: readonly { event: Record<string, unknown> }[] }) => buffer.rows.map((row) => row.event['message']);

test('arrivals are shown newest first, the oldest dropped beyond maxRows', () => {
  const one = arrive(EMPTY_TAIL, records('a', 'b'), bounds);
  assert.deepEqual(shown(one), ['b', 'a']);
  const two = arrive(one, records('c', 'd'), bounds);
  assert.deepEqual(shown(two), ['d', 'c', 'b']);
  assert.equal(two.received, 4);
  assert.deepEqual(shown(arrive(EMPTY_TAIL, records('1', '2', '3', '4', '5'), bounds)), ['5', '4', '3']);
  assert.equal(new Set(two.rows.map((row) => row.key)).size, 3, 'keys are unique');
});

test('paused: nothing new is shown, arrivals are held up to maxHeld and the rest counted; resume shows the held', () => {
  const paused = pause(arrive(EMPTY_TAIL, records('a'), bounds));
  const during = arrive(arrive(paused, records('b', 'c'), bounds), records('d'), bounds);
  assert.deepEqual(shown(during), ['a']);
  assert.equal(during.held.length, 2);
  assert.equal(during.heldOver, 1);
  const resumed = resume(during, bounds);
  assert.deepEqual(shown(resumed), ['c', 'b', 'a']);
  assert.equal(resumed.paused, false);
  assert.equal(resumed.heldOver, 0);
  assert.equal(resumed.received, 4);
});
