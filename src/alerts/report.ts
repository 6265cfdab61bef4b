// The review report (docs/alerting.md, "Review"; R-ANALYSE-4): for the alerts opened in a period,
// how many by rule, system, level, disposition and state; how long people took to acknowledge and
// to resolve them (median and 90th percentile over the alerts that got there); the rules with the
// most false positives; and the loaded rules that never fired. The documented, reviewable record of
// what analysis found and what people decided. Pure: the route hands in the alerts, the loaded
// rules and which rules fired (report-sql.ts).
import type { AlertReportResponse } from '../contracts/alerts.ts';
import type { RuleLevel } from '../detection/rule.ts';
import type { AlertState } from './alert-state.ts';

type ReportAlert = Pick<AlertState, 'rule' | 'systems' | 'state' | 'disposition' | 'detectionCount' | 'openedAt' | 'acknowledgedAt' | 'resolvedAt' | 'closedAt'>;

export interface ReportRule {
  readonly id: string;
  readonly title: string;
  readonly level: RuleLevel;
  readonly ruleset: string;
}

export interface ReportInput {
  readonly from: number;
  readonly to: number;
  /** The caller's alerts; those opened outside [from, to) are left out here. */
  readonly alerts: readonly ReportAlert[];
  /** The rules loaded now. */
  readonly rules: readonly ReportRule[];
  /** Rule ids with a detection in the period. */
  readonly fired: ReadonlySet<string>;
}

/**
 * The q-quantile of the values by linear interpolation between the closest ranks (the usual
 * definition, R's type 7, so the median of an even count is the mean of the middle two); null for
 * no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + (rank - low) * ((sorted[high] as number) - lowValue);
}

export function durationStats(durations: readonly number[]): AlertReportResponse['timeToAcknowledge'] {
  return { count: durations.length, medianMs: quantile(durations, 0.5), p90Ms: quantile(durations, 0.9) };
}

/** When the alert was done with: resolved, or closed without being resolved first. */
function doneAt(alert: ReportAlert): number | undefined {
  return alert.resolvedAt ?? alert.closedAt;
}

export function buildReport(input: ReportInput): AlertReportResponse {
  const alerts = input.alerts.filter((alert) => alert.openedAt >= input.from && alert.openedAt < input.to);
  const acknowledged = alerts.flatMap((alert) => (alert.acknowledgedAt === undefined ? [] : [alert.acknowledgedAt - alert.openedAt]));
  const resolved = alerts.flatMap((alert) => {
    const done = doneAt(alert);
    return done === undefined ? [] : [done - alert.openedAt];
  });
  const byRule = ruleRows(alerts);
  return {
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    alerts: alerts.length,
    detections: alerts.reduce((sum, alert) => sum + alert.detectionCount, 0),
    byRule: byRule.map((row) => ({ rule: row.rule, alerts: row.alerts, detections: row.detections, falsePositives: row.falsePositives })),
    bySystem: countBy(alerts.flatMap((alert) => [...new Set(alert.systems)])),
    byLevel: countBy(alerts.map((alert) => alert.rule.level)),
    // A disposition counts while the alert stays closed with it (a reopened alert is undecided again).
    byDisposition: countBy(alerts.flatMap((alert) => (alert.state !== 'closed' || alert.disposition === undefined ? [] : [alert.disposition]))),
    byState: countBy(alerts.map((alert) => alert.state)),
    timeToAcknowledge: durationStats(acknowledged),
    timeToResolve: durationStats(resolved),
    mostFalsePositives: byRule
      .filter((row) => row.falsePositives > 0)
      .sort((a, b) => b.falsePositives - a.falsePositives || b.falsePositives / b.closed - a.falsePositives / a.closed || a.rule.title.localeCompare(b.rule.title))
      .map((row) => ({ rule: row.rule, falsePositives: row.falsePositives, closed: row.closed })),
    neverFired: input.rules
      .filter((rule) => !input.fired.has(rule.id))
      .map((rule) => ({ id: rule.id, title: rule.title, level: rule.level, ruleset: rule.ruleset }))
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
  };
}

interface RuleRow {
  rule: { id: string; title: string; level: RuleLevel };
  alerts: number;
  detections: number;
  falsePositives: number;
  closed: number;
}

/** Per rule: its alerts, their detections, how many were closed and how many of those as false positives; most alerts first. */
function ruleRows(alerts: readonly ReportAlert[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  for (const alert of alerts) {
    const row = rows.get(alert.rule.id) ?? { rule: { id: alert.rule.id, title: alert.rule.title, level: alert.rule.level }, alerts: 0, detections: 0, falsePositives: 0, closed: 0 };
    row.alerts++;
    row.detections += alert.detectionCount;
    if (alert.state === 'closed') row.closed++;
    if (alert.state === 'closed' && alert.disposition === 'false-positive') row.falsePositives++;
    rows.set(alert.rule.id, row);
  }
  return [...rows.values()].sort((a, b) => b.alerts - a.alerts || a.rule.title.localeCompare(b.rule.title));
}

/** Each key with how many alerts had it, most first, then by key. */
function countBy(keys: readonly string[]): { key: string; alerts: number }[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].map(([key, alerts]) => ({ key, alerts })).sort((a, b) => b.alerts - a.alerts || a.key.localeCompare(b.key));
}
