// Time bounds in API parameters (issues 9 and 10): a bound the stored times cannot hold is a 400 naming the
// allowed range, never a value passed on to the engine (which answered 500 with a stack trace).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXED_NOW, TIME_CASES } from '../query/time.fixtures.ts';
import { parseTimeBound } from './time-params.ts';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');

test('from/to outside 1900-01-01 .. 2299-12-31 answer LW_BAD_REQUEST (400) with the allowed range', () => {
  for (const text of ['99999999999999999999', '10413792000000', 'now-99999999999d', 'now-9999999999999999999999w', '9999-01-01', '1899-12-31T23:59:59Z']) {
    assert.throws(
      () => parseTimeBound('from', text, NOW),
      (error: { code: string; status: number; message: string }) => {
        assert.equal(error.code, 'LW_BAD_REQUEST');
        assert.equal(error.status, 400);
        assert.match(error.message, /^from: .* is outside the times logwarden can search; the allowed range is 1900-01-01T00:00:00\.000Z to 2299-12-31T23:59:59\.999Z/);
        return true;
      },
      text,
    );
  }
});

test('bounds inside the range are kept as written', () => {
  assert.equal(parseTimeBound('to', '10413791999999', NOW), 10413791999999);
  assert.equal(parseTimeBound('to', '1900-01-01T00:00:00Z', NOW), Date.UTC(1900, 0, 1));
  assert.equal(parseTimeBound('from', 'now-15m', NOW), NOW - 15 * 60_000);
  assert.equal(parseTimeBound('from', '', NOW), undefined);
});

test('the shared table of times (query/time.fixtures.ts): from/to give the start the query language gives, or refuse naming what was expected', () => {
  for (const c of TIME_CASES) {
    if (c.text === '') continue; // an empty parameter means "no bound", tested above
    if (!('problem' in c)) {
      assert.equal(parseTimeBound('from', c.text, FIXED_NOW), c.start, c.text);
      continue;
    }
    assert.throws(
      () => parseTimeBound('to', c.text, FIXED_NOW),
      (error: { code: string; status: number; message: string; details: { parameter: string } }) => {
        assert.equal(error.code, 'LW_BAD_REQUEST');
        assert.equal(error.details.parameter, 'to');
        const expected = c.problem === 'range' ? /^to: .* is outside the times logwarden can search/ : /^to: expected an ISO 8601 time .*epoch milliseconds, now, now-15m or now\+1h .*; found /;
        assert.match(error.message, expected);
        return true;
      },
      c.text,
    );
  }
});
