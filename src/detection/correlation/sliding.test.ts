// The sliding windows' fast paths held equal to the obvious implementation (sliding-naive.fixtures.ts)
// on random streams: in-order and out-of-order arrivals, late ones beyond the lateness, several
// groups, each Sigma type with lower-bound conditions (R-ANALYSE-3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CorrelationRule } from '../rule.ts';
import { correlation } from './correlation.fixtures.ts';
import type { Entry } from './entry.ts';
import { SlidingCorrelation } from './sliding.ts';
import { NaiveSliding } from './sliding-naive.fixtures.ts';

const RULES: readonly CorrelationRule[] = [
  correlation({ id: 'count', type: 'event_count', rules: ['a'], timespanMs: 100, condition: { gte: 4 } }),
  correlation({ id: 'count-gt', type: 'event_count', rules: ['a', 'b'], timespanMs: 50, condition: { gt: 2 } }),
  correlation({ id: 'values', type: 'value_count', rules: ['a'], timespanMs: 100, condition: { gte: 3, field: 'user.name' } }),
  correlation({ id: 'temporal', type: 'temporal', rules: ['a', 'b', 'c'], timespanMs: 80, condition: { gte: 3 } }),
  correlation({ id: 'ordered', type: 'temporal_ordered', rules: ['a', 'b', 'c'], timespanMs: 120, condition: { gte: 3 } }),
];

interface Arrival {
  readonly group: string;
  readonly rule: string;
  readonly step: number;
  /** How far back in time it lies from the stream's clock (0: in order). */
  readonly back: number;
  readonly value: string;
}

const arrival = fc.record({
  group: fc.constantFrom('g1', 'g2', 'g3'),
  rule: fc.constantFrom('a', 'a', 'b', 'c'),
  step: fc.integer({ min: 0, max: 30 }),
  back: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 60 })),
  value: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
});

function entriesOf(arrivals: readonly Arrival[]): { entry: Entry; group: string }[] {
  let clock = 0;
  return arrivals.map((a, i) => {
    clock += a.step;
    return { group: a.group, entry: { time: clock - a.back, seq: i + 1, rule: a.rule, value: a.value, system: 's' } };
  });
}

describe('sliding windows equal the obvious implementation (R-ANALYSE-3)', () => {
  for (const rule of RULES)
    test(`${rule.id}: the same firings, triggers and evidence on random streams`, () => {
      fc.assert(
        fc.property(fc.array(arrival, { maxLength: 200 }), fc.constantFrom(0, 20, 45), (arrivals, latenessMs) => {
          const fast = new SlidingCorrelation(rule, { latenessMs, maxGroups: 100, maxEntries: 10_000 });
          const naive = new NaiveSliding(rule, latenessMs);
          for (const { entry, group } of entriesOf(arrivals)) {
            const entryFor = rule.type === 'value_count' || rule.rules.includes(entry.rule) ? entry : undefined;
            if (entryFor === undefined) continue;
            const got = fast.add(entryFor, { key: group, group: { g: group } });
            const want = naive.add(entryFor, group);
            const gotSummary = got === false || got === undefined ? got : { trigger: got.trigger.seq, events: got.entries.map((e) => e.seq), count: got.count };
            assert.deepEqual(gotSummary, want, `at seq ${entry.seq}`);
          }
        }),
        { numRuns: 1000 },
      );
    });
});
