// The bounded problem log of `logwarden verify` (R-TAMPER-1): however many records were tampered
// with, the report lists the same first problems as a full sort would, and counts every one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ProblemLog, REPORT_DETAIL_LIMIT, SUMMARY_FIRST, type Problem, type ProblemKind } from './verify-problems.ts';

const RECORD_KINDS: ProblemKind[] = ['changed', 'deleted', 'duplicated', 'missing', 'leaf-missing'];

/** Problems as verify pushes them: signature problems first, then records in ascending order with tree checks between. */
const pushes = fc.tuple(fc.nat({ max: 3 }), fc.array(fc.tuple(fc.nat({ max: 5 }), fc.constantFrom(...RECORD_KINDS), fc.boolean()), { maxLength: 400 })).map(([signatureProblems, steps]) => {
  const problems: Problem[] = Array.from({ length: signatureProblems }, (_, index) => ({ kind: 'bad-signature', message: `note ${index}` }));
  let seq = 0;
  for (const [gap, kind, mismatchAfter] of steps) {
    seq += gap;
    problems.push({ kind, seq, message: `${kind} ${seq}` });
    if (mismatchAfter) problems.push({ kind: 'checkpoint-mismatch', seq: Math.max(0, seq - 3), size: seq + 1, message: `mismatch ${seq + 1}` });
  }
  return problems;
});

const order = (problem: Problem): number => (problem.seq ?? -1) * 2 + (problem.kind === 'checkpoint-mismatch' || problem.kind === 'truncated' ? 1 : 0);

test('property: the listed problems equal the first of a full sort, and every problem is counted per kind', () => {
  fc.assert(
    fc.property(pushes, (problems) => {
      const log = new ProblemLog();
      for (const problem of problems) log.push(problem);
      const report = log.report();
      const sorted = [...problems].sort((a, b) => order(a) - order(b));
      assert.deepEqual(report.problems, sorted.slice(0, REPORT_DETAIL_LIMIT));
      assert.equal(report.problemCount, problems.length);
      for (const entry of report.summary) {
        const ofKind = problems.filter((problem) => problem.kind === entry.kind);
        assert.equal(entry.count, ofKind.length);
        const numbers = ofKind.map((problem) => (RECORD_KINDS.includes(problem.kind) ? problem.seq : problem.size)).filter((n) => n !== undefined);
        assert.deepEqual(entry.first, [...new Set(numbers)].slice(0, SUMMARY_FIRST));
        assert.equal(entry.more, new Set(numbers).size > SUMMARY_FIRST);
      }
      assert.equal(new Set(report.summary.map((entry) => entry.kind)).size, new Set(problems.map((problem) => problem.kind)).size);
    }),
    { numRuns: 300 },
  );
});

test('a million changed records keep 100 in full and count the rest', () => {
  const log = new ProblemLog();
  for (let seq = 0; seq < 1_000_000; seq++) log.push({ kind: 'changed', seq, message: `record ${seq} was changed` });
  const report = log.report();
  assert.equal(report.problems.length, REPORT_DETAIL_LIMIT);
  assert.equal(report.problems[0]?.seq, 0);
  assert.deepEqual(report.summary, [{ kind: 'changed', count: 1_000_000, first: [0, 1, 2, 3, 4], more: true }]);
});

test('the first record problem since the last matching checkpoint is what a mismatch names', () => {
  const log = new ProblemLog();
  assert.equal(log.firstRecordProblemSinceMatch(), undefined);
  log.push({ kind: 'changed', seq: 4, message: 'x' });
  log.push({ kind: 'changed', seq: 6, message: 'x' });
  assert.equal(log.firstRecordProblemSinceMatch(), 4);
  log.push({ kind: 'checkpoint-mismatch', seq: 4, size: 8, message: 'x' });
  assert.equal(log.firstRecordProblemSinceMatch(), 4, 'a mismatch is not a record problem');
  log.matched();
  assert.equal(log.firstRecordProblemSinceMatch(), undefined);
  log.push({ kind: 'deleted', seq: 9, message: 'x' });
  assert.equal(log.firstRecordProblemSinceMatch(), 9);
});
