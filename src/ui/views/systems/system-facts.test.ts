import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge, formatSkew, isSilent, SILENT_AFTER_MS, systemQuery } from './system-facts.ts';

const now = Date.parse('2026-12-02T12:00:00Z');

test('R-FIELDS-1: a configured system that sent nothing for an hour, or never, is silent', () => {
  assert.equal(isSilent({ configured: true, lastSeen: null }, now), true);
  assert.equal(isSilent({ configured: true, lastSeen: new Date(now - SILENT_AFTER_MS - 1).toISOString() }, now), true);
  assert.equal(isSilent({ configured: true, lastSeen: new Date(now - 60_000).toISOString() }, now), false);
  assert.equal(isSilent({ configured: false, lastSeen: null }, now), false, 'unassigned and logwarden are not expected to send');
});

test('clock skew in words; the query for a system quotes its name', () => {
  assert.equal(formatSkew(-90_000), '1 m 30 s behind');
  assert.equal(formatSkew(5_000), '5 s ahead');
  assert.equal(formatSkew(200), 'in step');
  assert.equal(formatSkew(null), '—');
  assert.equal(systemQuery('shop-api'), 'logwarden.system:"shop-api"');
  assert.equal(formatAge(null, now), 'never (31 days)');
  assert.equal(formatAge(new Date(now - 5 * 60_000).toISOString(), now), '5 min ago');
  assert.equal(formatAge(new Date(now - 3 * 3600_000).toISOString(), now), '3 h ago');
});
