// SELinux access vector cache (AVC) records: "avc:  denied  { read write } for  pid=… comm="…"
// name="…" … scontext=… tcontext=… tclass=file permissive=0", as the kernel logs them (behind
// "audit: type=1400 audit(…): ") or auditd writes them (behind "type=AVC msg=audit(…): ")
// (R-EVENTS-1 access attempts and access-control alerts). Strict: only records whose body is an
// "avc:" record are read; auditd's other records stay the auditd parser's.
//
// ECS: tclass decides the category: file-like classes → [file], sockets → [network], everything else
// → [process]. denied → [access, denied]; granted (auditallow rules) → [access, allowed]. A denial
// with permissive=1 was logged but not enforced: the access went ahead, so its outcome is success and
// event.reason says permissive. rule.name = the type of scontext (the domain whose policy decided,
// e.g. httpd_t), as AppArmor's rule.name is the confining profile. file.path = path= when given,
// else name= (which is only the last component of the path). USER_AVC records (systemd's and D-Bus's
// own checks, the AVC text inside msg='…') are read the same way; their auid= is user.id.
import type { LogEvent } from '../schema/event.ts';
import { AUDIT_HEADER, auditWords, subjectProcess } from './lsm-common.ts';
import { patternParser, type Parser } from './parser.ts';

const FILE_CLASSES = new Set(['file', 'dir', 'lnk_file', 'chr_file', 'blk_file', 'sock_file', 'fifo_file', 'filesystem']);

function category(tclass: string): string {
  if (FILE_CLASSES.has(tclass)) return 'file';
  if (tclass.endsWith('_socket') || tclass === 'node' || tclass === 'netif' || tclass === 'peer' || tclass === 'packet') return 'network';
  return 'process';
}

/** The type of an SELinux context user:role:type[:level]. */
function contextType(context: string | undefined): string | undefined {
  return context?.split(':')[2];
}

/** A socket record's addresses and ports (dest= of a D-Bus record is a bus name, so only for sockets). */
function addresses(words: ReadonlyMap<string, string>): LogEvent {
  const port = (value: string | undefined): string | undefined => (value !== undefined && /^\d{1,5}$/.test(value) ? value : undefined);
  return { 'source.ip': words.get('saddr'), 'source.port': port(words.get('src')), 'destination.ip': words.get('daddr'), 'destination.port': port(words.get('dest')) };
}

/** The login uid a user-space record names (auid=), unless it is the kernel's "unset" 4294967295. */
function userId(auid: string | undefined): string | undefined {
  return auid === undefined || auid === '4294967295' || auid === '-1' ? undefined : auid;
}

function avcFields(g: Readonly<Record<string, string | undefined>>): LogEvent {
  const words = auditWords(g['body'] ?? '');
  const kind = category(words.get('tclass') ?? '');
  const denied = g['verdict'] === 'denied';
  const permissive = words.get('permissive') === '1';
  return {
    'event.category': [kind],
    'event.type': ['access', denied ? 'denied' : 'allowed'],
    'event.action': denied ? 'selinux-denied' : 'selinux-granted',
    'event.outcome': denied && !permissive ? 'failure' : 'success',
    'event.reason': denied && permissive ? 'permissive: logged, not enforced' : undefined,
    'event.code': g['type'] ?? 'AVC',
    'rule.name': contextType(words.get('scontext')),
    'file.path': kind === 'file' ? (words.get('path') ?? words.get('name')) : undefined,
    ...(kind === 'network' ? addresses(words) : {}),
    'user.id': userId(words.get('auid')),
    ...subjectProcess(words.get('comm'), words.get('pid')),
  };
}

export const SELINUX_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'selinux',
    description: 'SELinux AVC denials and grants from the kernel log or auditd',
    module: 'system',
    programs: ['kernel', 'audit', 'auditd'],
    rules: [
      {
        name: 'avc',
        needle: 'avc:',
        pattern: new RegExp(String.raw`^(?:${AUDIT_HEADER})?avc: +(?<verdict>denied|granted) +\{ (?<permissions>[a-z_0-9 ]+) \} for +(?<body>.*\btclass=[a-z_0-9]+.*)$`),
        fields: avcFields,
      },
      {
        // A user-space object manager's check (systemd, D-Bus): the AVC text is inside msg='…'.
        name: 'user-avc',
        needle: "msg='avc:",
        pattern: new RegExp(String.raw`^${AUDIT_HEADER}[^']*?msg='avc: +(?<verdict>denied|granted) +\{ (?<permissions>[a-z_0-9 ]+) \} for +(?<body>[^']*\btclass=[a-z_0-9]+[^']*)'$`),
        fields: avcFields,
      },
    ],
  }),
];
