import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VerifyJobContract } from '../../../contracts/integrity.ts';
import { firstProblem, progressSentence, resultSentence } from './verify-text.ts';

const base: VerifyJobContract = { id: 'j', state: 'done', startedBy: 'ada', startedAt: '2026-12-02T10:00:00.000Z', checked: 1200, total: 1200 };
const report = { ok: true, records: 1200, checkpointsChecked: 3, verifiedSize: 1200, problems: [], problemCount: 0, summary: [], seconds: 0.2 };

test('R-TAMPER-1: a clean verify reads "verified N records, no problems"', () => {
  assert.equal(resultSentence({ ...base, report }), 'verified 1,200 records, no problems');
  assert.equal(firstProblem({ ...base, report }), undefined);
});

test('R-TAMPER-1: a verify with problems names their count and the first bad record', () => {
  const bad = { ...report, ok: false, problemCount: 2, problems: [{ kind: 'changed' as const, seq: 17, message: 'record 17 was changed' }] };
  assert.equal(resultSentence({ ...base, report: bad }), '2 problems in 1,200 records');
  assert.equal(firstProblem({ ...base, report: bad }), 'record 17 (changed): record 17 was changed');
  const signature = { ...bad, problems: [{ kind: 'bad-signature' as const, message: 'a checkpoint does not verify' }] };
  assert.equal(firstProblem({ ...base, report: signature }), 'a checkpoint (bad-signature): a checkpoint does not verify');
});

test('a failed run says why; a running one its progress', () => {
  assert.equal(resultSentence({ ...base, state: 'failed', error: 'the engine went away' }), 'the verify could not finish: the engine went away');
  assert.equal(progressSentence({ checked: 0, total: 0 }), 'verifying: reading the checkpoints and counting the records…');
  assert.equal(resultSentence({ ...base, state: 'running', checked: 5, total: 10 }), 'verifying: checked 5 of 10 records');
});
