// Linux audit records as they reach a log server (docs/parsers.md, "auditd"): audit.log lines sent
// by rsyslog's imfile or the audisp-syslog plugin (`[node=H ]type=USER_AUTH msg=audit(EPOCH:SERIAL): …`,
// optionally ENRICHED with `\x1dUID="root" AUID="bob"`), the kernel's own printk of them when no
// auditd runs (`audit: type=1100 audit(EPOCH:SERIAL): …`), and journald's forwarding (`audit[pid]:
// USER_AUTH pid=…`). The record type becomes event.code and decides the ECS category; the fields
// (pid, auid, ses, acct, exe, comm, addr, res, key, the hex-encoded cmd= and EXECVE arguments…)
// fill the ECS fields they mean. AVC records and AppArmor lines are left to apparmor.ts and selinux.ts.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import { keyValueMap, readKeyValues, type KeyValue } from './key-values.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';
import { AUDIT_TYPE_NAMES, auditTypeSpec, type AuditTypeSpec } from './auditd-types.ts';

/** auid and ses when nobody logged in: (uint32)-1, which ausearch shows as `unset`. */
const UNSET = '4294967295';

/** audit.log, audisp and the kernel: `type=NAME msg=audit(…): body`, `audit: type=NNNN audit(…): body`. */
const HEADER = /^(?:\[ *\d+\.\d+\] )?(?:audit: )?(?:node=\S+ )?type=(?<type>[A-Z][A-Z0-9_]*|\d{4}) (?:msg=)?audit\((?<stamp>\d+\.\d+:\d+)\) ?: ?(?<body>[\s\S]*)$/;
/** journald's audit records (program `audit`): `USER_AUTH pid=… uid=…`. */
const JOURNALD = /^(?<type>[A-Z][A-Z0-9_]+) (?<body>[a-z][\w-]*=[\s\S]*)$/;

/** Fields whose unquoted values auditd writes in hex (they could hold spaces, quotes or control characters). */
const HEX_ENCODED = new Set(['acct', 'cmd', 'comm', 'exe', 'cwd', 'name', 'path', 'proctitle', 'key', 'grp', 'old-grp', 'new-grp', 'data']);
const ABSENT = new Set(['', '?', '(null)', '(none)', 'unset', '(unknown)', '(invalid user)']);

export interface AuditRecord {
  readonly type: string;
  /** `EPOCH.MS:SERIAL` of `audit(…)`: every record of one audit event (SYSCALL, EXECVE, PATH…) shares it. */
  readonly stamp?: string;
  /** The record's own fields, then those of its `msg='…'` (user-space records), the first of a key winning. */
  readonly fields: ReadonlyMap<string, KeyValue>;
  /** The ENRICHED names after the GS separator: UID, AUID, EUID… (upper-case keys). */
  readonly enriched: ReadonlyMap<string, KeyValue>;
}

/** A record without ENRICHED names: one empty map for all of them. */
const NO_PAIRS: ReadonlyMap<string, KeyValue> = new Map();

/** The audit record in `message`, or undefined when it is not one. */
export function readAuditRecord(message: string, program: string): AuditRecord | undefined {
  const header = HEADER.exec(message) ?? (program === 'audit' ? JOURNALD.exec(message) : null);
  if (header?.groups === undefined) return undefined;
  const { type: rawType = '', stamp, body = '' } = header.groups;
  const type = /^\d/.test(rawType) ? (AUDIT_TYPE_NAMES.get(Number(rawType)) ?? rawType) : rawType;
  const separator = enrichmentStart(body);
  const own = readKeyValues(separator < 0 ? body : body.slice(0, separator), { singleQuotes: true }) ?? [];
  const fields = keyValueMap(own);
  const msg = fields.get('msg');
  if (msg?.quoted) {
    fields.delete('msg');
    for (const pair of readKeyValues(msg.value) ?? []) if (!fields.has(pair.key)) fields.set(pair.key, pair);
  }
  const enriched = separator < 0 ? NO_PAIRS : keyValueMap(readKeyValues(body.slice(body[separator] === '\x1d' ? separator + 1 : separator + 4)) ?? []);
  return stamp === undefined ? { type, fields, enriched } : { type, stamp, fields, enriched };
}

/**
 * Where the ENRICHED names begin: the GS character, or `#035` as rsyslog relays it (its
 * EscapeControlCharactersOnReceive, on by default, writes control characters as `#` and octal).
 */
function enrichmentStart(body: string): number {
  const gs = body.indexOf('\x1d');
  if (gs >= 0) return gs;
  const escaped = body.indexOf('#035');
  return escaped >= 0 && /^[A-Z]/.test(body.slice(escaped + 4, escaped + 5)) ? escaped : -1;
}

/** A field's text: quoted as written, hex decoded when auditd encoded it, undefined when absent (`?`, `(null)`). */
export function auditValue(record: AuditRecord, key: string): string | undefined {
  const pair = record.fields.get(key);
  if (pair === undefined) return undefined;
  const value = !pair.quoted && HEX_ENCODED.has(key) && isHex(pair.value) ? decodeHex(pair.value) : pair.value;
  return ABSENT.has(value) ? undefined : value;
}

function isHex(value: string): boolean {
  return value.length >= 2 && value.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(value);
}

function decodeHex(value: string): string {
  return Buffer.from(value, 'hex').toString('utf8');
}

function enrichedName(record: AuditRecord, key: string): string | undefined {
  const value = record.enriched.get(key)?.value;
  return value === undefined || ABSENT.has(value) ? undefined : value;
}

function number(record: AuditRecord, key: string): string | undefined {
  const value = record.fields.get(key)?.value;
  return value !== undefined && /^\d{1,10}$/.test(value) && value !== UNSET ? value : undefined;
}

/** EXECVE's arguments a0…a(argc-1), long ones split into a1[0], a1[1]…, joined by spaces. */
export function execveCommandLine(record: AuditRecord): string | undefined {
  const argc = Number(record.fields.get('argc')?.value ?? '');
  if (!Number.isSafeInteger(argc) || argc <= 0) return undefined;
  const args: string[] = [];
  for (let index = 0; index < Math.min(argc, 4096); index++) {
    let arg = auditArg(record, `a${index}`);
    if (arg === undefined) {
      const parts: string[] = [];
      for (let part = 0; ; part++) {
        const piece = auditArg(record, `a${index}[${part}]`);
        if (piece === undefined) break;
        parts.push(piece);
      }
      if (parts.length === 0) break;
      arg = parts.join('');
    }
    args.push(arg);
  }
  return args.length > 0 ? args.join(' ') : undefined;
}

function auditArg(record: AuditRecord, key: string): string | undefined {
  const pair = record.fields.get(key);
  if (pair === undefined) return undefined;
  return !pair.quoted && isHexArg(pair.value) ? decodeHex(pair.value) : pair.value;
}

/** An unquoted EXECVE argument is always hex (auditd quotes every argument it does not encode). */
function isHexArg(value: string): boolean {
  return value.length % 2 === 0 && /^[0-9A-Fa-f]*$/.test(value);
}

function commandLine(record: AuditRecord): string | undefined {
  if (record.type === 'EXECVE') return execveCommandLine(record);
  if (record.type === 'PROCTITLE') return auditValue(record, 'proctitle')?.replaceAll('\0', ' ').trim();
  return auditValue(record, 'cmd');
}

const OUTCOMES: Readonly<Record<string, string>> = { success: 'success', yes: 'success', '1': 'success', failed: 'failure', no: 'failure', '0': 'failure' };

function outcome(record: AuditRecord): string | undefined {
  const res = record.fields.get('res')?.value ?? record.fields.get('success')?.value ?? record.fields.get('result')?.value;
  return res === undefined ? undefined : OUTCOMES[res];
}

const ADDRESS_KEYS = ['addr', 'hostname', 'laddr'] as const;

function address(record: AuditRecord): string | undefined {
  for (const key of ADDRESS_KEYS) {
    const value = record.fields.get(key)?.value;
    if (value !== undefined && isIP(value) !== 0) return value;
  }
  return undefined;
}

/** Who did it and whom it was done to: the acting login user (auid) versus the account the record names (acct); added to `fields`. */
function addUsers(record: AuditRecord, spec: AuditTypeSpec, fields: LogEvent): void {
  const acct = auditValue(record, 'acct');
  const actorId = number(record, 'auid') ?? number(record, 'uid');
  const actorName = enrichedName(record, 'AUID') ?? enrichedName(record, 'UID');
  const effective = enrichedName(record, 'EUID');
  let userName: string | undefined;
  if (spec.subject === 'acct') {
    userName = acct ?? actorName;
    put(fields, 'user.name', userName);
    put(fields, 'user.id', number(record, 'id') ?? (acct === undefined ? actorId : undefined));
  } else {
    userName = actorName ?? (spec.subject === 'actor' ? acct : undefined);
    put(fields, 'user.name', userName);
    put(fields, 'user.id', actorId);
    if (spec.subject === 'target-user') put(fields, 'user.target.name', acct ?? nonNumeric(auditValue(record, 'id')));
    if (spec.subject === 'target-group') put(fields, 'group.name', auditValue(record, 'grp') ?? acct ?? nonNumeric(auditValue(record, 'id')));
  }
  if (effective !== undefined && effective !== userName) fields['user.effective.name'] = effective;
}

/** A field only when the record gave it: the parser's answer carries no undefined values to skip. */
function put(fields: LogEvent, name: string, value: LogEvent[string]): void {
  if (value !== undefined) fields[name] = value;
}

function nonNumeric(value: string | undefined): string | undefined {
  return value === undefined || /^\d+$/.test(value) ? undefined : value;
}

function ruleKey(record: AuditRecord): string | undefined {
  return auditValue(record, 'key')?.split('\x01').join(',');
}

/** SERVICE_START/STOP name the service without its suffix (`unit=auditd`): the unit is `auditd.service`, as systemd.ts writes it. */
function serviceUnit(record: AuditRecord): string | undefined {
  if (record.type !== 'SERVICE_START' && record.type !== 'SERVICE_STOP') return undefined;
  const unit = auditValue(record, 'unit');
  return unit === undefined || /\.[a-z]+$/.test(unit) ? unit : `${unit}.service`;
}

/** The ECS fields of one record, in a fixed order (the order recognise.ts applies them). */
export function auditFields(record: AuditRecord): LogEvent {
  const spec = auditTypeSpec(record.type);
  const terminal = record.fields.get('terminal')?.value;
  const fields: LogEvent = { 'event.code': record.type };
  // One put a field rather than a list of [name, value] pairs: this runs for every audit line.
  put(fields, 'trace.id', record.stamp); // ties the records of one audit event together (R-FIELDS-1 correlation id)
  put(fields, 'event.category', spec.category);
  put(fields, 'event.type', spec.type);
  put(fields, 'event.action', spec.action);
  put(fields, 'event.outcome', outcome(record));
  put(fields, 'session.id', number(record, 'ses'));
  put(fields, 'source.ip', address(record));
  put(fields, 'process.pid', number(record, 'pid'));
  put(fields, 'process.executable', auditValue(record, 'exe'));
  put(fields, 'process.name', auditValue(record, 'comm'));
  put(fields, 'process.command_line', commandLine(record));
  put(fields, 'process.working_directory', auditValue(record, 'cwd'));
  put(fields, 'file.path', record.type === 'PATH' ? auditValue(record, 'name') : auditValue(record, 'path'));
  put(fields, 'rule.name', ruleKey(record));
  put(fields, 'event.reason', auditValue(record, 'reason'));
  put(fields, 'network.protocol', terminal === 'ssh' || terminal === 'sshd' ? 'ssh' : undefined);
  put(fields, 'systemd.unit', serviceUnit(record));
  addUsers(record, spec, fields);
  return fields;
}

/** AVC, SELinux and AppArmor records belong to selinux.ts and apparmor.ts. */
function leftToOthers(record: AuditRecord, message: string): boolean {
  return /AVC$|SELINUX_ERR$/.test(record.type) || message.includes('apparmor="');
}

function parse(input: ParseInput): Parsed | undefined {
  // The cheap test first: every audit.log, audisp and kernel record has `type=`; journald's form (program `audit`) an `=`.
  if (!input.message.includes(input.program === 'audit' ? '=' : 'type=')) return undefined;
  const record = readAuditRecord(input.message, input.program);
  if (record === undefined || leftToOthers(record, input.message)) return undefined;
  return { rule: auditTypeSpec(record.type).rule, fields: auditFields(record) };
}

export const AUDITD_PARSERS: readonly Parser[] = [
  {
    name: 'auditd',
    description: 'Linux audit records (audit.log via imfile, audisp-syslog, the kernel, journald), ENRICHED or RAW',
    module: 'auditd',
    programs: ['audisp-syslog', 'audispd', 'audit', 'auditd', 'kernel'],
    detect: ({ message }) => message.startsWith('type=') || message.startsWith('node='),
    parse,
  },
];
