// temporal and temporal_ordered (Sigma correlations v2, R-ANALYSE-3): every referenced rule within
// the window, in any order or in the listed one (event time, then sequence), at window edges.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectionId } from '../detection.ts';
import { correlation, correlator, feed, MINUTE, SECOND, T0, type Step } from './correlation.fixtures.ts';

const allOf = correlation({ id: 'recon', type: 'temporal', rules: ['a', 'b', 'c'], condition: {}, groupBy: ['host.name'] });
const ordered = correlation({ id: 'success-after-fail', type: 'temporal_ordered', rules: ['fail', 'success'], condition: {}, groupBy: ['source.ip'] });
const at = (seq: number, offset: number, rule: string, fields = {}): Step => ({ seq, time: T0 + offset, rules: [rule], fields: { 'host.name': 'web-1', ...fields } });

describe('temporal (R-ANALYSE-3)', () => {
  test('fires when all referenced rules matched within the window, in any order', () => {
    const detections = feed(correlator([allOf]), [at(1, 0, 'c'), at(2, 10 * SECOND, 'a'), at(3, 20 * SECOND, 'a'), at(4, 30 * SECOND, 'b')]);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(allOf, '4'));
    assert.deepEqual(detections[0]!.events, [1, 2, 3, 4]);
    const why = detections[0]!.why;
    assert.ok(why.kind === 'correlation');
    assert.equal(why.count, 3);
    assert.deepEqual(why.rules, ['a', 'b', 'c']);
  });

  test('window edge: the first and last exactly timespan apart fire; a millisecond more does not', () => {
    assert.equal(feed(correlator([allOf]), [at(1, 0, 'a'), at(2, SECOND, 'b'), at(3, MINUTE, 'c')]).length, 1);
    assert.equal(feed(correlator([allOf]), [at(1, 0, 'a'), at(2, SECOND, 'b'), at(3, MINUTE + 1, 'c')]).length, 0);
  });

  test('a rule missing from the window fires nothing', () => {
    assert.equal(feed(correlator([allOf]), [at(1, 0, 'a'), at(2, SECOND, 'b'), at(3, 2 * SECOND, 'b')]).length, 0);
  });

  test('one event matching two referenced rules counts for both', () => {
    const both: Step = { seq: 2, time: T0 + SECOND, rules: ['b', 'c'], fields: { 'host.name': 'web-1' } };
    assert.equal(feed(correlator([allOf]), [at(1, 0, 'a'), both]).length, 1);
  });
});

describe('temporal_ordered (R-ANALYSE-3)', () => {
  test('a success after failures from one address fires', () => {
    const detections = feed(correlator([ordered]), [at(1, 0, 'fail'), at(2, 5 * SECOND, 'fail'), at(3, 9 * SECOND, 'success')]);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(ordered, '3'));
  });

  test('a success before the failures does not', () => {
    assert.equal(feed(correlator([ordered]), [at(1, 0, 'success'), at(2, 5 * SECOND, 'fail')]).length, 0);
  });

  test('order is event time, then sequence: an out-of-order failure stamped before the success counts as before it', () => {
    // the success is stored first, the failure that happened a second earlier arrives after it
    const detections = feed(correlator([ordered]), [at(1, 10 * SECOND, 'success'), at(2, 9 * SECOND, 'fail')]);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(ordered, '2'), 'the late failure made the condition true');
  });

  test('equal event times fall back on sequence numbers', () => {
    assert.equal(feed(correlator([ordered]), [at(1, 0, 'fail'), at(2, 0, 'success')]).length, 1);
    assert.equal(feed(correlator([ordered]), [at(1, 0, 'success'), at(2, 0, 'fail')]).length, 0);
  });

  test('window edge: exactly timespan apart in order fires; a millisecond more does not', () => {
    assert.equal(feed(correlator([ordered]), [at(1, 0, 'fail'), at(2, MINUTE, 'success')]).length, 1);
    assert.equal(feed(correlator([ordered]), [at(1, 0, 'fail'), at(2, MINUTE + 1, 'success')]).length, 0);
  });

  test('three steps: a, b, c in order within the window, with noise between', () => {
    const chain = correlation({ id: 'abc', type: 'temporal_ordered', rules: ['a', 'b', 'c'], condition: {}, groupBy: ['host.name'] });
    assert.equal(feed(correlator([chain]), [at(1, 0, 'b'), at(2, 1, 'a'), at(3, 2, 'c'), at(4, 3, 'b'), at(5, 4, 'c')]).length, 1);
    assert.equal(feed(correlator([chain]), [at(1, 0, 'b'), at(2, 1, 'a'), at(3, 2, 'c'), at(4, 3, 'c')]).length, 0);
  });
});
