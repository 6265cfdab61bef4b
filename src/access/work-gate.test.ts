// WorkGate (R-ACCESS-1, availability of sign-in under a flood): at most N at once, the rest in
// order, and past the queue's bound an immediate LW_TOO_MANY_REQUESTS; a failing job frees its slot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { WorkGate } from './work-gate.ts';

/** A job that ends when told to. */
function job(): { promise: Promise<string>; finish: (value: string) => void; fail: (error: Error) => void; started: boolean; work: () => Promise<string> } {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const handle = {
    promise,
    finish,
    fail,
    started: false,
    work: () => {
      handle.started = true;
      return promise;
    },
  };
  return handle;
}

test('R-ACCESS-1: at most maxRunning jobs run, the next wait in order, and past maxWaiting one is refused at once', async () => {
  const gate = new WorkGate(2, 2);
  const jobs = [job(), job(), job(), job()];
  const results = jobs.map((one) => gate.run(one.work));
  await Promise.resolve();
  assert.deepEqual(
    jobs.map((one) => one.started),
    [true, true, false, false],
  );
  assert.deepEqual([gate.running, gate.waiting], [2, 2]);
  await assert.rejects(
    gate.run(async () => 'never'),
    (error: unknown) => error instanceof LogwardenError && error.code === 'LW_TOO_MANY_REQUESTS',
  );
  jobs[1]?.finish('b');
  assert.equal(await results[1], 'b');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    jobs.map((one) => one.started),
    [true, true, true, false],
    'the first waiting job got the slot',
  );
  jobs[0]?.fail(new Error('boom'));
  await assert.rejects(results[0] as Promise<string>, /boom/);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(jobs[3]?.started, true, 'a failed job frees its slot too');
  jobs[2]?.finish('c');
  jobs[3]?.finish('d');
  assert.deepEqual(await Promise.all([results[2], results[3]]), ['c', 'd']);
  assert.deepEqual([gate.running, gate.waiting], [0, 0]);
});
