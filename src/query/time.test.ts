// The one time parser, through the query language's two entry points: parseTime itself and a
// compiled query (@timestamp:>=…), over the table every time entry point shares (time.fixtures.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { compileQuery } from './compile.ts';
import { parseTime, timeProblemMessage } from './time.ts';
import { FIXED_NOW, TIME_CASES } from './time.fixtures.ts';

describe('parseTime: the shared table', () => {
  for (const c of TIME_CASES) {
    it(JSON.stringify(c.text), () => {
      const parsed = parseTime(c.text, FIXED_NOW);
      if ('problem' in c) assert.deepEqual(parsed, { problem: c.problem });
      else assert.deepEqual(parsed, { interval: { start: c.start, end: c.end } });
    });
  }
});

describe('query language: the shared table as @timestamp:>=… and @timestamp:<=…', () => {
  for (const c of TIME_CASES.filter((entry) => entry.text !== '')) {
    it(JSON.stringify(c.text), () => {
      const from = () => compileQuery(`@timestamp:>=${JSON.stringify(c.text)}`, { now: FIXED_NOW });
      const upTo = () => compileQuery(`@timestamp:<=${JSON.stringify(c.text)}`, { now: FIXED_NOW });
      if ('problem' in c) {
        for (const compile of [from, upTo]) assert.throws(compile, (error: unknown) => error instanceof LogwardenError && error.code === 'LW_QUERY_FIELD');
        return;
      }
      assert.deepEqual(Object.values(from().params), [c.start]);
      // `<=` reaches to the end of the interval the literal names (a whole day for 2026-11-24).
      assert.deepEqual(Object.values(upTo().params), [c.end]);
    });
  }
});

describe('timeProblemMessage', () => {
  it('names every accepted form for a syntax problem, and hints at + in URLs', () => {
    const message = timeProblemMessage('from', 'now 1h', 'syntax');
    for (const form of ['ISO 8601', 'epoch milliseconds', 'now-15m', 'now+1h', 'now/d']) assert.ok(message.includes(form), form);
    assert.match(message, /found "now 1h" \(in a URL, a \+ reads as a space: write \+ as %2B\)$/);
    assert.doesNotMatch(timeProblemMessage('from', 'yesterday', 'syntax'), /%2B/);
  });

  it('names the allowed range for a range problem', () => {
    assert.equal(
      timeProblemMessage('--to', '9999-01-01', 'range'),
      '--to: "9999-01-01" is outside the times logwarden can search; the allowed range is 1900-01-01T00:00:00.000Z to 2299-12-31T23:59:59.999Z (epoch ms -2208988800000 to 10413791999999)',
    );
  });
});
