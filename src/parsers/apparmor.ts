// AppArmor audit records as the kernel logs them ("audit: type=1400 audit(…): apparmor="DENIED" …")
// or auditd forwards them ("type=AVC msg=audit(…): apparmor=…"): denials and complain-mode
// allowances (R-EVENTS-1 access attempts, access-control alerts) and profile loads, replacements and
// removals (configuration change; a removed profile is a security control switched off). Strict: only
// records whose body starts with apparmor="…" are read, so auditd's other records stay the auditd
// parser's.
//
// ECS: a denial of a file operation → [file] [access, denied], outcome failure, file.path = name=; of
// a socket (class="net") → [network]; of anything else (capability, signal, ptrace, mount) →
// [process]. ALLOWED (complain mode) → [access, allowed], outcome success; AUDIT → [access, info].
// rule.name = the profile that decided; STATUS records → [configuration] [change], rule.name = the
// profile loaded (name=). event.code = the audit record type (1400 from the kernel, AVC from auditd).
import type { LogEvent } from '../schema/event.ts';
import { AUDIT_HEADER, auditWords, subjectProcess } from './lsm-common.ts';
import { patternParser, type Parser } from './parser.ts';

const STATUS_ACTIONS: Readonly<Record<string, string>> = {
  profile_load: 'apparmor-profile-loaded',
  profile_replace: 'apparmor-profile-replaced',
  profile_remove: 'apparmor-profile-removed',
};

const FILE_OPERATIONS = new Set([
  'open',
  'mknod',
  'rename_src',
  'rename_dest',
  'unlink',
  'rmdir',
  'mkdir',
  'link',
  'symlink',
  'chmod',
  'chown',
  'truncate',
  'exec',
  'file_perm',
  'file_mmap',
  'getattr',
  'setattr',
  'file_lock',
  'file_receive',
  'file_inherit',
]);

function category(words: ReadonlyMap<string, string>): string {
  const cls = words.get('class');
  if (cls === 'net' || cls === 'unix' || words.has('family')) return 'network';
  if (cls === 'file' || FILE_OPERATIONS.has(words.get('operation') ?? '') || (words.get('name') ?? '').startsWith('/')) return 'file';
  return 'process';
}

function statusFields(words: ReadonlyMap<string, string>): LogEvent {
  const operation = words.get('operation') ?? '';
  return {
    'event.category': ['configuration'],
    'event.type': ['change'],
    'event.action': STATUS_ACTIONS[operation] ?? 'apparmor-status',
    'event.outcome': words.has('error') ? 'failure' : 'success',
    'event.reason': words.get('info'),
    'rule.name': words.get('name'),
  };
}

function accessFields(verdict: string, words: ReadonlyMap<string, string>): LogEvent {
  const kind = category(words);
  const [type, outcome] = verdict === 'DENIED' || verdict === 'KILL' ? ['denied', 'failure'] : verdict === 'ALLOWED' ? ['allowed', 'success'] : ['info', 'success'];
  return {
    'event.category': [kind],
    'event.type': ['access', type ?? 'info'],
    'event.action': `apparmor-${verdict.toLowerCase()}`,
    'event.outcome': outcome,
    'event.reason': words.get('info'),
    'rule.name': words.get('profile'),
    'file.path': kind === 'file' ? words.get('name') : undefined,
  };
}

function apparmorFields(g: Readonly<Record<string, string | undefined>>): LogEvent {
  const words = auditWords(g['body'] ?? '');
  const verdict = g['verdict'] ?? '';
  const fields = verdict === 'STATUS' ? statusFields(words) : accessFields(verdict, words);
  return { ...fields, 'event.code': g['type'], ...subjectProcess(words.get('comm'), words.get('pid')) };
}

export const APPARMOR_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'apparmor',
    description: 'AppArmor denials, complain-mode allowances, audits and profile loads/removals from the kernel log or auditd',
    module: 'system',
    programs: ['kernel', 'audit', 'auditd'],
    rules: [
      {
        name: 'apparmor',
        needle: 'apparmor="',
        pattern: new RegExp(String.raw`^${AUDIT_HEADER}(?<body>apparmor="(?<verdict>DENIED|ALLOWED|AUDIT|STATUS|HINT|KILL)" .*)$`),
        fields: apparmorFields,
      },
    ],
  }),
];
