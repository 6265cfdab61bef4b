// parseExpiry: durations and ISO times, refusing the past, the far future and nonsense.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpiry } from './expiry.ts';

const now = Date.parse('2026-12-01T10:00:00Z');

test('expiry: 90d, 12h, 30m, 2w from now; ISO dates and times (UTC when no zone)', () => {
  assert.equal(parseExpiry('90d', now), now + 90 * 86_400_000);
  assert.equal(parseExpiry('12h', now), now + 12 * 3_600_000);
  assert.equal(parseExpiry('30m', now), now + 30 * 60_000);
  assert.equal(parseExpiry('2w', now), now + 14 * 86_400_000);
  assert.equal(parseExpiry('2027-03-01', now), Date.parse('2027-03-01T00:00:00Z'));
  assert.equal(parseExpiry('2027-03-01T12:30:00', now), Date.parse('2027-03-01T12:30:00Z'));
  assert.equal(parseExpiry('2027-03-01T12:30:00+02:00', now), Date.parse('2027-03-01T10:30:00Z'));
});

test('expiry: malformed, past, zero and more than ten years away are LW_BAD_REQUEST', () => {
  for (const text of ['90', 'soon', '90 days', '2027-13-45', '0d', '2026-11-30', '20000d', '']) {
    assert.throws(
      () => parseExpiry(text, now),
      (error: Error & { code?: string }) => error.code === 'LW_BAD_REQUEST',
      text,
    );
  }
});
