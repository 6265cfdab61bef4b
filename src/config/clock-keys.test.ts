// The clock keys of the config (R-FIELDS-2): ingest.defaultTimezone takes any IANA zone, as the
// per-listener zones do; a misspelt zone is refused at start, naming its path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from './load.ts';

test('ingest.defaultTimezone: UTC by default, any IANA zone accepted, a misspelt one refused with its path', () => {
  assert.equal(validateConfig({}, 'test').ingest.defaultTimezone, 'UTC');
  const config = validateConfig({ ingest: { defaultTimezone: 'Europe/Berlin', listenerTimezones: { '0.0.0.0:514': 'Asia/Kolkata' } } }, 'test');
  assert.equal(config.ingest.defaultTimezone, 'Europe/Berlin');
  assert.deepEqual(config.ingest.listenerTimezones, { '0.0.0.0:514': 'Asia/Kolkata' });
  assert.deepEqual(config.ingest.clockSkew, { thresholdSeconds: 120, maxSources: 10_000 });
  assert.throws(
    () => validateConfig({ ingest: { defaultTimezone: 'Europe/Berln' } }, 'test'),
    (error: Error) => /ingest\.defaultTimezone/.test(error.message) && /IANA time zone/.test(error.message),
  );
});
