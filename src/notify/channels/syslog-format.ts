// The syslog channel's message (docs/alerting.md "Channels"): RFC 5424 with the alert in
// STRUCTURED-DATA, so the receiving SIEM gets fields, not a sentence to parse, framed by octet
// counting (RFC 6587 §3.4.1, the framing RFC 5425 prescribes for TLS). The SD-IDs carry an
// enterprise number in the private form NAME@NUMBER; 32473 is the number RFC 5612 reserves for
// documentation, so they never clash with a registered vendor's. Pure.
import type { RuleLevel } from '../../detection/rule.ts';
import type { Notice } from '../channel.ts';
import { SYSLOG_FACILITIES, type SyslogChannelConfig } from '../notifications-schema.ts';
import { noticeSummary, oneLine, valueText } from '../content.ts';

export const SD_ENTERPRISE = 32473;
export const SD_ALERT = `logwarden@${SD_ENTERPRISE}`;
export const SD_GROUP = `group@${SD_ENTERPRISE}`;
export const SD_VALUES = `values@${SD_ENTERPRISE}`;

/** Severity by rule level (RFC 5424 §6.2.1): critical 2, high 3 (error), medium 4, low 5, informational 6. */
export const SEVERITY_BY_LEVEL: Readonly<Record<RuleLevel, number>> = { critical: 2, high: 3, medium: 4, low: 5, informational: 6 };

/** rsyslog's and syslog-ng's default largest message; a longer one is cut by the receiver. */
const MAX_MESSAGE_BYTES = 8000;
const BOM = '\uFEFF';

/** Facility number: the list in the configuration schema is in RFC 5424 order (kern 0 … local7 23). */
export function facilityCode(facility: SyslogChannelConfig['facility']): number {
  return SYSLOG_FACILITIES.indexOf(facility);
}

/** A header field: printable US-ASCII, no space, at most `max` characters, `-` when empty (RFC 5424 §6). */
function headerField(text: string, max: number): string {
  const printable = text.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return printable === '' ? '-' : printable;
}

/** An SD-NAME: printable US-ASCII except `=`, space, `]` and `"`, at most 32 characters. */
export function sdName(text: string): string {
  const name = text.replace(/[^\x21-\x7e]|[=\]"]/g, '_').slice(0, 32);
  return name === '' ? '_' : name;
}

/** A PARAM-VALUE: `"`, `\` and `]` escaped with a backslash (RFC 5424 §6.3.3), on one line. */
export function sdValue(text: string): string {
  return oneLine(text, 1000).replace(/["\\\]]/g, (character) => `\\${character}`);
}

function sdElement(id: string, params: readonly (readonly [string, string])[]): string {
  return params.length === 0 ? '' : `[${id}${params.map(([name, value]) => ` ${sdName(name)}="${sdValue(value)}"`).join('')}]`;
}

function alertParams(notice: Notice): [string, string][] {
  const { alert } = notice;
  const params: [string, string][] = [
    ['id', notice.id],
    ['alert', alert.id],
    ['kind', notice.kind],
    ['rule', alert.rule.id],
    ['title', alert.rule.title],
    ['level', alert.rule.level],
    ['state', alert.state],
    ['systems', alert.systems.join(',')],
    ['hosts', alert.hosts.join(',')],
    ['count', String(alert.detectionCount)],
    ['firstSeen', alert.firstSeen],
    ['lastSeen', alert.lastSeen],
    ['link', notice.link],
  ];
  if (notice.level !== undefined) params.push(['escalation', String(notice.level)]);
  if (alert.assignee !== undefined) params.push(['assignee', alert.assignee]);
  if (alert.disposition !== undefined) params.push(['disposition', alert.disposition]);
  return params;
}

export interface SyslogIdentity {
  /** This logwarden's host name (HOSTNAME). */
  readonly hostname: string;
  /** Its process id (PROCID). */
  readonly procid: string;
}

/** The RFC 5424 message of a notice (without framing). */
export function syslogMessage(notice: Notice, facility: SyslogChannelConfig['facility'], identity: SyslogIdentity): string {
  const pri = facilityCode(facility) * 8 + SEVERITY_BY_LEVEL[notice.alert.rule.level];
  const header = `<${pri}>1 ${new Date(notice.at).toISOString()} ${headerField(identity.hostname, 255)} logwarden ${headerField(identity.procid, 128)} ${headerField(`alert-${notice.kind}`, 32)}`;
  const alert = sdElement(SD_ALERT, alertParams(notice));
  const group = sdElement(SD_GROUP, Object.entries(notice.alert.group));
  const values = sdElement(
    SD_VALUES,
    Object.keys(notice.values)
      .sort()
      .map((field) => [field, oneLine(valueText(notice.values[field]))] as const),
  );
  const msg = `${BOM}${noticeSummary(notice)}`;
  const full = `${header} ${alert}${group}${values} ${msg}`;
  // Too long for the receiver: the matched values go first (the alert's link has them), then the group's.
  if (Buffer.byteLength(full) <= MAX_MESSAGE_BYTES) return full;
  const shorter = `${header} ${alert}${group} ${msg}`;
  return Buffer.byteLength(shorter) <= MAX_MESSAGE_BYTES ? shorter : `${header} ${alert} ${msg}`;
}

/** Octet-counted framing (RFC 6587 §3.4.1): the message's length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
