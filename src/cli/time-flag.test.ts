// The CLI's --from/--to read the shared table of times (query/time.fixtures.ts) with the one parser:
// accepted as written (the server resolves `now`), refused before any request naming what was expected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXED_NOW, TIME_CASES } from '../query/time.fixtures.ts';
import { ManualClock } from '../runtime/clock.ts';
import { timeFlag } from './time-flag.ts';

test('the shared table of times through --from (issue 10)', () => {
  const parse = timeFlag('--from', new ManualClock(FIXED_NOW));
  for (const c of TIME_CASES) {
    if (!('problem' in c)) {
      assert.equal(parse(c.text), c.text, 'sent as written');
      continue;
    }
    assert.throws(
      () => parse(c.text),
      (error: { code: string; message: string }) => {
        assert.equal(error.code, 'LW_CLI_SERVER');
        assert.match(error.message, c.problem === 'range' ? /^--from: .* is outside the times logwarden can search/ : /^--from: expected an ISO 8601 time .*; found /);
        return true;
      },
      c.text,
    );
  }
});
