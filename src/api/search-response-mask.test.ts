// A search page for a masked caller (R-MASK-1): each event goes through the masker before it is
// measured and sent, and leaves are never built for masked events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { thirdParty } from '../access/masking/masking.fixtures.ts';
import type { LogEvent } from '../schema/event.ts';
import { buildPageBody } from './search-response.ts';

const EVENTS: LogEvent[] = [1, 2].map((sequence) => ({
  'event.sequence': sequence,
  '@timestamp': 1_764_000_000_000 + sequence,
  'user.name': 'mallory',
  message: `mallory from 198.51.100.${sequence}`,
}));
const options = { maxBytes: 1_000_000, withLeaves: false, limit: 10, more: false, cursorAfter: () => 'c' };

test('R-MASK-1: buildPageBody presents each event through the mask; leaves with a mask are a wiring error', () => {
  const masker = thirdParty();
  const body = JSON.parse(buildPageBody(EVENTS, { ...options, mask: (event) => masker.maskEvent(event) }).json) as { events: Record<string, unknown>[] };
  assert.equal(body.events.length, 2);
  assert.ok(!JSON.stringify(body).includes('mallory') && !JSON.stringify(body).includes('198.51.100.1'));
  assert.equal(body.events[0]?.['message'], `${body.events[0]?.['user.name']} from 198.51.100.0/24`);
  assert.equal(body.events[1]?.['@timestamp'], '2025-11-24T16:00:00.002Z');
  assert.throws(() => buildPageBody(EVENTS, { ...options, withLeaves: true, mask: (event) => masker.maskEvent(event) }), /leaves are never given with masked events/);
  assert.match(buildPageBody(EVENTS, options).json, /mallory/, 'unmasked callers see the values');
});
