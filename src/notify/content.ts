// What a notice says (docs/alerting.md "Channels"), the same on every channel: what happened, where
// (systems, hosts), why (rule, level, tags, the matched values and counts), when (first and last
// seen), where to act (the link), and for a closing notice who and how. A notice carries the alert
// as the channel may see it (already masked by the scheduler) and no secret, so nothing here can
// leak one; everything here only formats. Free text from events (messages, values, hosts) is made
// one-line wherever it lands in a line of its own format (subject, syslog), so an event cannot
// forge a header or a second message. Pure.
import type { Notice } from './channel.ts';
import type { NotificationKind } from './notification-state.ts';

/** Longest value shown for one matched field or group value; the alert's link has the rest. */
const MAX_VALUE_CHARS = 200;
const MAX_SUBJECT_CHARS = 250;
const MAX_LIST = 5;

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line of text: control characters and line breaks become one space; at most `max` characters. */
export function oneLine(text: string, max = MAX_VALUE_CHARS): string {
  const flat = text.replace(CONTROL, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A matched value as text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/** A list shortened to its first few and a count of the rest, e.g. `web-1, web-2 and 3 more`. */
function listText(items: readonly string[], max = MAX_LIST): string {
  const shown = items.slice(0, max).map((item) => oneLine(item));
  return items.length > max ? `${shown.join(', ')} and ${items.length - max} more` : shown.join(', ');
}

/** `source.ip=203.0.113.9, user.name=root`: the group key. */
export function groupText(group: Readonly<Record<string, string>>): string {
  return Object.entries(group)
    .map(([field, value]) => `${oneLine(field, 100)}=${oneLine(value)}`)
    .join(', ');
}

/** The words of the kind, e.g. `opened`, `escalated to level 2`, `closed as false positive`. */
export function kindText(notice: Pick<Notice, 'kind' | 'level' | 'alert'>): string {
  const words: Record<NotificationKind, string> = {
    initial: 'opened',
    update: 'new detections',
    repeat: 'still open',
    escalation: `escalated to level ${notice.level ?? '?'}`,
    resolved: 'resolved',
    closed: notice.alert.disposition === undefined ? 'closed' : `closed as ${notice.alert.disposition.replace(/-/g, ' ')}`,
    reopened: 'reopened',
    test: 'test notification',
  };
  return words[notice.kind];
}

/** Where it happened, for a headline: the hosts, or the systems when no host is known. */
function whereText(notice: Notice): string {
  const where = notice.alert.hosts.length > 0 ? notice.alert.hosts : notice.alert.systems;
  return listText(where, 2);
}

/** `HIGH SSH brute force — web-1 (source.ip=203.0.113.9) — opened`: the headline of every channel. */
export function noticeSummary(notice: Notice): string {
  const { alert } = notice;
  const group = groupText(alert.group);
  const where = whereText(notice);
  const parts = [`${alert.rule.level.toUpperCase()} ${oneLine(alert.rule.title)}`];
  const place = [where, group === '' ? '' : `(${group})`].filter((part) => part !== '').join(' ');
  if (place !== '') parts.push(place);
  parts.push(kindText(notice));
  return oneLine(parts.join(' — '), MAX_SUBJECT_CHARS);
}

/** The email subject: `[logwarden] ` and the summary. */
export function noticeSubject(notice: Notice): string {
  return oneLine(`[logwarden] ${noticeSummary(notice)}`, MAX_SUBJECT_CHARS);
}

/** The matched values, one `field: value` line each, sorted by field. */
export function valueLines(values: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(values)
    .sort()
    .map((field) => `  ${oneLine(field, 100)}: ${oneLine(valueText(values[field]))}`);
}

/** The lines of "who and how" for a notice about a state change. */
function outcomeLines(notice: Notice): string[] {
  const { alert } = notice;
  if (notice.kind === 'resolved') return [`Resolved by ${oneLine(alert.updatedBy)} at ${alert.resolvedAt ?? alert.updatedAt}.`];
  if (notice.kind === 'closed') {
    const how = alert.disposition === undefined ? '' : ` as ${alert.disposition.replace(/-/g, ' ')}`;
    return [`Closed${how} by ${oneLine(alert.updatedBy)} at ${alert.closedAt ?? alert.updatedAt}.`];
  }
  if (notice.kind === 'reopened') return [`Reopened by ${oneLine(alert.updatedBy)} at ${alert.updatedAt}.`];
  if (notice.kind === 'escalation') return [`Not acknowledged in time: escalated to level ${notice.level ?? '?'}.`];
  if (notice.kind === 'test') return ['This is a test notification: the channel works. No alert needs attention.'];
  return [];
}

/** The plain-text body of an email (and the long form anywhere else). */
export function noticeText(notice: Notice): string {
  const { alert } = notice;
  const count = alert.detectionCount === 1 ? '1 detection' : `${alert.detectionCount} detections`;
  const lines = [
    noticeSummary(notice),
    '',
    ...outcomeLines(notice),
    `What:     ${oneLine(alert.message, 1000)}`,
    `Systems:  ${listText(alert.systems, 20) || '-'}`,
    `Hosts:    ${listText(alert.hosts, 20) || '-'}`,
    `Rule:     ${oneLine(alert.rule.title)} (${oneLine(alert.rule.id)}, ${alert.rule.ruleset})`,
    `Level:    ${alert.rule.level}`,
    `Tags:     ${listText(alert.rule.tags, 20) || '-'}`,
    `Group:    ${groupText(alert.group) || '-'}`,
    `Count:    ${count}, first seen ${alert.firstSeen}, last seen ${alert.lastSeen}`,
    `State:    ${alert.state}${alert.assignee === undefined ? '' : `, assigned to ${oneLine(alert.assignee)}`}`,
  ];
  const values = valueLines(notice.values);
  if (values.length > 0) lines.push('', 'Matched values:', ...values);
  lines.push('', `Open the alert: ${notice.link}`, '', `Alert ${alert.id}, notification ${notice.id}.`);
  return `${lines.filter((line, index) => !(line === '' && lines[index - 1] === '')).join('\n')}\n`;
}

/** The JSON body of a webhook: the Standard Webhooks envelope `{type, timestamp, data}`. */
export interface WebhookPayload {
  /** `alert.initial`, `alert.escalation`, `alert.resolved`, … (`alert.test` for a test notice). */
  readonly type: `alert.${NotificationKind}`;
  /** When the notice was made, ISO 8601 (the same on every retry). */
  readonly timestamp: string;
  readonly data: {
    readonly alert: Notice['alert'];
    readonly values: Notice['values'];
    readonly link: string;
    readonly summary: string;
    readonly level?: number;
  };
}

export function webhookPayload(notice: Notice): WebhookPayload {
  return {
    type: `alert.${notice.kind}`,
    timestamp: new Date(notice.at).toISOString(),
    data: {
      alert: notice.alert,
      values: notice.values,
      link: notice.link,
      summary: noticeSummary(notice),
      ...(notice.level === undefined ? {} : { level: notice.level }),
    },
  };
}
