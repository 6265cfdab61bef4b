// The review report's arithmetic (R-ANALYSE-4): which alerts it counts (opened in the period),
// the breakdowns, median and p90 of time to acknowledge and to resolve over the alerts that got
// there, false positives by rule, rules that never fired, and an empty period.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildReport, quantile, type ReportInput } from './report.ts';

const T = Date.parse('2026-11-01T00:00:00.000Z');
const MIN = 60_000;
const ssh = { id: 'r-ssh', title: 'SSH brute force', level: 'high' as const, revision: '1', tags: [], ruleset: 'site' };
const dns = { id: 'r-dns', title: 'DNS tunnelling', level: 'medium' as const, revision: '1', tags: [], ruleset: 'site' };
const idle = { id: 'r-idle', title: 'Admin login at night', level: 'low' as const, ruleset: 'site' };

type Alert = ReportInput['alerts'][number];
const alert = (fields: Partial<Alert>): Alert => ({ rule: ssh, systems: ['web'], state: 'open', detectionCount: 1, openedAt: T, ...fields });

describe('the review report (R-ANALYSE-4)', () => {
  it('quantile: linear between ranks; median of an even count is the mean of the middle two; null for none', () => {
    assert.equal(quantile([], 0.5), null);
    assert.equal(quantile([7], 0.9), 7);
    assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9.1);
    assert.equal(quantile([10, 20, 30], 0.5), 20);
  });

  it('quantile lies between the smallest and largest value and grows with q (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const low = quantile(values, lo) as number;
          const high = quantile(values, hi) as number;
          return low >= Math.min(...values) && high <= Math.max(...values) && low <= high + 1e-6;
        },
      ),
    );
  });

  it('counts the alerts opened in [from, to) by rule, system, level, disposition and state, with time to acknowledge and to resolve', () => {
    const report = buildReport({
      from: T,
      to: T + 1000 * MIN,
      alerts: [
        alert({ acknowledgedAt: T + 2 * MIN, resolvedAt: T + 30 * MIN, state: 'resolved', detectionCount: 4 }),
        alert({ openedAt: T + 10 * MIN, acknowledgedAt: T + 14 * MIN, closedAt: T + 20 * MIN, state: 'closed', disposition: 'false-positive', systems: ['web', 'db'] }),
        alert({ openedAt: T + 20 * MIN, acknowledgedAt: T + 30 * MIN, state: 'acknowledged' }),
        alert({ rule: dns, openedAt: T + 30 * MIN, closedAt: T + 90 * MIN, state: 'closed', disposition: 'true-positive', systems: ['db'] }),
        alert({ openedAt: T - 1, state: 'open' }), // before the period
        alert({ openedAt: T + 1000 * MIN, state: 'open' }), // at its end: outside
      ],
      rules: [{ ...ssh }, { ...dns }, idle],
      fired: new Set(['r-ssh', 'r-dns']),
    });
    assert.equal(report.alerts, 4);
    assert.equal(report.detections, 7);
    assert.deepEqual(
      report.byRule.map((row) => [row.rule.id, row.alerts, row.detections, row.falsePositives]),
      [
        ['r-ssh', 3, 6, 1],
        ['r-dns', 1, 1, 0],
      ],
    );
    assert.deepEqual(report.bySystem, [
      { key: 'web', alerts: 3 },
      { key: 'db', alerts: 2 },
    ]);
    assert.deepEqual(report.byLevel, [
      { key: 'high', alerts: 3 },
      { key: 'medium', alerts: 1 },
    ]);
    assert.deepEqual(report.byDisposition, [
      { key: 'false-positive', alerts: 1 },
      { key: 'true-positive', alerts: 1 },
    ]);
    assert.deepEqual(report.byState, [
      { key: 'closed', alerts: 2 },
      { key: 'acknowledged', alerts: 1 },
      { key: 'resolved', alerts: 1 },
    ]);
    // Acknowledged after 2, 4 and 10 minutes; done (resolved, or closed) after 30, 10 and 60.
    assert.deepEqual(report.timeToAcknowledge, { count: 3, medianMs: 4 * MIN, p90Ms: 8.8 * MIN });
    assert.deepEqual(report.timeToResolve, { count: 3, medianMs: 30 * MIN, p90Ms: 54 * MIN });
    assert.deepEqual(report.mostFalsePositives, [{ rule: { id: 'r-ssh', title: ssh.title, level: 'high' }, falsePositives: 1, closed: 1 }]);
    assert.deepEqual(report.neverFired, [idle]);
    assert.equal(report.from, new Date(T).toISOString());
  });

  it('an empty period: zero counts, null figures, every loaded rule never fired', () => {
    const report = buildReport({ from: T, to: T + MIN, alerts: [], rules: [idle, { ...dns }], fired: new Set() });
    assert.deepEqual([report.alerts, report.detections, report.byRule, report.bySystem, report.mostFalsePositives], [0, 0, [], [], []]);
    assert.deepEqual(report.timeToAcknowledge, { count: 0, medianMs: null, p90Ms: null });
    assert.deepEqual(report.timeToResolve, { count: 0, medianMs: null, p90Ms: null });
    assert.deepEqual(
      report.neverFired.map((rule) => rule.id),
      ['r-idle', 'r-dns'],
    );
  });

  it('a disposition counts only while the alert stays closed with it (a reopened one is undecided)', () => {
    const report = buildReport({ from: T, to: T + MIN, alerts: [alert({ state: 'open', disposition: 'false-positive' })], rules: [], fired: new Set() });
    assert.deepEqual(report.byDisposition, []);
    assert.deepEqual(report.mostFalsePositives, []);
  });
});
