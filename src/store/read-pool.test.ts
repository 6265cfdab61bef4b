import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadPool } from './read-pool.ts';

test('a read goes to the member with the fewest reads in flight, and back to the first when all are idle', async () => {
  const pool = new ReadPool(['a', 'b', 'c']);
  const used: string[] = [];
  const releases: (() => void)[] = [];
  const hold = (member: string) =>
    new Promise<void>((resolve) => {
      used.push(member);
      releases.push(resolve);
    });
  const running = [pool.run(hold), pool.run(hold), pool.run(hold), pool.run(hold)];
  assert.deepEqual(used, ['a', 'b', 'c', 'a']);
  releases[1]?.();
  await running[1];
  const next = pool.run(hold);
  assert.equal(used.at(-1), 'b', 'the member that finished is the least busy');
  for (const release of releases) release();
  await Promise.all([...running, next]);
  await pool.run(async (member) => used.push(`idle:${member}`));
  assert.equal(used.at(-1), 'idle:a');
});

test('a failed read frees its member', async () => {
  const pool = new ReadPool(['a', 'b']);
  await assert.rejects(pool.run(() => Promise.reject(new Error('boom'))));
  const seen: string[] = [];
  await Promise.all([pool.run(async (m) => seen.push(m)), pool.run(async (m) => seen.push(m))]);
  assert.deepEqual(seen, ['a', 'b']);
});
