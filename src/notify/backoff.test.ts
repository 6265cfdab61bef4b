// The back-off between delivery tries (R-ANALYSE-2: notifications reach people through a receiver's
// short outage): doubling, capped, jittered within half of the delay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { retryDelay } from './backoff.ts';

const retry = { firstDelay: 1000, maxDelay: 60_000 };

test('R-ANALYSE-2: the delay doubles from firstDelay and stops at maxDelay', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => retryDelay(failures, retry, 0.999999)),
    [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000],
  );
  assert.deepEqual(
    [1, 2, 3].map((failures) => retryDelay(failures, retry, 0)),
    [500, 1000, 2000],
    'the jitter takes at most half away',
  );
  assert.equal(retryDelay(1000, retry, 0.5), 45_000, 'many failures do not overflow');
});

test('R-ANALYSE-2: property — every delay is within [full/2, full] of the capped doubling', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 10, max: 3_600_000 }),
      fc.integer({ min: 10, max: 86_400_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (failures, firstDelay, maxDelay, random) => {
        const full = Math.min(firstDelay * 2 ** Math.min(failures - 1, 40), maxDelay);
        const delay = retryDelay(failures, { firstDelay, maxDelay }, random);
        assert.ok(delay >= Math.floor(full / 2) && delay <= Math.ceil(full), `${delay} for ${full}`);
      },
    ),
  );
});
