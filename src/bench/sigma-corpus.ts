// A synthetic stand-in for SigmaHQ's Linux, network, web and application rules (their checkout
// cannot be fetched here), for the matcher bench: ~450 compiled detection rules of the same shapes
// — logsources routed to one or a few datasets; one to three selections joined by `and`/`1 of`,
// often with a `not filter`; contains/endswith/startswith lists of 3–20 values on command lines,
// executables, URLs and messages; keyword lists; some exact values, port lists, CIDR ranges and
// regexes; case-insensitive unless `cased`. The values are written here (generic indicators, no
// rule text copied). Deterministic: a seeded generator, so every run benches the same set.
import type { Predicate, SubstringAt } from '../query/predicate.ts';
import { allOf, anyOf } from '../query/predicate.ts';
import type { FieldSel } from '../query/predicate.ts';
import { FIELDS } from '../schema/fields.ts';
import type { Condition, DetectionRule, LogSource } from '../detection/rule.ts';

/** mulberry32: a small seeded generator, enough to vary shapes reproducibly. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
function some<T>(random: Random, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  const count = Math.min(pool.length, between(random, min, max));
  return Array.from({ length: count }, () => pool.splice(Math.floor(random() * pool.length), 1)[0]!);
}

export function sel(name: string): FieldSel {
  const def = FIELDS.find((field) => field.name === name);
  if (def === undefined) throw new Error(`no field ${name}`);
  return { def, name };
}

const strings = (field: string, at: SubstringAt, values: readonly string[], cased = false, all = false): Predicate => {
  const each = values.map((value): Predicate => ({ op: 'substring', field: sel(field), at, value, cased }));
  return all ? allOf(each) : anyOf(each);
};
const eq = (field: string, values: readonly string[]): Predicate => strings(field, 'equals', values);
const ports = (values: readonly number[]): Predicate => anyOf(values.map((value): Predicate => ({ op: 'compare', field: sel('destination.port'), cmp: '=', value, time: false })));
const datasets = (...names: string[]): Predicate => anyOf(names.map((value): Predicate => ({ op: 'substring', field: sel('event.dataset'), at: 'equals', value, cased: true })));

// prettier-ignore
const BINARIES = ['/nc', '/ncat', '/netcat', '/socat', '/base64', '/curl', '/wget', '/chmod', '/chown', '/crontab', '/useradd', '/usermod', '/passwd', '/python3', '/perl', '/ruby', '/php', '/bash', '/sh', '/dash', '/xxd', '/openssl', '/tar', '/dd', '/shred', '/iptables', '/ufw', '/systemctl', '/setenforce', '/auditctl', '/insmod', '/modprobe', '/nohup', '/at', '/ssh-keygen', '/find', '/awk', '/tcpdump', '/nmap', '/mkfifo'];
// prettier-ignore
const COMMAND_BITS = [' -e /bin/', '/dev/tcp/', '/dev/udp/', 'base64 -d', 'base64 --decode', '| bash', '| sh', 'chmod +x', 'chmod 777', '/tmp/.', 'curl -s', 'wget -q', ' -O- ', 'nohup ', '&>/dev/null', 'history -c', 'unset HISTFILE', 'HISTFILESIZE=0', '/etc/shadow', '/etc/sudoers', 'authorized_keys', '.ssh/id_rsa', 'LD_PRELOAD=', 'crontab -r', 'setenforce 0', 'auditctl -D', 'systemctl stop', 'systemctl disable', 'iptables -F', 'ufw disable', 'shred -u', 'rm -rf /var/log', 'xmrig', 'stratum+tcp', '--cpu-priority', 'python -c', 'import pty', 'pty.spawn', 'socket.socket', 'exec 5<>', 'mkfifo /tmp/', 'openssl s_client', '-nlvp', 'sekurlsa', 'linpeas', 'pspy', 'chattr -i', 'insmod ', 'modprobe -r', 'kill -9 1'];
// prettier-ignore
const URL_BITS = ['../', '..%2f', '%2e%2e%2f', '/etc/passwd', '/etc/shadow', 'cmd=', 'exec=', 'union select', 'union+select', "' or '1'='1", 'sleep(', 'benchmark(', 'information_schema', '<script', '%3cscript', 'onerror=', 'javascript:', 'document.cookie', '${jndi:', '%24%7bjndi', 'class.module.classloader', 'wp-config.php', '.env', '.git/config', 'phpinfo', 'eval(', 'base64_decode', 'system(', 'passthru', '/cgi-bin/', 'shell?', '/actuator/', 'web.config', 'xp_cmdshell', 'file://', 'gopher://', 'dict://', '169.254.169.254', '/proc/self/environ', 'php://input', 'data://'];
// prettier-ignore
const AGENTS = ['sqlmap', 'nikto', 'nmap', 'masscan', 'zgrab', 'dirbuster', 'gobuster', 'wpscan', 'nuclei', 'acunetix', 'netsparker', 'hydra', 'python-requests', 'go-http-client', 'curl/', 'wget/', 'libwww-perl', 'havij', 'jorgee', 'morfeus', 'zmeu', 'fimap', 'w3af', 'whatweb', 'censys'];
// prettier-ignore
const SYSLOG_WORDS = ['segfault at', 'Out of memory', 'Killed process', 'possible SYN flooding', 'BREAK-IN ATTEMPT', 'Did not receive identification string', 'Bad protocol version', 'authentication failure', 'FAILED SU', 'NOT in sudoers', 'incorrect password attempts', 'session opened for user root', 'new user:', 'new group:', 'delete user', 'password changed for', 'audit: backlog limit exceeded', 'apparmor="DENIED"', 'avc:  denied', 'martian source', 'ICMP flood', 'kernel panic', 'I/O error', 'EXT4-fs error', 'watchdog: BUG', 'rejecting I/O', 'invalid user', 'maximum authentication attempts', 'Corrupted MAC', 'Unable to negotiate'];
// prettier-ignore
const APP_WORDS = ['Traceback (most recent call last)', 'SuspiciousOperation', 'DisallowedHost', 'PermissionDenied', 'ActionController::RoutingError', 'ActiveRecord::StatementInvalid', 'java.lang.NullPointerException', 'java.lang.OutOfMemoryError', 'org.springframework.security', 'BadCredentialsException', 'UnknownHostException', 'SQLSyntaxErrorException', 'ORA-00933', 'syntax error at or near', 'Unclosed quotation mark', 'You have an error in your SQL syntax', 'ECONNREFUSED', 'UnhandledPromiseRejection', 'deserialization', 'ObjectInputStream', 'Template render error', 'jinja2.exceptions', 'velocity', 'freemarker', 'ognl', 'JndiLookup', 'ldap://', 'rmi://', 'InvalidSignatureException', 'token expired'];
// prettier-ignore
const DOMAINS = ['.onion', '.bit', 'pastebin.com', 'ngrok.io', 'duckdns.org', 'no-ip.org', 'transfer.sh', 'raw.githubusercontent.com', 'anonfiles.com', 'mega.nz', '.xyz', '.top', 'dyndns', 'serveo.net', 'portmap.io'];
const RISKY_PORTS = [4444, 1337, 31337, 6667, 6697, 9001, 9050, 5555, 12345, 23, 2323, 3389, 5900, 445, 135, 139, 1080, 8081, 4443, 9999];
const CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8', 'fc00::/7', 'fe80::/10'];
const AUDIT_TYPES = ['EXECVE', 'SYSCALL', 'PATH', 'USER_AUTH', 'USER_LOGIN', 'ADD_USER', 'DEL_USER', 'ADD_GROUP', 'USER_CHAUTHTOK', 'CONFIG_CHANGE', 'SERVICE_STOP', 'ANOM_PROMISCUOUS', 'USER_CMD'];
// prettier-ignore
const CRITICAL_PATHS = ['/etc/passwd', '/etc/shadow', '/etc/sudoers', '/etc/ssh/sshd_config', '/etc/pam.d/', '/etc/cron', '/var/spool/cron', '/etc/ld.so.preload', '/root/.ssh/', '/etc/systemd/system/', '/etc/audit/', '/boot/', '/lib/modules/', '/etc/hosts'];
// prettier-ignore
const REGEXES = ['[A-Za-z0-9+/]{40,}={0,2}', '(?:\\d{1,3}\\.){3}\\d{1,3}:\\d{2,5}', 'bash -i >& ?/dev/tcp', '(?:wget|curl) [^ ]+ ?\\| ?(?:ba)?sh', 'chmod [0-7]?[0-7]{3} /tmp/', '\\.\\./\\.\\./', 'select .+ from .+ where', 'eval\\(.*base64_decode'];

interface Shape {
  readonly logsource: LogSource;
  readonly route: Predicate;
  readonly share: number;
  readonly searches: (random: Random) => Record<string, Predicate>;
}

/** Selections the way SigmaHQ's process_creation rules read: an executable, its arguments, a filter. */
function processSearches(random: Random): Record<string, Predicate> {
  const searches: Record<string, Predicate> = {};
  const shape = random();
  // Most rules name an executable and its arguments; an executable alone is rare (too noisy).
  if (shape < 0.6) searches['selection_img'] = strings('process.executable', 'endswith', some(random, BINARIES, 1, 4));
  if (shape > 0.05 || searches['selection_img'] === undefined)
    searches['selection_cli'] = strings('process.command_line', 'contains', some(random, COMMAND_BITS, random() < 0.5 ? 1 : 3, random() < 0.5 ? 3 : 20), random() < 0.05, random() < 0.2);
  if (random() < 0.08) searches['selection_re'] = { op: 'regex', field: sel('process.command_line'), pattern: pick(random, REGEXES), cased: false };
  if (random() < 0.35)
    searches['filter'] = strings(
      random() < 0.5 ? 'process.executable' : 'process.command_line',
      random() < 0.5 ? 'startswith' : 'contains',
      some(random, ['/usr/lib/', '/opt/', '/snap/', 'ansible', 'puppet', 'apt-get', 'dpkg'], 1, 3),
    );
  return searches;
}

function auditdSearches(random: Random): Record<string, Predicate> {
  const searches: Record<string, Predicate> = {
    selection: allOf([
      eq('event.code', some(random, AUDIT_TYPES, 1, 2)),
      random() < 0.5 ? strings('process.command_line', 'contains', some(random, COMMAND_BITS, 1, 5)) : strings('file.path', 'startswith', some(random, CRITICAL_PATHS, 1, 6)),
    ]),
  };
  if (random() < 0.3) searches['filter'] = eq('user.name', ['root']);
  return searches;
}

function keywordSearches(words: readonly string[]) {
  return (random: Random): Record<string, Predicate> => {
    const searches: Record<string, Predicate> = { keywords: strings('message', 'contains', some(random, words, 3, 20), random() < 0.05) };
    if (random() < 0.15) searches['filter'] = strings('message', 'contains', some(random, ['debug', 'test', 'healthcheck'], 1, 2));
    return searches;
  };
}

function webSearches(random: Random): Record<string, Predicate> {
  const searches: Record<string, Predicate> = {};
  const kind = random();
  if (kind < 0.65) searches['selection'] = strings('url.original', 'contains', some(random, URL_BITS, 3, 20));
  else if (kind < 0.85) searches['selection'] = strings('user_agent.original', 'contains', some(random, AGENTS, 3, 15));
  else
    searches['selection'] = allOf([
      eq('http.request.method', [pick(random, ['POST', 'PUT'])]),
      strings('url.path', 'endswith', some(random, ['.php', '.jsp', '.aspx', '/login', '/admin', '/wp-login.php', '/xmlrpc.php', '/.env'], 1, 4)),
    ]);
  if (random() < 0.1) searches['selection_re'] = { op: 'regex', field: sel('url.original'), pattern: pick(random, REGEXES.slice(5)), cased: false };
  if (random() < 0.4)
    searches['filter'] = anyOf([404, 400, 301].slice(0, between(random, 1, 3)).map((value): Predicate => ({ op: 'compare', field: sel('http.response.status_code'), cmp: '=', value, time: false })));
  return searches;
}

function networkSearches(random: Random): Record<string, Predicate> {
  const kind = random();
  const searches: Record<string, Predicate> = {};
  if (kind < 0.4) searches['selection'] = ports(some(random, RISKY_PORTS, 1, 8));
  else if (kind < 0.7)
    searches['selection'] = allOf([
      ports(some(random, RISKY_PORTS, 1, 4)),
      { op: 'not', child: anyOf(some(random, CIDRS, 1, 3).map((range): Predicate => ({ op: 'ipRange', field: sel('source.ip'), range }))) },
    ]);
  else searches['selection'] = strings('url.domain', 'endswith', some(random, DOMAINS, 3, 12));
  if (random() < 0.2) searches['filter'] = eq('event.action', ['allowed', 'accept']);
  return searches;
}

const SHAPES: readonly Shape[] = [
  { logsource: { product: 'linux', category: 'process_creation' }, route: allOf([datasets('auditd'), eq('event.code', ['EXECVE'])]), share: 0.32, searches: processSearches },
  { logsource: { product: 'linux', service: 'auditd' }, route: datasets('auditd'), share: 0.1, searches: auditdSearches },
  { logsource: { product: 'linux', service: 'sshd' }, route: datasets('sshd'), share: 0.04, searches: keywordSearches(SYSLOG_WORDS) },
  { logsource: { product: 'linux', service: 'auth' }, route: datasets('sshd', 'sudo', 'su', 'login', 'pam', 'accounts'), share: 0.05, searches: keywordSearches(SYSLOG_WORDS) },
  { logsource: { product: 'linux' }, route: { op: 'const', value: true }, share: 0.04, searches: keywordSearches(SYSLOG_WORDS) },
  { logsource: { category: 'firewall' }, route: datasets('kernel-firewall'), share: 0.08, searches: networkSearches },
  { logsource: { category: 'proxy' }, route: datasets('nginx.access', 'apache.access'), share: 0.05, searches: networkSearches },
  { logsource: { category: 'webserver' }, route: datasets('nginx.access', 'apache.access'), share: 0.17, searches: webSearches },
  { logsource: { product: 'python' }, route: datasets('json-body', 'logfmt'), share: 0.05, searches: keywordSearches(APP_WORDS) },
  { logsource: { product: 'spring' }, route: datasets('json-body', 'logfmt', 'nginx.error', 'apache.error'), share: 0.05, searches: keywordSearches(APP_WORDS) },
  { logsource: { category: 'application' }, route: { op: 'const', value: true }, share: 0.05, searches: keywordSearches(APP_WORDS) },
];

/** `1 of selection_*` or `all of selection_*`, and `not filter` when there is one. */
function conditionOf(random: Random, names: readonly string[]): Condition {
  const positive = names.filter((name) => name !== 'filter').map((name): Condition => ({ op: 'search', name }));
  const joined: Condition = positive.length === 1 ? positive[0]! : { op: random() < 0.85 ? 'and' : 'or', children: positive };
  return names.includes('filter') ? { op: 'and', children: [joined, { op: 'not', child: { op: 'search', name: 'filter' } }] } : joined;
}

/** The condition with its searches put in, as the compiler gives `predicate`. */
export function conditionPredicate(condition: Condition, searches: Readonly<Record<string, Predicate>>): Predicate {
  switch (condition.op) {
    case 'search':
      return searches[condition.name]!;
    case 'and':
      return allOf(condition.children.map((child) => conditionPredicate(child, searches)));
    case 'or':
      return anyOf(condition.children.map((child) => conditionPredicate(child, searches)));
    case 'not':
      return { op: 'not', child: conditionPredicate(condition.child, searches) };
    case 'const':
      return { op: 'const', value: condition.value };
  }
}

function fieldsOf(p: Predicate, into: Set<string>): Set<string> {
  if (p.op === 'and' || p.op === 'or') for (const child of p.children) fieldsOf(child, into);
  else if (p.op === 'not') fieldsOf(p.child, into);
  else if ('field' in p) into.add(p.field.name);
  return into;
}

/** The corpus: `count` rules in the shapes' shares, the same for the same seed. */
export function sigmaCorpus(count = 450, seed = 12): DetectionRule[] {
  const random = seeded(seed);
  const rules: DetectionRule[] = [];
  for (const shape of SHAPES) {
    for (let i = 0; i < Math.round(count * shape.share); i++) {
      const searches = shape.searches(random);
      const condition = conditionOf(random, Object.keys(searches));
      const body = conditionPredicate(condition, searches);
      const id = `00000000-0000-4000-8000-${String(rules.length).padStart(12, '0')}`;
      rules.push({
        kind: 'detection',
        id,
        title: `Synthetic ${Object.values(shape.logsource).join('/')} rule ${i}`,
        revision: id.slice(-16).padStart(16, '0'),
        level: pick(random, ['low', 'medium', 'high'] as const),
        tags: [],
        ruleset: 'sigma-corpus',
        path: `synthetic/${rules.length}.yml`,
        logsource: shape.logsource,
        route: shape.route,
        searches,
        condition,
        predicate: allOf([shape.route, body]),
        fields: [...fieldsOf(body, new Set())],
        generates: true,
      });
    }
  }
  return rules;
}
