// Detections into an alert's state (R-ANALYSE-2): opening, adding, the kept ids and the count,
// and a replay that changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_ALERT_HOSTS, addDetections, type AlertDetection } from './alert-grouping.ts';
import { MAX_DETECTION_IDS, alertStateSchema } from './alert-state.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function detection(sequence: number, extra: Partial<AlertDetection> = {}): AlertDetection {
  return {
    id: `d${sequence}`,
    rule: { id: 'r-ssh', title: 'SSH brute force', level: 'high', revision: '1', tags: ['attack.t1110'], ruleset: 'local' },
    time: T0 + sequence * 10,
    events: [sequence - 1],
    systems: ['web'],
    group: { 'source.ip': '203.0.113.9' },
    why: { kind: 'match', searches: ['selection'], values: { n: sequence } },
    message: `SSH brute force #${sequence}`,
    sequence,
    received: T0 + sequence,
    hosts: ['web-1'],
    ...extra,
  };
}

describe('grouping detections into an alert (R-ANALYSE-2)', () => {
  test('the first detection opens the state; later ones add ids, counts, systems, hosts and the last message and reason', () => {
    const opened = addDetections(undefined, [detection(5)], T0 + 100);
    assert.ok(opened);
    alertStateSchema.parse(opened);
    assert.equal(opened.state, 'open');
    assert.deepEqual([opened.detections, opened.detectionCount, opened.firstSequence, opened.lastSequence], [['d5'], 1, 5, 5]);
    assert.deepEqual([opened.firstSeen, opened.firstReceived, opened.openedAt], [T0 + 50, T0 + 5, T0 + 100]);
    assert.deepEqual(opened.change, { kind: 'create', why: 'SSH brute force #5' });
    const more = addDetections(opened, [detection(9, { systems: ['db', 'web'], hosts: ['db-1', ''] }), detection(7)], T0 + 200);
    assert.ok(more);
    alertStateSchema.parse(more);
    assert.deepEqual(more.detections, ['d5', 'd7', 'd9'], 'in sequence order');
    assert.equal(more.detectionCount, 3);
    assert.deepEqual([more.firstSequence, more.lastSequence, more.lastSeen], [5, 9, T0 + 90]);
    assert.deepEqual(more.systems, ['web', 'db']);
    assert.deepEqual(more.hosts, ['web-1', 'db-1']);
    assert.equal(more.message, 'SSH brute force #9');
    assert.deepEqual(more.why, { kind: 'match', searches: ['selection'], values: { n: 9 } });
    assert.equal(more.firstReceived, T0 + 5, 'the first receipt stays');
    assert.equal(more.openedAt, T0 + 100);
    assert.equal(more.change.kind, 'detections');
  });

  test('detections at or before lastSequence are skipped: a replay changes nothing', () => {
    const opened = addDetections(undefined, [detection(5), detection(6)], T0);
    assert.ok(opened);
    assert.equal(opened.change.kind, 'create', 'a new alert is a creation however many detections open it');
    assert.equal(opened.message, 'SSH brute force #6');
    assert.equal(addDetections(opened, [detection(5), detection(6)], T0 + 1), undefined);
    assert.equal(addDetections(opened, [], T0 + 1), undefined);
    assert.equal(addDetections(opened, [detection(4), detection(7)], T0 + 1)?.detectionCount, 3);
  });

  test('past MAX_DETECTION_IDS the ids stop and the count goes on; at most 20 hosts', () => {
    const many = Array.from({ length: MAX_DETECTION_IDS + 5 }, (_, i) => detection(i + 1, { hosts: [`h${i}`] }));
    const state = addDetections(undefined, many, T0);
    assert.ok(state);
    alertStateSchema.parse(state);
    assert.equal(state.detections.length, MAX_DETECTION_IDS);
    assert.equal(state.detections.at(-1), `d${MAX_DETECTION_IDS}`);
    assert.equal(state.detectionCount, MAX_DETECTION_IDS + 5);
    assert.equal(state.lastSequence, MAX_DETECTION_IDS + 5);
    assert.equal(state.hosts.length, MAX_ALERT_HOSTS);
  });

  test('property: adding in one batch or in several gives the same state, and repeats change nothing', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 39 }), (sequences, cut) => {
        const all = sequences.map((s) => detection(s));
        const whole = addDetections(undefined, all, T0);
        const sorted = [...all].sort((a, b) => a.sequence - b.sequence);
        const first = addDetections(undefined, sorted.slice(0, cut), T0);
        const split = addDetections(first, sorted.slice(cut), T0) ?? first;
        assert.ok(whole && split);
        assert.deepEqual({ ...split, change: whole.change }, whole);
        assert.equal(whole.detectionCount, sequences.length);
        assert.equal(addDetections(whole, all, T0 + 1), undefined);
      }),
    );
  });
});
