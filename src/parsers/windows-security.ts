// Windows Security events (the Security channel, provider Microsoft-Windows-Security-Auditing, and
// 1102 from Microsoft-Windows-Eventlog) arriving as JSON from Winlogbeat, NXLog or the OpenTelemetry
// Collector (windows-record.ts reads the three shapes). Each event id below maps to ECS: logons and
// logoffs (4624, 4625, 4634, 4647, 4648), special privileges (4672), process creation (4688),
// account and group management (4720–4738, 4740, 4754–4758), the audit log cleared (1102) and the
// audit policy changed (4719). The actor is user.name (the Subject), the account acted on is
// user.target.name, a group is group.name. An id not listed is left as it came. Pure.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';
import { mayBeWindowsEvent, windowsRecord, type WindowsRecord } from './windows-record.ts';

type Data = (name: string) => string | undefined;

interface EventSpec {
  readonly action: string;
  readonly category: readonly string[];
  readonly type: readonly string[];
  /** The outcome when the record does not say (an audit failure is always a failure). */
  readonly outcome?: 'success' | 'failure';
  readonly fields: (data: Data) => LogEvent;
}

/** NTSTATUS codes of 4625's Status/SubStatus, in words (Microsoft's 4625 documentation). */
export const LOGON_FAILURE_REASONS: Readonly<Record<string, string>> = {
  '0xc000006a': 'wrong password',
  '0xc0000064': 'no such user',
  '0xc0000234': 'account locked out',
  '0xc0000072': 'account disabled',
  '0xc000006f': 'logon outside allowed hours',
  '0xc0000070': 'workstation restriction',
  '0xc0000193': 'account expired',
  '0xc0000071': 'password expired',
  '0xc0000133': 'clock skew between client and domain controller',
  '0xc0000224': 'password must change at next logon',
  '0xc000006d': 'bad user name or password',
  '0xc000006e': 'account restriction',
  '0xc000015b': 'logon type not granted',
  '0xc000005e': 'no logon servers available',
  '0xc0000192': 'netlogon service not started',
  '0xc0000413': 'authentication firewall refused the logon',
  '0xc0000371': 'local account store has no secret for the account',
};

/** 4719's AuditPolicyChanges codes. */
const POLICY_CHANGES: Readonly<Record<string, string>> = { '%%8448': 'success removed', '%%8449': 'success added', '%%8450': 'failure removed', '%%8451': 'failure added' };

/** A value that names nothing: '-', '', a NULL SID, or an unresolved `%%` insertion. */
function dataOf(record: WindowsRecord): Data {
  return (name) => {
    const value = record.data[name];
    return value === undefined || value === '' || value === '-' || value === 'S-1-0-0' ? undefined : value;
  };
}

function subject(d: Data): LogEvent {
  return { 'user.name': d('SubjectUserName'), 'user.domain': d('SubjectDomainName'), 'user.id': d('SubjectUserSid') };
}

function target(d: Data): LogEvent {
  return { 'user.name': d('TargetUserName'), 'user.domain': d('TargetDomainName'), 'user.id': d('TargetUserSid') };
}

function address(d: Data): LogEvent {
  const ip = d('IpAddress');
  const port = d('IpPort');
  return { 'source.ip': ip !== undefined && isIP(ip) !== 0 ? ip : undefined, 'source.port': port !== undefined && port !== '0' ? port : undefined };
}

/** A process id as Windows writes it (`0x1a2c`) as the integer it is. */
function processId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^0x[0-9a-f]{1,12}$/i.test(value)) return String(Number.parseInt(value.slice(2), 16));
  return /^\d{1,12}$/.test(value) ? value : undefined;
}

function basename(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut >= 0 ? path.slice(cut + 1) || undefined : path;
}

/** A member of a group is named by its DN (`CN=Bob Smith,OU=…`): the account is the CN. */
function memberName(d: Data): string | undefined {
  const member = d('MemberName');
  if (member === undefined) return undefined;
  const cn = /^CN=(?<cn>(?:[^,\\]|\\.)+),/i.exec(member)?.groups?.['cn'];
  return cn === undefined ? member : cn.replace(/\\(.)/g, '$1');
}

function logonFailureReason(d: Data): string | undefined {
  const sub = d('SubStatus')?.toLowerCase();
  const status = d('Status')?.toLowerCase();
  const code = sub !== undefined && sub !== '0x0' && sub !== '0x00000000' ? sub : status;
  if (code === undefined) return undefined;
  return LOGON_FAILURE_REASONS[code] ?? `status ${code}`;
}

const AUTHENTICATION = ['authentication'];
const SESSION = ['authentication', 'session'];
const IAM = ['iam'];

/** Subject acts on a target account: user.name is who did it, user.target.name the account. */
function accountChange(action: string, type: readonly string[]): EventSpec {
  return { action, category: IAM, type, outcome: 'success', fields: (d) => ({ ...subject(d), 'user.target.name': d('TargetUserName') }) };
}

/** Subject changes a group (TargetUserName is the group's name) or its members. */
function groupChange(action: string, type: readonly string[]): EventSpec {
  return { action, category: IAM, type, outcome: 'success', fields: (d) => ({ ...subject(d), 'group.name': d('TargetUserName'), 'user.target.name': memberName(d) }) };
}

const SPECS: ReadonlyMap<string, EventSpec> = new Map<string, EventSpec>([
  ['4624', { action: 'logged-in', category: SESSION, type: ['start'], outcome: 'success', fields: (d) => ({ ...target(d), ...address(d), 'session.id': d('TargetLogonId') }) }],
  ['4625', { action: 'logon-failed', category: AUTHENTICATION, type: ['start'], outcome: 'failure', fields: (d) => ({ ...target(d), ...address(d), 'event.reason': logonFailureReason(d) }) }],
  ['4634', { action: 'logged-out', category: SESSION, type: ['end'], outcome: 'success', fields: (d) => ({ ...target(d), 'session.id': d('TargetLogonId') }) }],
  ['4647', { action: 'logged-out', category: SESSION, type: ['end'], outcome: 'success', fields: (d) => ({ ...target(d), 'session.id': d('TargetLogonId') }) }],
  [
    '4648',
    {
      action: 'explicit-credentials-logon',
      category: AUTHENTICATION,
      type: ['start'],
      outcome: 'success',
      fields: (d) => ({ ...subject(d), ...address(d), 'user.target.name': d('TargetUserName'), 'process.executable': d('ProcessName'), 'process.pid': processId(d('ProcessId')) }),
    },
  ],
  ['4672', { action: 'special-privileges-assigned', category: IAM, type: ['admin'], outcome: 'success', fields: (d) => ({ ...subject(d), 'session.id': d('SubjectLogonId') }) }],
  [
    '4688',
    {
      action: 'process-created',
      category: ['process'],
      type: ['start'],
      outcome: 'success',
      fields: (d) => ({
        ...subject(d),
        'process.executable': d('NewProcessName'),
        'process.name': basename(d('NewProcessName')),
        'process.command_line': d('CommandLine'),
        'process.pid': processId(d('NewProcessId')),
      }),
    },
  ],
  ['4720', accountChange('user-created', ['user', 'creation'])],
  ['4722', accountChange('user-enabled', ['user', 'change'])],
  ['4723', accountChange('password-changed', ['user', 'change'])],
  ['4724', accountChange('password-reset', ['user', 'change'])],
  ['4725', accountChange('user-disabled', ['user', 'change'])],
  ['4726', accountChange('user-deleted', ['user', 'deletion'])],
  ['4738', accountChange('user-changed', ['user', 'change'])],
  [
    '4740',
    {
      action: 'account-locked-out',
      category: IAM,
      type: ['user', 'change'],
      outcome: 'success',
      fields: (d) => ({ ...subject(d), 'user.target.name': d('TargetUserName'), 'event.reason': lockoutReason(d) }),
    },
  ],
  ['4727', groupChange('group-created', ['group', 'creation'])],
  ['4731', groupChange('group-created', ['group', 'creation'])],
  ['4754', groupChange('group-created', ['group', 'creation'])],
  ['4728', groupChange('group-member-added', ['group', 'change'])],
  ['4732', groupChange('group-member-added', ['group', 'change'])],
  ['4756', groupChange('group-member-added', ['group', 'change'])],
  ['4729', groupChange('group-member-removed', ['group', 'change'])],
  ['4733', groupChange('group-member-removed', ['group', 'change'])],
  ['4757', groupChange('group-member-removed', ['group', 'change'])],
  ['4730', groupChange('group-deleted', ['group', 'deletion'])],
  ['4734', groupChange('group-deleted', ['group', 'deletion'])],
  ['4758', groupChange('group-deleted', ['group', 'deletion'])],
  ['4735', groupChange('group-changed', ['group', 'change'])],
  ['4737', groupChange('group-changed', ['group', 'change'])],
  ['4755', groupChange('group-changed', ['group', 'change'])],
  ['1102', { action: 'audit-log-cleared', category: ['configuration'], type: ['deletion'], outcome: 'success', fields: (d) => subject(d) }],
  ['4719', { action: 'audit-policy-changed', category: ['configuration'], type: ['change'], outcome: 'success', fields: (d) => ({ ...subject(d), 'event.reason': policyReason(d) }) }],
]);

/** 4740 names the computer the locked-out logon came from in TargetDomainName ("Caller Computer Name"). */
function lockoutReason(d: Data): string {
  const caller = d('TargetDomainName') ?? d('CallerComputerName');
  return caller === undefined ? 'account locked out' : `account locked out; caller computer ${caller}`;
}

function policyReason(d: Data): string | undefined {
  const changes = d('AuditPolicyChanges');
  if (changes === undefined) return undefined;
  return changes
    .split(/,\s*/)
    .map((code) => POLICY_CHANGES[code.trim()] ?? code.trim())
    .join(', ');
}

/** The Security log's events: its channel, or its providers when a shipper leaves the channel out. */
function isSecurityEvent(record: WindowsRecord): boolean {
  if (record.channel !== undefined) return record.channel.toLowerCase() === 'security';
  return record.provider === 'Microsoft-Windows-Security-Auditing' || (record.eventId === '1102' && record.provider === 'Microsoft-Windows-Eventlog');
}

export function parseWindowsSecurity(input: ParseInput): Parsed | undefined {
  const record = windowsRecord(input);
  if (record === undefined || !isSecurityEvent(record)) return undefined;
  const spec = SPECS.get(record.eventId);
  if (spec === undefined) return undefined;
  const outcome = record.auditFailure === true ? 'failure' : spec.outcome;
  const fields: LogEvent = {
    'event.code': record.eventId,
    'event.action': spec.action,
    'event.category': [...spec.category],
    'event.type': [...spec.type],
    'event.outcome': outcome,
    'host.name': record.computer,
    ...spec.fields(dataOf(record)),
  };
  return { rule: `${record.shape}-${record.eventId}`, fields };
}

export const WINDOWS_SECURITY_PARSERS: readonly Parser[] = [
  {
    name: 'windows.security',
    description: 'Windows Security events (logon, privileges, process, account and group management, audit log and policy) as JSON from Winlogbeat, NXLog or OTLP',
    module: 'windows',
    detect: mayBeWindowsEvent,
    parse: parseWindowsSecurity,
  },
];
