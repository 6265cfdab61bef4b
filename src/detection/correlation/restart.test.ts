// A restart mid-window (R-ANALYSE-3): feed half the events, start a new Correlator seeded with the
// detections stored so far, replay the recent stored events, feed the rest. The union of both
// halves' detections equals one uninterrupted run's, with no detection twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Detection } from '../detection.ts';
import type { CorrelationRule } from '../rule.ts';
import { correlation, correlator, feed, MINUTE, prior, SECOND, T0, type Step } from './correlation.fixtures.ts';

/** A stream with bursts of failures from three addresses, some out of order, and occasional successes. */
function stream(): Step[] {
  const steps: Step[] = [];
  const ips = ['192.0.2.1', '192.0.2.2', '192.0.2.3'];
  let seq = 1;
  for (let i = 0; i < 300; i++) {
    const ip = ips[(i * 7) % 3]!;
    const jitter = i % 11 === 0 ? -8 * SECOND : 0; // some events arrive out of order, within the lateness
    const rule = i % 23 === 0 ? 'success' : 'fail';
    steps.push({ seq: seq++, time: T0 + i * 4 * SECOND + jitter, rules: [rule], fields: { 'source.ip': ip, 'user.name': `u${i % 5}` } });
  }
  return steps;
}

const rules: CorrelationRule[] = [
  correlation({ id: 'count', type: 'event_count', rules: ['fail'], condition: { gte: 5 } }),
  correlation({ id: 'users', type: 'value_count', rules: ['fail'], condition: { gte: 3, field: 'user.name' } }),
  correlation({ id: 'ordered', type: 'temporal_ordered', rules: ['fail', 'success'], condition: {} }),
  correlation({ id: 'few', type: 'event_count', rules: ['success'], condition: { lt: 2 }, timespanMs: 2 * MINUTE }),
  // chained: a brute force (above) and then a success from the same address
  correlation({ id: 'chained', type: 'temporal_ordered', rules: ['count', 'success'], condition: {}, generate: true }),
];
const LONGEST = 2 * MINUTE;
const LATENESS = 30 * SECOND;

const ids = (detections: readonly Detection[]): string[] => detections.map((d) => d.id).sort();

describe('restart mid-window (R-ANALYSE-3)', () => {
  const all = stream();
  const whole = feed(correlator(rules), all);

  test('the uninterrupted run fires each kind (the comparison is not vacuous)', () => {
    for (const rule of rules)
      assert.ok(
        whole.some((d) => d.rule.id === rule.id),
        rule.id,
      );
  });

  for (const cut of [37, 150, 211, 298]) {
    test(`cut after event ${cut}: seeded, the stored events of the longest timespan + lateness replayed, the rest fed: equals the whole run`, () => {
      const before = feed(correlator(rules), all.slice(0, cut));
      const restarted = correlator(rules, { latenessMs: LATENESS });
      // replay from the newest event time at the cut − (longest timespan + lateness); seed with the
      // detections stored from one more timespan before that (docs/detection.md, "Restarts")
      const newest = Math.max(...all.slice(0, cut).map((s) => s.time));
      const replayFrom = newest - LONGEST - LATENESS;
      restarted.seed(prior(before.filter((d) => d.time >= replayFrom - LONGEST)));
      // as the consumer does: from the first stored event (by sequence) with an event time from replayFrom on
      const after = feed(restarted, all.slice(all.findIndex((s) => s.time >= replayFrom)));
      const afterIds = new Set(ids(after));
      assert.deepEqual(
        ids(before).filter((id) => afterIds.has(id)),
        [],
        'nothing fired twice',
      );
      const union = new Set(ids([...before, ...after]));
      const describe = (d: Detection): string => `${d.rule.id}@${d.time - T0}`;
      assert.deepEqual(whole.filter((d) => !union.has(d.id)).map(describe), [], 'missed');
      assert.deepEqual(ids([...before, ...after]), ids(whole));
    });
  }
});
