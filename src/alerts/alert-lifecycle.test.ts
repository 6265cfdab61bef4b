// The alert lifecycle's rules (R-ANALYSE-2): allowed moves, refused ones, idempotent repeats, and
// a property test over random sequences of people's changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { applyAction } from './alert-lifecycle.ts';
import { DISPOSITIONS, alertStateSchema, type AlertState, type AlertStatus, type StoredAlert } from './alert-state.ts';
import type { AlertAction } from './service.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function openAlert(): AlertState {
  return alertStateSchema.parse({
    rule: { id: 'r-ssh', title: 'SSH brute force', level: 'high', revision: '1', tags: ['attack.t1110'], ruleset: 'local' },
    group: { 'source.ip': '203.0.113.9' },
    state: 'open',
    detections: ['d1'],
    detectionCount: 1,
    firstSequence: 10,
    lastSequence: 10,
    firstSeen: T0,
    lastSeen: T0,
    firstReceived: T0,
    systems: ['web'],
    hosts: ['web-1'],
    message: 'SSH brute force: 5 failed logins',
    why: { kind: 'match', searches: ['selection'], values: {} },
    openedAt: T0,
    comments: [],
    change: { kind: 'create' },
  });
}

function stored(state: AlertState, n = 1): StoredAlert {
  return { id: 'a1', n, state, by: 'logwarden', at: T0 };
}

/** Apply actions one after another, as the store would (undefined keeps the current state). */
function run(actions: readonly AlertAction[], start = openAlert()): AlertState {
  let state = start;
  actions.forEach((action, index) => {
    state = applyAction(stored(state, index + 1), action, 'alice', T0 + (index + 1) * 1000) ?? state;
  });
  return state;
}

function refusedWith(code: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof LogwardenError && error.code === code;
}

const ack: AlertAction = { kind: 'acknowledge' };
const resolve: AlertAction = { kind: 'resolve' };
const reopen: AlertAction = { kind: 'reopen' };
const closeFp: AlertAction = { kind: 'close', disposition: 'false-positive', comment: 'the scanner of the audit team' };

describe('alert lifecycle (R-ANALYSE-2)', () => {
  test('open → acknowledged → resolved → closed sets the times, the change and the comments with who and when', () => {
    const acked = applyAction(stored(openAlert()), { kind: 'acknowledge', comment: 'looking' }, 'alice', T0 + 5000);
    assert.ok(acked);
    assert.equal(acked.state, 'acknowledged');
    assert.equal(acked.acknowledgedAt, T0 + 5000);
    assert.deepEqual(acked.change, { kind: 'acknowledge', why: 'looking' });
    assert.deepEqual(acked.comments, [{ by: 'alice', at: T0 + 5000, text: 'looking' }]);
    const resolved = applyAction(stored(acked, 2), resolve, 'bob', T0 + 9000);
    assert.equal(resolved?.state, 'resolved');
    assert.equal(resolved?.resolvedAt, T0 + 9000);
    assert.deepEqual(resolved?.change, { kind: 'resolve' });
    assert.equal(resolved?.comments.length, 1, 'no comment given, none added');
    const closed = applyAction(stored(resolved as AlertState, 3), closeFp, 'bob', T0 + 10_000);
    assert.equal(closed?.state, 'closed');
    assert.equal(closed?.disposition, 'false-positive');
    assert.equal(closed?.closedAt, T0 + 10_000);
    assert.deepEqual(closed?.comments.at(-1), { by: 'bob', at: T0 + 10_000, text: 'the scanner of the audit team' });
  });

  test('an open alert can be resolved or closed directly', () => {
    assert.equal(run([resolve]).state, 'resolved');
    assert.equal(run([{ kind: 'close', disposition: 'benign' }]).state, 'closed');
    assert.equal(run([ack, { kind: 'close', disposition: 'true-positive' }]).disposition, 'true-positive');
  });

  test('impossible moves are refused with LW_ALERT_STATE naming the alert and its state', () => {
    const resolved = run([resolve]);
    const closed = run([closeFp]);
    assert.throws(
      () => applyAction(stored(resolved), ack, 'alice', T0),
      (error: unknown) => refusedWith('LW_ALERT_STATE')(error) && /a1 cannot be acknowledged: it is resolved/.test((error as Error).message),
    );
    assert.throws(() => applyAction(stored(closed), ack, 'alice', T0), refusedWith('LW_ALERT_STATE'));
    assert.throws(() => applyAction(stored(closed), resolve, 'alice', T0), refusedWith('LW_ALERT_STATE'));
    assert.throws(() => applyAction(stored(openAlert()), reopen, 'alice', T0), refusedWith('LW_ALERT_STATE'));
    assert.throws(() => applyAction(stored(run([ack])), reopen, 'alice', T0), refusedWith('LW_ALERT_STATE'));
    const noDisposition = { kind: 'close', disposition: '' } as unknown as AlertAction;
    assert.throws(
      () => applyAction(stored(openAlert()), noDisposition, 'alice', T0),
      (error: unknown) => refusedWith('LW_ALERT_STATE')(error) && /disposition is required/.test((error as Error).message),
    );
    assert.throws(() => applyAction(stored(closed), { kind: 'close', disposition: 'benign' }, 'alice', T0), /reopen it/);
  });

  test('a repeat of a change already made is no change (undefined), so a retried request is safe', () => {
    const acked = run([ack]);
    assert.equal(applyAction(stored(acked), { kind: 'acknowledge', comment: 'again' }, 'alice', T0), undefined);
    assert.equal(applyAction(stored(run([resolve])), resolve, 'alice', T0), undefined);
    assert.equal(applyAction(stored(run([closeFp])), { kind: 'close', disposition: 'false-positive' }, 'alice', T0), undefined);
    const assigned = run([{ kind: 'assign', assignee: 'carol' }]);
    assert.equal(applyAction(stored(assigned), { kind: 'assign', assignee: ' carol ' }, 'alice', T0), undefined);
    assert.equal(applyAction(stored(openAlert()), { kind: 'assign', assignee: undefined }, 'alice', T0), undefined);
  });

  test('reopen clears the disposition and the acknowledged, resolved and closed times; the first opening stays', () => {
    const reopened = run([ack, resolve, closeFp, { kind: 'reopen', comment: 'it came back' }]);
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.disposition, undefined);
    assert.equal(reopened.acknowledgedAt, undefined);
    assert.equal(reopened.resolvedAt, undefined);
    assert.equal(reopened.closedAt, undefined);
    assert.equal(reopened.openedAt, T0);
    assert.deepEqual(reopened.change, { kind: 'reopen', why: 'it came back' });
    assert.deepEqual(
      reopened.comments.map((c) => c.text),
      ['the scanner of the audit team', 'it came back'],
    );
  });

  test('assign, unassign and comment work in every state', () => {
    for (const path of [[], [ack], [resolve], [closeFp]] as AlertAction[][]) {
      const assigned = run([...path, { kind: 'assign', assignee: '  carol ' }]);
      assert.equal(assigned.assignee, 'carol', 'trimmed');
      assert.deepEqual(assigned.change, { kind: 'assign', why: 'assigned to carol' });
      const unassigned = run([{ kind: 'assign', assignee: '' }], assigned);
      assert.equal(unassigned.assignee, undefined);
      assert.equal(unassigned.change.kind, 'unassign');
      const commented = run([{ kind: 'comment', text: 'see ticket 42' }], unassigned);
      assert.deepEqual(commented.comments.at(-1), { by: 'alice', at: T0 + 1000, text: 'see ticket 42' });
      assert.equal(commented.state, run(path).state, 'the state is untouched');
    }
    assert.throws(() => applyAction(stored(openAlert()), { kind: 'comment', text: '  ' }, 'alice', T0), refusedWith('LW_BAD_REQUEST'));
    assert.throws(() => applyAction(stored(openAlert()), { kind: 'assign', assignee: 'x'.repeat(201) }, 'alice', T0), refusedWith('LW_BAD_REQUEST'));
  });

  const actionArb: fc.Arbitrary<AlertAction> = fc.oneof(
    fc.record({ kind: fc.constant('acknowledge' as const), comment: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('resolve' as const) }),
    fc.record({ kind: fc.constant('close' as const), disposition: fc.constantFrom(...DISPOSITIONS), comment: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('reopen' as const) }),
    fc.record({ kind: fc.constant('assign' as const), assignee: fc.option(fc.constantFrom('carol', 'dave', ' ', ''), { nil: undefined }) }),
    fc.record({ kind: fc.constant('comment' as const), text: fc.string({ minLength: 1, maxLength: 20 }) }),
  );

  /** What the lifecycle allows, as a table, independent of the code under test. */
  function allowed(from: AlertStatus, action: AlertAction): boolean {
    switch (action.kind) {
      case 'acknowledge':
        return from === 'open' || from === 'acknowledged';
      case 'resolve':
        return from !== 'closed';
      case 'reopen':
        return from === 'resolved' || from === 'closed';
      default:
        return true;
    }
  }

  test('property: any sequence of changes keeps the state valid by the schema and the terminal rules', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 25 }), (actions) => {
        let state = openAlert();
        actions.forEach((action, index) => {
          let next: AlertState | undefined;
          try {
            next = applyAction(stored(state, index + 1), action, 'alice', T0 + index);
          } catch (error) {
            assert.ok(error instanceof LogwardenError && ['LW_ALERT_STATE', 'LW_BAD_REQUEST'].includes(error.code), String(error));
            const closedOther = action.kind === 'close' && state.state === 'closed' && state.disposition !== action.disposition;
            const emptyComment = action.kind === 'comment' && action.text.trim() === '';
            assert.ok(!allowed(state.state, action) || closedOther || emptyComment, `${action.kind} from ${state.state} was refused`);
            return;
          }
          assert.ok(allowed(state.state, action), `${action.kind} from ${state.state} was allowed`);
          if (next === undefined) return;
          alertStateSchema.parse(next);
          assert.equal(next.state === 'closed', next.disposition !== undefined, 'a disposition exactly when closed');
          assert.equal(next.state === 'closed', next.closedAt !== undefined);
          if (next.state === 'resolved') assert.ok(next.resolvedAt !== undefined);
          if (next.state === 'acknowledged') assert.ok(next.acknowledgedAt !== undefined);
          if (next.state === 'open') assert.ok(next.acknowledgedAt === undefined && next.resolvedAt === undefined);
          assert.deepEqual(next.comments.slice(0, state.comments.length), state.comments, 'comments are only appended');
          assert.deepEqual([next.detections, next.detectionCount, next.rule, next.group], [state.detections, state.detectionCount, state.rule, state.group], 'people do not change the detections');
          state = next;
        });
      }),
      { numRuns: 300 },
    );
  });
});
