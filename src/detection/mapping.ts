// The one table from Sigma to logwarden: logsources (product/category/service) → which stored events
// they mean (a route predicate), and Sigma field names → ECS fields, per logsource where they
// differ (web rules' `cs-uri-query` → `url.original`). docs/detection.md, "Field mapping", is
// generated from it (mapping-doc.ts) and a test keeps the two in step. Only what the parsers
// (src/parsers/, docs/parsers.md) really fill is listed: a field they never fill is left out on
// purpose, so a rule testing it is skipped (`unmapped field X`) instead of loading and never
// firing. Pure.
import type { FieldSel, Predicate } from '../query/predicate.ts';
import { allOf, anyOf, TRUE } from '../query/predicate.ts';
import type { FieldDef } from '../schema/fields.ts';
import { fieldByName } from '../schema/fields.ts';
import type { LogSource } from './rule.ts';
/**
 * One way to be in a route: every field named must hold one of the values. A value ending in `*`
 * is a prefix; a number is compared as an integer. Array fields (event.category) match on any element.
 */
export type RouteTerm = Readonly<Record<string, string | number | readonly (string | number)[]>>;

/** A named set of Sigma field names → ECS field names. */
export interface FieldGroup {
  readonly name: string;
  /** What the group's names come from, for the docs. */
  readonly about: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface LogsourceRow {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
  /** Any of these terms; an empty list is every event. */
  readonly route: readonly RouteTerm[];
  /** Field groups looked up in order; after them the generic names and ECS names themselves. */
  readonly groups: readonly FieldGroup[];
  /** Why the route is what it is, for the docs. */
  readonly note: string;
}

const AUDITD: FieldGroup = {
  name: 'auditd',
  about: 'Linux audit records, as SigmaHQ rules for `service: auditd` name their keys',
  fields: {
    type: 'event.code',
    key: 'rule.name',
    exe: 'process.executable',
    comm: 'process.name',
    pid: 'process.pid',
    cwd: 'process.working_directory',
    name: 'file.path',
    path: 'file.path',
    auid: 'user.id',
    acct: 'user.name',
    ses: 'session.id',
    addr: 'source.ip',
    cmd: 'process.command_line',
    proctitle: 'process.command_line',
    reason: 'event.reason',
  },
};

const PROCESS: FieldGroup = {
  name: 'process',
  about: 'Sigma’s process_creation taxonomy (Sysmon-style names)',
  fields: {
    Image: 'process.executable',
    CommandLine: 'process.command_line',
    CurrentDirectory: 'process.working_directory',
    ProcessId: 'process.pid',
    User: 'user.name',
    LogonId: 'session.id',
  },
};

const FILE: FieldGroup = {
  name: 'file',
  about: 'Sigma’s file_event taxonomy',
  fields: { TargetFilename: 'file.path', Image: 'process.executable', ProcessId: 'process.pid', User: 'user.name' },
};

const NETWORK: FieldGroup = {
  name: 'network',
  about: 'Sigma’s network_connection taxonomy',
  fields: {
    DestinationIp: 'destination.ip',
    DestinationPort: 'destination.port',
    SourceIp: 'source.ip',
    SourcePort: 'source.port',
    Protocol: 'network.transport',
  },
};

const FIREWALL: FieldGroup = {
  name: 'firewall',
  about: 'Sigma’s firewall taxonomy; `action` is `event.type`, which holds `denied` or `allowed`',
  fields: {
    src_ip: 'source.ip',
    dst_ip: 'destination.ip',
    src_port: 'source.port',
    dst_port: 'destination.port',
    protocol: 'network.transport',
    action: 'event.type',
  },
};

const WEB: FieldGroup = {
  name: 'web',
  about: 'W3C extended log names, as Sigma’s webserver taxonomy uses them',
  fields: {
    'cs-uri-query': 'url.original',
    'cs-uri': 'url.original',
    'cs-uri-stem': 'url.path',
    'cs-method': 'http.request.method',
    'sc-status': 'http.response.status_code',
    'c-ip': 'source.ip',
    'cs-user-agent': 'user_agent.original',
    'cs(User-Agent)': 'user_agent.original',
    'cs-referer': 'http.request.referrer',
    'cs(Referer)': 'http.request.referrer',
    'cs-host': 'url.domain',
    'cs(Host)': 'url.domain',
    'cs-username': 'user.name',
    'sc-bytes': 'http.response.body.bytes',
  },
};

const SUDO: FieldGroup = {
  name: 'sudo',
  about: 'sudo’s log line keys (`USER=` is the run-as user)',
  fields: { USER: 'user.effective.name', COMMAND: 'process.command_line', PWD: 'process.working_directory' },
};

const WINDOWS: FieldGroup = {
  name: 'windows',
  about: 'Windows Security event data names',
  fields: {
    EventID: 'event.code',
    SubjectUserName: 'user.name',
    SubjectDomainName: 'user.domain',
    SubjectUserSid: 'user.id',
    TargetUserName: 'user.target.name',
    TargetLogonId: 'session.id',
    IpAddress: 'source.ip',
    IpPort: 'source.port',
    NewProcessName: 'process.executable',
    ProcessName: 'process.executable',
    CommandLine: 'process.command_line',
    Computer: 'host.name',
  },
};

/** Names every logsource has: Sigma's keyword lists search the message. */
export const GENERIC: FieldGroup = {
  name: 'generic',
  about: 'every logsource; besides these, an ECS field name (and `labels.KEY`) names itself',
  fields: { keywords: 'message' },
};

export const FIELD_GROUPS: readonly FieldGroup[] = [AUDITD, PROCESS, FILE, NETWORK, FIREWALL, WEB, SUDO, WINDOWS, GENERIC];

const SYSLOG: RouteTerm = { 'logwarden.source.protocol': 'syslog*' };
/** shadow-utils' programs; the accounts parser reads them (docs/parsers.md). */
const ACCOUNT_TOOLS = ['useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'gpasswd', 'passwd', 'chpasswd', 'chage', 'newusers'];
const WEB_ACCESS: RouteTerm = { 'event.dataset': ['nginx.access', 'apache.access'] };
const WEB_ERROR: RouteTerm = { 'event.dataset': ['nginx.error', 'apache.error'] };

/** A Linux program's own log: what its parser read, or anything its syslog tag names. */
function program(service: string, dataset: string | readonly string[], programs: readonly string[], groups: readonly FieldGroup[] = []): LogsourceRow {
  return {
    product: 'linux',
    service,
    route: [{ 'event.dataset': dataset }, { 'process.name': programs }],
    groups,
    note: 'the parser’s events, and any line the program sent that no parser read',
  };
}

function web(product: string | undefined, category: string | undefined, service: string | undefined, route: readonly RouteTerm[], note: string): LogsourceRow {
  const row = { route, groups: [WEB], note };
  return { ...row, ...(product === undefined ? {} : { product }), ...(category === undefined ? {} : { category }), ...(service === undefined ? {} : { service }) };
}

export const LOGSOURCES: readonly LogsourceRow[] = [
  { product: 'linux', route: [SYSLOG, { 'event.module': ['system', 'auditd', 'iptables'] }], groups: [], note: 'everything sent over syslog, and what the Linux parsers read' },
  program('sshd', 'sshd', ['sshd*']),
  program('sudo', 'sudo', ['sudo'], [SUDO]),
  program('su', 'su', ['su']),
  program('login', 'login', ['login']),
  program('cron', 'cron', ['cron', 'crond', 'CRON', 'crontab', 'anacron']),
  program('systemd', 'systemd', ['systemd', 'init']),
  { product: 'linux', service: 'pam', route: [{ 'event.dataset': 'pam' }], groups: [], note: 'what the PAM parser read (PAM lines carry the calling program’s tag)' },
  // One tool's lines only: the accounts parser reads all of them, so its dataset alone would not tell them apart.
  ...ACCOUNT_TOOLS.map((tool): LogsourceRow => ({ product: 'linux', service: tool, route: [{ 'process.name': tool }], groups: [], note: 'the lines of that shadow-utils program' })),
  {
    product: 'linux',
    service: 'auth',
    route: [{ 'event.dataset': ['sshd', 'sudo', 'su', 'login', 'pam', 'accounts'] }, { 'log.syslog.facility.code': [4, 10] }],
    groups: [SUDO],
    note: '/var/log/auth.log: the authentication parsers’ events and facilities auth (4) and authpriv (10)',
  },
  {
    product: 'linux',
    service: 'auditd',
    route: [{ 'event.dataset': ['auditd', 'selinux', 'apparmor'] }],
    groups: [AUDITD],
    note: 'audit records, those the AppArmor and SELinux parsers read included',
  },
  { product: 'linux', service: 'syslog', route: [SYSLOG], groups: [], note: '/var/log/syslog: everything sent over syslog' },
  { product: 'linux', service: 'apparmor', route: [{ 'event.dataset': 'apparmor' }], groups: [AUDITD], note: 'what the AppArmor parser read' },
  { product: 'linux', service: 'selinux', route: [{ 'event.dataset': 'selinux' }], groups: [AUDITD], note: 'what the SELinux parser read' },
  {
    product: 'linux',
    category: 'process_creation',
    route: [
      { 'event.dataset': 'auditd', 'event.code': ['EXECVE', 'USER_CMD'] },
      { 'event.dataset': 'sudo', 'event.action': 'sudo-command' },
      { 'event.dataset': 'cron', 'event.action': 'cron-command' },
    ],
    groups: [PROCESS],
    note: 'auditd EXECVE and USER_CMD records, sudo’s and cron’s commands (no parent process is recorded)',
  },
  {
    product: 'linux',
    category: 'file_event',
    route: [{ 'event.dataset': 'auditd', 'event.code': 'PATH' }],
    groups: [FILE],
    note: 'auditd PATH records (which operation is not stored, so file_delete is not mapped)',
  },
  {
    product: 'linux',
    category: 'network_connection',
    route: [{ 'event.dataset': 'kernel-firewall' }],
    groups: [NETWORK],
    note: 'the kernel firewall’s packet lines (no process is recorded)',
  },
  { category: 'firewall', route: [{ 'event.dataset': 'kernel-firewall' }, { 'observer.type': 'firewall' }], groups: [FIREWALL], note: 'netfilter/ufw lines and any sender that says it is a firewall' },
  web(undefined, 'webserver', undefined, [WEB_ACCESS], 'nginx and Apache access logs'),
  web('apache', 'webserver', undefined, [{ 'event.dataset': 'apache.access' }], 'Apache access logs'),
  web('nginx', 'webserver', undefined, [{ 'event.dataset': 'nginx.access' }], 'nginx access logs'),
  web('apache', undefined, undefined, [{ 'event.dataset': ['apache.access', 'apache.error'] }], 'Apache access and error logs'),
  web('nginx', undefined, undefined, [{ 'event.dataset': ['nginx.access', 'nginx.error'] }], 'nginx access and error logs'),
  web('apache', undefined, 'access', [{ 'event.dataset': 'apache.access' }], 'Apache access logs'),
  web('nginx', undefined, 'access', [{ 'event.dataset': 'nginx.access' }], 'nginx access logs'),
  web('apache', undefined, 'error', [{ 'event.dataset': 'apache.error' }], 'Apache error logs'),
  web('nginx', undefined, 'error', [{ 'event.dataset': 'nginx.error' }], 'nginx error logs'),
  // A few SigmaHQ rules name the web server as the service alone.
  web(undefined, undefined, 'apache', [{ 'event.dataset': ['apache.access', 'apache.error'] }], 'Apache access and error logs'),
  web(undefined, undefined, 'nginx', [{ 'event.dataset': ['nginx.access', 'nginx.error'] }], 'nginx access and error logs'),
  web(undefined, 'webserver', 'error', [WEB_ERROR], 'nginx and Apache error logs'),
  { product: 'windows', service: 'security', route: [{ 'event.dataset': 'windows.security' }], groups: [WINDOWS], note: 'the Security channel, from Winlogbeat, NXLog or OTLP' },
  { product: 'cef', route: [{ 'event.module': 'cef' }], groups: [], note: 'CEF records (ECS names only)' },
  { product: 'leef', route: [{ 'event.module': 'leef' }], groups: [], note: 'LEEF records (ECS names only)' },
  { product: 'logwarden', route: [{ 'service.name': 'logwarden' }], groups: [], note: 'logwarden’s own events (sign-ins, exports, …)' },
];

/** `product=… category=… service=…`: how a logsource is named in reasons and docs (only the keys it has). */
export function describeLogsource(logsource: LogSource): string {
  const parts = (['product', 'category', 'service'] as const).filter((key) => logsource[key] !== undefined).map((key) => `${key}=${logsource[key]!}`);
  return parts.length === 0 ? '(none)' : parts.join(' ');
}

// Sigma's logsource values are lower-case words; a rule that capitalises one means the same source.
const keyOf = (product?: string, category?: string, service?: string): string => [product, category, service].map((part) => part?.toLowerCase() ?? '').join('|');

const ROWS = new Map(LOGSOURCES.map((row) => [keyOf(row.product, row.category, row.service), row]));

/** The table's row for a logsource: the one with exactly its product, category and service. */
export function logsourceRow(logsource: LogSource): LogsourceRow | undefined {
  return ROWS.get(keyOf(logsource.product, logsource.category, logsource.service));
}

function registryField(name: string): FieldDef {
  const def = fieldByName(name);
  if (def === undefined) throw new Error(`mapping names ${name}, which is not in the field registry`);
  return def;
}

function valuePredicate(field: FieldSel, value: string | number): Predicate {
  if (typeof value === 'number') return { op: 'compare', field, cmp: '=', value, time: false };
  if (value.endsWith('*')) return { op: 'substring', field, at: 'startswith', value: value.slice(0, -1), cased: true };
  return { op: 'substring', field, at: 'equals', value, cased: true };
}

function termPredicate(term: RouteTerm): Predicate {
  return allOf(
    Object.entries(term).map(([name, values]) => {
      const field: FieldSel = { def: registryField(name), name };
      return anyOf((Array.isArray(values) ? values : [values]).map((value: string | number) => valuePredicate(field, value)));
    }),
  );
}

/** A row's route as a predicate: any of its terms, every event when it has none. */
export function routePredicate(row: LogsourceRow): Predicate {
  return row.route.length === 0 ? TRUE : anyOf(row.route.map(termPredicate));
}

const ROUTES = new Map([...ROWS].map(([key, row]) => [key, routePredicate(row)]));

/** The events a logsource names, or undefined when logwarden has no such logs (the rule is skipped: `unknown logsource …`). */
export function routeFor(logsource: LogSource): Predicate | undefined {
  return ROUTES.get(keyOf(logsource.product, logsource.category, logsource.service));
}

/** An ECS name as a field: a registry field, or `labels.KEY`. */
export function ecsField(name: string): FieldSel | undefined {
  if (name.startsWith('labels.') && name.length > 'labels.'.length) return { def: registryField('labels'), name, key: name.slice('labels.'.length) };
  const def = fieldByName(name);
  return def === undefined || def.kind === 'map' ? undefined : { def, name };
}

/**
 * A Sigma field name → the ECS field it is stored in for that logsource, or undefined (`unmapped
 * field X`). The row's groups are looked up first, then the generic names, then the name as an ECS
 * field: so `User` in a process_creation rule is `user.name`, and `user.name` is itself everywhere.
 */
export function sigmaField(name: string, logsource: LogSource): FieldSel | undefined {
  const groups = [...(logsourceRow(logsource)?.groups ?? []), GENERIC];
  for (const group of groups) {
    if (Object.hasOwn(group.fields, name)) return ecsField(group.fields[name]!);
  }
  return ecsField(name);
}
