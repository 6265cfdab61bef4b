// Plain-text tables for `logwarden alerts`, `silences` and `notifications` (docs/alerting.md,
// "Working alerts from the CLI"). Pure. Group values, messages, hosts and comments come from
// senders and people: every cell goes through visibleText (renderColumns does).
import type { AlertContract, AlertDetailResponse, AlertReportResponse, NotificationContract, SilenceContract } from '../contracts/alerts.ts';
import { formatDetections } from './detection-commands.ts';
import { renderColumns } from './systems-format.ts';
import { visibleText } from './visible-text.ts';

const dash = (text: string | undefined): string => (text === undefined || text === '' ? '-' : text);
const groupText = (group: Readonly<Record<string, string>>): string =>
  Object.entries(group)
    .map(([field, value]) => `${field}=${value}`)
    .join(' ');

/** A duration for people: `850ms`, `42s`, `4m12s`, `3h05m`, `2d04h`; `-` for none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  const abs = Math.round(Math.abs(ms));
  const sign = ms < 0 ? '-' : '';
  const two = (n: number): string => String(n).padStart(2, '0');
  if (abs < 1000) return `${sign}${abs}ms`;
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${sign}${s}s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m${two(s % 60)}s`;
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
  return `${sign}${Math.floor(s / 86_400)}d${two(Math.floor((s % 86_400) / 3600))}h`;
}

/** id, state, level, rule, group, detections, systems, assignee, last seen, message: one line per alert. */
export function formatAlerts(alerts: readonly AlertContract[]): string {
  const rows = alerts.map((alert) => [
    alert.id,
    alert.silencedBy.length > 0 ? `${alert.state} (silenced)` : alert.state,
    alert.rule.level,
    alert.rule.title,
    dash(groupText(alert.group)),
    String(alert.detectionCount),
    dash(alert.systems.join(',')),
    dash(alert.assignee),
    alert.lastSeen,
    alert.message,
  ]);
  return renderColumns(['ID', 'STATE', 'LEVEL', 'RULE', 'GROUP', 'DETECTIONS', 'SYSTEMS', 'ASSIGNEE', 'LAST SEEN', 'MESSAGE'], rows);
}

/** `logwarden alerts show`: the alert's fields, its comments, history, detections and notifications. */
export function formatAlertDetail(detail: AlertDetailResponse): string {
  const a = detail.alert;
  const fields: [string, string][] = [
    ['id', a.id],
    ['state', a.disposition ? `${a.state} (${a.disposition})` : a.state],
    ['rule', `${a.rule.title} [${a.rule.level}] ${a.rule.id}`],
    ['group', dash(groupText(a.group))],
    ['systems', dash(a.systems.join(', '))],
    ['hosts', dash(a.hosts.join(', '))],
    ['message', a.message],
    ['detections', `${a.detectionCount} (event.sequence ${a.firstSequence}..${a.lastSequence})`],
    ['seen', `${a.firstSeen} .. ${a.lastSeen}`],
    ['opened', a.openedAt],
    ['acknowledged', dash(a.acknowledgedAt)],
    ['resolved', dash(a.resolvedAt)],
    ['closed', dash(a.closedAt)],
    ['assignee', dash(a.assignee)],
    ['silenced by', dash(a.silencedBy.join(', '))],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const sections = [fields.map(([name, value]) => `${name.padEnd(width)}  ${visibleText(value)}`).join('\n')];
  if (a.comments.length > 0)
    sections.push(
      `Comments\n${renderColumns(
        ['AT', 'BY', 'TEXT'],
        a.comments.map((c) => [c.at, c.by, c.text]),
      )}`,
    );
  sections.push(
    `History\n${renderColumns(
      ['N', 'AT', 'BY', 'CHANGE', 'STATE', 'WHY'],
      detail.history.map((t) => [String(t.n), t.at, t.by, t.change, t.state, dash(t.why)]),
    )}`,
  );
  sections.push(`Detections (first ${detail.detections.length} of ${a.detectionCount})\n${formatDetections(detail.detections)}`);
  sections.push(`Notifications\n${detail.notifications.length === 0 ? '(none)' : formatNotifications(detail.notifications)}`);
  return sections.join('\n\n');
}

/** due, status, kind, channel, route, alert, attempts (last error): one line per notification. */
export function formatNotifications(notifications: readonly NotificationContract[]): string {
  const rows = notifications.map((n) => {
    const last = n.attempts.at(-1);
    const attempts = last === undefined ? '0' : `${n.attempts.length} (${last.outcome}${last.error ? `: ${last.error}` : ''})`;
    return [n.dueAt, n.status, n.level === undefined ? n.kind : `${n.kind} L${n.level}`, `${n.channel} (${n.channelType})`, n.route, dash(n.alert), attempts, n.id];
  });
  return renderColumns(['DUE', 'STATUS', 'KIND', 'CHANNEL', 'ROUTE', 'ALERT', 'ATTEMPTS', 'ID'], rows);
}

/** id, in force, matcher, from, until, author, reason: one line per silence. */
export function formatSilences(silences: readonly SilenceContract[]): string {
  const rows = silences.map((s) => [s.id, s.active ? 'yes' : s.ended ? `ended by ${s.ended.by}` : 'no', matcherText(s.matcher), s.startsAt, s.ended?.at ?? s.endsAt, s.author, s.reason]);
  // A matcher is read whole: wider columns than the default.
  return renderColumns(['ID', 'IN FORCE', 'MATCHER', 'FROM', 'UNTIL', 'AUTHOR', 'REASON'], rows, 80);
}

export function matcherText(matcher: SilenceContract['matcher']): string {
  const parts = [
    ...(matcher.rule !== undefined ? [`rule=${matcher.rule}`] : []),
    ...(matcher.level !== undefined ? [`level=${matcher.level}`] : []),
    ...(matcher.system !== undefined ? [`system=${matcher.system}`] : []),
    ...(matcher.tags ?? []).map((tag) => `tag=${tag}`),
    ...Object.entries(matcher.group ?? {}).map(([field, value]) => `${field}=${value}`),
  ];
  return parts.join(' ');
}

/** `logwarden alerts report`: the period's totals, then one table per breakdown. */
export function formatReport(report: AlertReportResponse): string {
  const counts = (title: string, rows: readonly { key: string; alerts: number }[]): string =>
    `${title}\n${
      rows.length === 0
        ? '(none)'
        : renderColumns(
            [title.toUpperCase(), 'ALERTS'],
            rows.map((row) => [row.key, String(row.alerts)]),
          )
    }`;
  const timing = (name: string, stats: AlertReportResponse['timeToAcknowledge']): string =>
    `${name}: median ${formatDuration(stats.medianMs)}, p90 ${formatDuration(stats.p90Ms)} (over ${stats.count} alerts)`;
  return [
    `Alerts opened ${report.from} .. ${report.to}: ${report.alerts} alerts, ${report.detections} detections`,
    `${timing('Time to acknowledge', report.timeToAcknowledge)}\n${timing('Time to resolve', report.timeToResolve)}`,
    `By rule\n${
      report.byRule.length === 0
        ? '(none)'
        : renderColumns(
            ['RULE', 'LEVEL', 'ALERTS', 'DETECTIONS', 'FALSE POSITIVES'],
            report.byRule.map((row) => [row.rule.title, row.rule.level, String(row.alerts), String(row.detections), String(row.falsePositives)]),
          )
    }`,
    counts('System', report.bySystem),
    counts('Level', report.byLevel),
    counts('Disposition', report.byDisposition),
    counts('State', report.byState),
    `Most false positives\n${
      report.mostFalsePositives.length === 0
        ? '(none)'
        : renderColumns(
            ['RULE', 'FALSE POSITIVES', 'CLOSED'],
            report.mostFalsePositives.map((row) => [row.rule.title, String(row.falsePositives), String(row.closed)]),
          )
    }`,
    `Rules that never fired\n${
      report.neverFired.length === 0
        ? '(none)'
        : renderColumns(
            ['RULE', 'LEVEL', 'RULESET', 'ID'],
            report.neverFired.map((rule) => [rule.title, rule.level, rule.ruleset, rule.id]),
          )
    }`,
  ].join('\n\n');
}
