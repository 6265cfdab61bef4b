// Chaining (Sigma correlations v2): a correlation that references another counts its detections,
// read with the triggering event's fields; `generate` decides whether the inner one is output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectionId } from '../detection.ts';
import { correlation, correlator, feed, SECOND, series, T0, type Step } from './correlation.fixtures.ts';

const brute = correlation({ id: 'brute', type: 'event_count', rules: ['fail'], condition: { gte: 3 } });
const thenSuccess = correlation({ id: 'brute-then-success', type: 'temporal_ordered', rules: ['brute', 'success'], condition: {} });

describe('chaining (R-ANALYSE-3)', () => {
  const steps: Step[] = [
    ...series(
      'fail',
      [0, 1, 2].map((s) => s * SECOND),
    ),
    { seq: 4, time: T0 + 10 * SECOND, rules: ['success'] },
  ];

  test('a correlation over another correlation fires on its detection and a later success', () => {
    const detections = feed(correlator([thenSuccess, brute]), steps);
    assert.deepEqual(
      detections.map((d) => d.rule.id),
      ['brute-then-success'],
      'brute is hidden: the correlation over it does not say generate',
    );
    assert.equal(detections[0]!.id, detectionId(thenSuccess, '4'));
    assert.deepEqual(detections[0]!.events, [3, 4], 'the inner detection is evidenced by its triggering event');
    assert.deepEqual(detections[0]!.group, { 'source.ip': '203.0.113.9' });
  });

  test('generate: true outputs the inner correlation too', () => {
    const generating = { ...thenSuccess, generate: true };
    const detections = feed(correlator([generating, brute]), steps);
    assert.deepEqual(detections.map((d) => d.rule.id).sort(), ['brute', 'brute-then-success']);
  });

  test('a success from another address does not complete the chain', () => {
    const other: Step[] = [...steps.slice(0, 3), { seq: 4, time: T0 + 10 * SECOND, rules: ['success'], fields: { 'source.ip': '192.0.2.50' } }];
    assert.equal(feed(correlator([thenSuccess, brute]), other).length, 0);
  });
});
