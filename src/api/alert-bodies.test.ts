// What the alert and silence change routes read from a request body, pure: the change a verb asks
// for (comments, dispositions in any spelling, unassigning) and a silence's period (duration or
// end, never both, in the future, at most 366 days).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { actionOf } from './alert-action-routes.ts';
import { silencePeriod } from './silence-routes.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const badRequest = (pattern: RegExp) => (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST' && pattern.test(error.message);

describe('alert change bodies (R-ANALYSE-2)', () => {
  it('a verb and its body become the change; ack is acknowledge', () => {
    assert.deepEqual(actionOf('ack', {}), { kind: 'acknowledge' });
    assert.deepEqual(actionOf('acknowledge', { comment: '  on it ' }), { kind: 'acknowledge', comment: 'on it' });
    assert.deepEqual(actionOf('reopen', { comment: 'back' }), { kind: 'reopen', comment: 'back' });
    assert.deepEqual(actionOf('close', { disposition: 'True_Positive' }), { kind: 'close', disposition: 'true-positive' });
    assert.deepEqual(actionOf('assign', { assignee: 'bob' }), { kind: 'assign', assignee: 'bob' });
    assert.deepEqual(actionOf('assign', { assignee: '' }), { kind: 'assign', assignee: undefined });
    assert.deepEqual(actionOf('assign', { assignee: null, comment: 'handing back' }), { kind: 'assign', assignee: undefined, comment: 'handing back' });
    assert.deepEqual(actionOf('comment', { comment: 'seen before' }), { kind: 'comment', text: 'seen before' });
  });

  it('refused: a comment without text, an unknown disposition, unknown members, a missing assignee', () => {
    assert.throws(() => actionOf('comment', {}), badRequest(/needs its text/));
    assert.throws(() => actionOf('comment', { comment: '   ' }), badRequest(/comment/));
    assert.throws(() => actionOf('close', { disposition: 'fine' }), badRequest(/true-positive, false-positive, benign, duplicate/));
    assert.throws(() => actionOf('resolve', { state: 'closed' }), badRequest(/state|Unrecognized/i));
    assert.throws(() => actionOf('assign', {}), badRequest(/assignee/));
  });
});

describe('a silence period', () => {
  it('from now (or startsAt) for a duration, or to endsAt', () => {
    assert.deepEqual(silencePeriod({ duration: '2h' }, NOW), { startsAt: NOW, endsAt: NOW + 7_200_000 });
    assert.deepEqual(silencePeriod({ startsAt: 'now+1h', duration: '30m' }, NOW), { startsAt: NOW + 3_600_000, endsAt: NOW + 5_400_000 });
    assert.deepEqual(silencePeriod({ endsAt: '2026-12-02T00:00:00Z' }, NOW), { startsAt: NOW, endsAt: Date.parse('2026-12-02T00:00:00Z') });
  });

  it('refused: no end, both ends, a bad duration, an end past or before the start, more than 366 days', () => {
    assert.throws(() => silencePeriod({}, NOW), badRequest(/endsAt or duration/));
    assert.throws(() => silencePeriod({ duration: '1h', endsAt: 'now+2h' }, NOW), badRequest(/not both/));
    assert.throws(() => silencePeriod({ duration: 'soon' }, NOW), badRequest(/duration/));
    assert.throws(() => silencePeriod({ duration: '0s' }, NOW), badRequest(/duration/));
    assert.throws(() => silencePeriod({ endsAt: 'now-1h', startsAt: 'now-2h' }, NOW), badRequest(/future/));
    assert.throws(() => silencePeriod({ endsAt: 'now+1h', startsAt: 'now+2h' }, NOW), badRequest(/after it starts/));
    assert.throws(() => silencePeriod({ duration: '400d' }, NOW), badRequest(/366 days/));
  });
});
