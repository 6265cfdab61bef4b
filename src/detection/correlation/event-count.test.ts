// event_count and value_count over sliding event-time windows (Sigma correlations v2, R-ANALYSE-3):
// window edges, suppression and re-firing, lateness, and windows decided at close.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectionId } from '../detection.ts';
import { correlation, correlator, feed, MINUTE, SECOND, series, T0, type Step } from './correlation.fixtures.ts';

const bruteForce = correlation({ id: 'brute', type: 'event_count', rules: ['fail'], condition: { gte: 5 } });

describe('event_count (R-ANALYSE-3)', () => {
  test('five failures between 10:59:30 and 11:00:10 count as five in a 60 s window: no fixed buckets', () => {
    const steps = series(
      'fail',
      [30, 40, 50, 60, 70].map((s) => s * SECOND),
    );
    const detections = feed(correlator([bruteForce]), steps);
    assert.equal(detections.length, 1);
    const [d] = detections;
    assert.equal(d!.id, detectionId(bruteForce, '5'));
    assert.equal(d!.time, T0 + 70 * SECOND);
    assert.deepEqual(d!.events, [1, 2, 3, 4, 5]);
    assert.deepEqual(d!.group, { 'source.ip': '203.0.113.9' });
    assert.deepEqual(d!.systems, ['web']);
    assert.deepEqual(d!.why, { kind: 'correlation', type: 'event_count', window: { from: T0 + 30 * SECOND, to: T0 + 70 * SECOND }, count: 5, condition: { gte: 5 }, rules: ['fail'] });
    assert.match(d!.message, /brute: 5 events \(≥ 5\) for source\.ip=203\.0\.113\.9 in 40 s/);
  });

  test('events exactly timespan apart share a window; a millisecond more does not', () => {
    const inside = series(
      'fail',
      [0, 10, 20, 30, 60].map((s) => s * SECOND),
    );
    assert.equal(feed(correlator([bruteForce]), inside).length, 1);
    const outside = series('fail', [0, 10 * SECOND, 20 * SECOND, 30 * SECOND, MINUTE + 1]);
    assert.equal(feed(correlator([bruteForce]), outside).length, 0);
  });

  test('groups count apart: four failures from each of two addresses fire nothing', () => {
    const steps: Step[] = [0, 1, 2, 3].flatMap((i) => [
      { seq: 2 * i + 1, time: T0 + i * SECOND, rules: ['fail'], fields: { 'source.ip': '192.0.2.1' } },
      { seq: 2 * i + 2, time: T0 + i * SECOND, rules: ['fail'], fields: { 'source.ip': '192.0.2.2' } },
    ]);
    assert.equal(feed(correlator([bruteForce]), steps).length, 0);
  });

  test('an event without the group-by field is not counted', () => {
    const steps = series(
      'fail',
      [0, 1, 2, 3, 4].map((s) => s * SECOND),
      1,
      { 'source.ip': undefined },
    );
    assert.equal(feed(correlator([bruteForce]), steps).length, 0);
  });

  test('an alias reads each rule its own field', () => {
    const rule = correlation({ id: 'alias', type: 'event_count', rules: ['a', 'b'], groupBy: ['ip'], groupFields: { ip: { a: 'source.ip', b: 'client.ip' } }, condition: { gte: 2 } });
    const steps: Step[] = [
      { seq: 1, time: T0, rules: ['a'], fields: { 'source.ip': '192.0.2.7' } },
      { seq: 2, time: T0 + SECOND, rules: ['b'], fields: { 'source.ip': undefined, 'client.ip': '192.0.2.7' } },
    ];
    const detections = feed(correlator([rule]), steps);
    assert.equal(detections.length, 1);
    assert.deepEqual(detections[0]!.group, { ip: '192.0.2.7' });
  });

  test('suppression: a continuing attack fires again only for events after last firing + timespan, counting only events after the firing', () => {
    // one failure every 10 s for 3 minutes: fires at 40 s (5 events), then not until an event later than 100 s
    const steps = series(
      'fail',
      Array.from({ length: 19 }, (_, i) => i * 10 * SECOND),
    );
    const detections = feed(correlator([bruteForce]), steps);
    assert.deepEqual(
      detections.map((d) => d.time - T0),
      [40, 110, 180].map((s) => s * SECOND),
    );
    // the second window counts only events after the first firing (50 s … 110 s)
    assert.deepEqual(detections[1]!.events, [6, 7, 8, 9, 10, 11, 12]);
  });

  test('gt counts strictly more', () => {
    const rule = correlation({ id: 'gt', type: 'event_count', rules: ['fail'], condition: { gt: 2 } });
    assert.equal(feed(correlator([rule]), series('fail', [0, SECOND])).length, 0);
    assert.equal(feed(correlator([rule]), series('fail', [0, SECOND, 2 * SECOND])).length, 1);
  });
});

describe('late and out-of-order events (R-ANALYSE-3)', () => {
  test('an out-of-order event within the lateness joins the windows it belongs to', () => {
    // the 5th failure happened at 5 s but arrives after one at 50 s; the window 0 … 50 s holds five
    const steps: Step[] = [
      ...series(
        'fail',
        [0, 10, 20, 50].map((s) => s * SECOND),
      ),
      { seq: 5, time: T0 + 5 * SECOND, rules: ['fail'] },
    ];
    const target = correlator([bruteForce], { latenessMs: 45 * SECOND });
    const detections = feed(target, steps);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(bruteForce, '5'));
    assert.deepEqual(detections[0]!.events, [1, 2, 3, 4, 5]);
    assert.equal(target.lateEvents, 0);
  });

  test('a late event completes a window that ends at a later event', () => {
    // four at 0, 40, 50, 55 s; a late one at 2 s: the window 0 … 55 s holds five
    const steps: Step[] = [
      ...series(
        'fail',
        [0, 40, 50, 55].map((s) => s * SECOND),
      ),
      { seq: 5, time: T0 + 2 * SECOND, rules: ['fail'] },
    ];
    const detections = feed(correlator([bruteForce], { latenessMs: 60 * SECOND }), steps);
    assert.equal(detections.length, 1);
    assert.deepEqual(detections[0]!.why.kind === 'correlation' && detections[0]!.why.window, { from: T0, to: T0 + 55 * SECOND });
  });

  test('an event older than newest − lateness is left out and counted late', () => {
    const steps: Step[] = [
      ...series(
        'fail',
        [0, 10, 20, 50].map((s) => s * SECOND),
      ),
      { seq: 5, time: T0 + 5 * SECOND, rules: ['fail'] },
    ];
    const target = correlator([bruteForce], { latenessMs: 30 * SECOND });
    assert.equal(feed(target, steps).length, 0);
    assert.equal(target.lateEvents, 1);
  });

  test('lateness edge: exactly newest − lateness is still in time', () => {
    const steps: Step[] = [
      ...series(
        'fail',
        [0, 10, 20, 50].map((s) => s * SECOND),
      ),
      { seq: 5, time: T0 + 20 * SECOND, rules: ['fail'] },
    ];
    const target = correlator([bruteForce], { latenessMs: 30 * SECOND });
    assert.equal(feed(target, steps).length, 1);
    assert.equal(target.lateEvents, 0);
  });
});

describe('value_count (R-ANALYSE-3)', () => {
  const spraying = correlation({ id: 'spray', type: 'value_count', rules: ['fail'], condition: { gte: 3, field: 'user.name' } });
  const users = (names: readonly string[], offsets: readonly number[]): Step[] => names.map((name, i) => ({ seq: i + 1, time: T0 + offsets[i]!, rules: ['fail'], fields: { 'user.name': name } }));

  test('counts distinct values in the window, not events', () => {
    const steps = users(
      ['alice', 'alice', 'bob', 'bob', 'carol'],
      [0, 1, 2, 3, 4].map((s) => s * SECOND),
    );
    const detections = feed(correlator([spraying]), steps);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(spraying, '5'));
    const why = detections[0]!.why;
    assert.ok(why.kind === 'correlation');
    assert.equal(why.count, 3);
    assert.deepEqual(why.values, ['alice', 'bob', 'carol']);
    assert.match(detections[0]!.message, /3 distinct user\.name/);
  });

  test('at the window edge: exactly timespan apart in, a millisecond more out', () => {
    assert.equal(feed(correlator([spraying]), users(['a', 'b', 'c'], [0, 30 * SECOND, MINUTE])).length, 1);
    assert.equal(feed(correlator([spraying]), users(['a', 'b', 'c'], [0, 30 * SECOND, MINUTE + 1])).length, 0);
  });

  test('an event without the counted field adds no value', () => {
    const steps = [...users(['a', 'b'], [0, SECOND]), { seq: 3, time: T0 + 2 * SECOND, rules: ['fail'] }];
    assert.equal(feed(correlator([spraying]), steps).length, 0);
  });
});

describe('conditions decided when the window closes (lt, lte, eq)', () => {
  const few = correlation({ id: 'few', type: 'event_count', rules: ['probe'], condition: { lt: 3 } });

  test('fewer than 3 in a window fires once the window closed, with the last event of the window as trigger', () => {
    const steps: Step[] = [
      ...series('probe', [0, 10 * SECOND]),
      // another group's event moves event time past the window's end + lateness: the window is closed
      { seq: 3, time: T0 + MINUTE + 31 * SECOND, rules: [], fields: { 'source.ip': '192.0.2.99' } },
    ];
    const detections = feed(correlator([few]), steps);
    assert.equal(detections.length, 1);
    assert.equal(detections[0]!.id, detectionId(few, '2'));
    assert.equal(detections[0]!.time, T0 + 10 * SECOND);
    assert.deepEqual(detections[0]!.events, [1, 2]);
  });

  test('nothing is decided while the window can still be joined', () => {
    const steps: Step[] = [...series('probe', [0, 10 * SECOND]), { seq: 3, time: T0 + MINUTE + 30 * SECOND, rules: [], fields: { 'source.ip': '192.0.2.99' } }];
    assert.equal(feed(correlator([few]), steps).length, 0);
  });

  test('three in the window: no detection, and the next window starts after it', () => {
    const steps: Step[] = [...series('probe', [0, 10 * SECOND, 20 * SECOND, 70 * SECOND]), { seq: 5, time: T0 + 4 * MINUTE, rules: [], fields: { 'source.ip': '192.0.2.99' } }];
    const detections = feed(correlator([few]), steps);
    // window 0 … 60 s holds three (no); window 70 … 130 s holds one (yes)
    assert.deepEqual(
      detections.map((d) => d.events),
      [[4]],
    );
  });

  test('eq fires for exactly that many', () => {
    const exactly = correlation({ id: 'eq', type: 'event_count', rules: ['probe'], condition: { eq: 2 } });
    const close = { seq: 9, time: T0 + 5 * MINUTE, rules: [], fields: { 'source.ip': '192.0.2.99' } };
    assert.equal(feed(correlator([exactly]), [...series('probe', [0, SECOND]), close]).length, 1);
    assert.equal(feed(correlator([exactly]), [...series('probe', [0, SECOND, 2 * SECOND]), close]).length, 0);
  });
});

describe('limits', () => {
  test('groups per rule are bounded: past maxGroups the group updated longest ago is forgotten first', () => {
    const ip = (n: number): Step[] =>
      series(
        'fail',
        [0, 1, 2, 3].map((s) => s * SECOND + n),
        n * 10,
        { 'source.ip': `192.0.2.${n}` },
      );
    // four failures each from .1, .2, .3; then one more from .1 and from .3
    const steps: Step[] = [
      ...ip(1),
      ...ip(2),
      ...ip(3),
      { seq: 100, time: T0 + 5 * SECOND, rules: ['fail'], fields: { 'source.ip': '192.0.2.1' } },
      { seq: 101, time: T0 + 5 * SECOND, rules: ['fail'], fields: { 'source.ip': '192.0.2.3' } },
    ];
    const bounded = feed(correlator([bruteForce], { maxGroups: 2 }), steps);
    assert.deepEqual(
      bounded.map((d) => d.group['source.ip']),
      ['192.0.2.3'],
      '.1 was forgotten when .3 arrived; .3 kept its four',
    );
    const unbounded = feed(correlator([bruteForce]), steps);
    assert.deepEqual(unbounded.map((d) => d.group['source.ip']).sort(), ['192.0.2.1', '192.0.2.3']);
  });

  test('evidence is capped at maxEvidence and keeps the trigger', () => {
    const rule = correlation({ id: 'many', type: 'event_count', rules: ['fail'], condition: { gte: 8 } });
    const detections = feed(
      correlator([rule], { maxEvidence: 3 }),
      series(
        'fail',
        [0, 1, 2, 3, 4, 5, 6, 7].map((s) => s * SECOND),
      ),
    );
    assert.deepEqual(detections[0]!.events, [1, 2, 8]);
    assert.ok(detections[0]!.why.kind === 'correlation' && detections[0]!.why.count === 8);
  });
});
