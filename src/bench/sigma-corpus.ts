// A synthetic stand-in for SigmaHQ's Linux, network, web and application rules (their checkout
// cannot be fetched here), for the matcher bench: ~500 Sigma rule files of the same shapes, loaded
// through the real loader and compiler (loadRuleTexts) so their routes and fields are the mapping's
// — process_creation, auditd, file_event, sshd/auth/syslog keyword rules, firewall and
// network_connection, webserver access and error logs, and proxy rules (which logwarden has no logs
// for: skipped, as an import of SigmaHQ's checkout skips them); one to three selections joined by
// `all of`/`1 of`, often with a `not filter`; contains/endswith/startswith lists of 3–20 values on
// command lines, executables, URLs and messages; keyword lists; exact values, port lists, CIDR
// ranges, regexes; `|cased` now and then. The values are written here (generic indicators, no rule
// text copied). Deterministic: a seeded generator, so every run benches the same set.
import { stringify } from 'yaml';
import { loadRuleTexts, type RuleText } from '../detection/load.ts';
import type { DetectionRule, LogSource, RuleSet } from '../detection/rule.ts';

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

/** A Sigma detection: search identifiers (a map of field|modifiers → values, or a keyword list) and the condition. */
type Search = Readonly<Record<string, unknown>> | readonly string[];
type Detection = Record<string, Search>;

// prettier-ignore
const BINARIES = ['/nc', '/ncat', '/netcat', '/socat', '/base64', '/curl', '/wget', '/chmod', '/chown', '/crontab', '/useradd', '/usermod', '/passwd', '/python3', '/perl', '/ruby', '/php', '/bash', '/sh', '/dash', '/xxd', '/openssl', '/tar', '/dd', '/shred', '/iptables', '/ufw', '/systemctl', '/setenforce', '/auditctl', '/insmod', '/modprobe', '/nohup', '/at', '/ssh-keygen', '/find', '/awk', '/tcpdump', '/nmap', '/mkfifo'];
// prettier-ignore
const COMMAND_BITS = [' -e /bin/', '/dev/tcp/', '/dev/udp/', 'base64 -d', 'base64 --decode', '| bash', '| sh', 'chmod +x', 'chmod 777', '/tmp/.', 'curl -s', 'wget -q', ' -O- ', 'nohup ', '&>/dev/null', 'history -c', 'unset HISTFILE', 'HISTFILESIZE=0', '/etc/shadow', '/etc/sudoers', 'authorized_keys', '.ssh/id_rsa', 'LD_PRELOAD=', 'crontab -r', 'setenforce 0', 'auditctl -D', 'systemctl stop', 'systemctl disable', 'iptables -F', 'ufw disable', 'shred -u', 'rm -rf /var/log', 'xmrig', 'stratum+tcp', '--cpu-priority', 'python -c', 'import pty', 'pty.spawn', 'socket.socket', 'exec 5<>', 'mkfifo /tmp/', 'openssl s_client', '-nlvp', 'sekurlsa', 'linpeas', 'pspy', 'chattr -i', 'insmod ', 'modprobe -r', 'kill -9 1'];
// prettier-ignore
const URL_BITS = ['../', '..%2f', '%2e%2e%2f', '/etc/passwd', '/etc/shadow', 'cmd=', 'exec=', 'union select', 'union+select', "' or '1'='1", 'sleep(', 'benchmark(', 'information_schema', '<script', '%3cscript', 'onerror=', 'javascript:', 'document.cookie', '${jndi:', '%24%7bjndi', 'class.module.classloader', 'wp-config.php', '.env', '.git/config', 'phpinfo', 'eval(', 'base64_decode', 'system(', 'passthru', '/cgi-bin/', 'shell.php', '/actuator/', 'web.config', 'xp_cmdshell', 'file://', 'gopher://', 'dict://', '169.254.169.254', '/proc/self/environ', 'php://input', 'data://'];
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
  readonly share: number;
  readonly detection: (random: Random) => Detection;
}

/** `|contains` now and then with `|all` or `|cased`, as SigmaHQ writes them. */
function contains(random: Random, field: string, values: readonly string[]): Record<string, readonly string[]> {
  const modifiers = ['contains', ...(random() < 0.15 ? ['all'] : []), ...(random() < 0.05 ? ['cased'] : [])];
  return { [`${field}|${modifiers.join('|')}`]: values };
}

/** process_creation: an executable and its arguments (an executable alone is rare: too noisy), a filter. */
function processDetection(random: Random): Detection {
  const detection: Detection = {};
  const shape = random();
  if (shape < 0.6) detection['selection_img'] = { 'Image|endswith': some(random, BINARIES, 1, 4) };
  if (shape > 0.05 || detection['selection_img'] === undefined)
    detection['selection_cli'] = contains(random, 'CommandLine', some(random, COMMAND_BITS, random() < 0.5 ? 1 : 3, random() < 0.5 ? 3 : 20));
  if (random() < 0.08) detection['selection_re'] = { 'CommandLine|re': pick(random, REGEXES.slice(0, 5)) };
  if (random() < 0.35)
    detection['filter'] =
      random() < 0.5 ? { 'Image|startswith': some(random, ['/usr/lib/', '/opt/', '/snap/'], 1, 3) } : { 'CommandLine|contains': some(random, ['ansible', 'puppet', 'apt-get', 'dpkg'], 1, 3) };
  return detection;
}

function auditdDetection(random: Random): Detection {
  const target = random() < 0.5 ? contains(random, 'cmd', some(random, COMMAND_BITS, 1, 5)) : { 'name|startswith': some(random, CRITICAL_PATHS, 1, 6) };
  const detection: Detection = { selection: { type: some(random, AUDIT_TYPES, 1, 2), ...target } };
  if (random() < 0.3) detection['filter'] = { acct: 'root' };
  return detection;
}

function fileDetection(random: Random): Detection {
  return { selection: { 'TargetFilename|startswith': some(random, CRITICAL_PATHS, 2, 8) }, ...(random() < 0.3 ? { filter: { 'Image|endswith': ['/dpkg', '/rpm', '/yum'] } } : {}) };
}

function keywordDetection(words: readonly string[]) {
  return (random: Random): Detection => {
    const detection: Detection = { keywords: some(random, words, 3, 20) };
    if (random() < 0.15) detection['filter'] = some(random, ['debug', 'healthcheck', 'test run'], 1, 2);
    return detection;
  };
}

function webDetection(random: Random): Detection {
  const kind = random();
  const detection: Detection = {};
  if (kind < 0.65) detection['selection'] = contains(random, 'cs-uri-query', some(random, URL_BITS, 3, 20));
  else if (kind < 0.85) detection['selection'] = contains(random, 'cs-user-agent', some(random, AGENTS, 3, 15));
  else
    detection['selection'] = { 'cs-method': pick(random, ['POST', 'PUT']), 'cs-uri-stem|endswith': some(random, ['.php', '.jsp', '.aspx', '/admin', '/wp-login.php', '/xmlrpc.php', '/.env'], 1, 4) };
  if (random() < 0.1) detection['selection_re'] = { 'cs-uri-query|re': pick(random, REGEXES.slice(5)) };
  if (random() < 0.4) detection['filter'] = { 'sc-status': [404, 400, 301].slice(0, between(random, 1, 3)) };
  return detection;
}

function networkDetection(ports: string, address: string) {
  return (random: Random): Detection => {
    const kind = random();
    if (kind < 0.5) return { selection: { [ports]: some(random, RISKY_PORTS, 1, 8) } };
    return { selection: { [ports]: some(random, RISKY_PORTS, 1, 4) }, filter: { [`${address}|cidr`]: some(random, CIDRS, 1, 3) } };
  };
}

function proxyDetection(random: Random): Detection {
  return { selection: { 'c-uri|endswith': some(random, DOMAINS, 3, 12) } };
}

const SHAPES: readonly Shape[] = [
  { logsource: { product: 'linux', category: 'process_creation' }, share: 0.3, detection: processDetection },
  { logsource: { product: 'linux', service: 'auditd' }, share: 0.09, detection: auditdDetection },
  { logsource: { product: 'linux', category: 'file_event' }, share: 0.03, detection: fileDetection },
  { logsource: { product: 'linux', service: 'sshd' }, share: 0.04, detection: keywordDetection(SYSLOG_WORDS) },
  { logsource: { product: 'linux', service: 'auth' }, share: 0.05, detection: keywordDetection(SYSLOG_WORDS) },
  { logsource: { product: 'linux' }, share: 0.04, detection: keywordDetection(SYSLOG_WORDS) },
  { logsource: { category: 'firewall' }, share: 0.07, detection: networkDetection('dst_port', 'src_ip') },
  { logsource: { product: 'linux', category: 'network_connection' }, share: 0.03, detection: networkDetection('DestinationPort', 'DestinationIp') },
  { logsource: { category: 'webserver' }, share: 0.18, detection: webDetection },
  { logsource: { category: 'webserver', service: 'error' }, share: 0.04, detection: keywordDetection(APP_WORDS) },
  { logsource: { product: 'linux', service: 'syslog' }, share: 0.05, detection: keywordDetection(APP_WORDS) },
  { logsource: { category: 'proxy' }, share: 0.08, detection: proxyDetection },
];

/** `1 of selection*` or `all of selection*`, and `not filter` when there is one. */
function conditionOf(random: Random, names: readonly string[]): string {
  const positive = names.filter((name) => name !== 'filter');
  const joined = positive.length === 1 ? positive[0]! : random() < 0.85 ? 'all of selection*' : '1 of selection*';
  return names.includes('filter') ? `${joined} and not filter` : joined;
}

/** The corpus as rule files: `count` of them in the shapes' shares, the same for the same seed. */
export function sigmaCorpusTexts(count = 500, seed = 12): RuleText[] {
  const random = seeded(seed);
  const texts: RuleText[] = [];
  for (const shape of SHAPES) {
    for (let i = 0; i < Math.round(count * shape.share); i++) {
      const detection = shape.detection(random);
      const rule = {
        title: `Synthetic ${Object.values(shape.logsource).join('/')} rule ${i}`,
        id: `00000000-0000-4000-8000-${String(texts.length).padStart(12, '0')}`,
        status: 'test',
        logsource: shape.logsource,
        detection: { ...detection, condition: conditionOf(random, Object.keys(detection)) },
        level: pick(random, ['low', 'medium', 'high']),
      };
      texts.push({ path: `synthetic/${texts.length}.yml`, text: stringify(rule), ruleset: 'sigma-corpus' });
    }
  }
  return texts;
}

/** The corpus loaded and compiled: what an import of it would run, and what it would skip. */
export function sigmaCorpusSet(count?: number, seed?: number): RuleSet {
  return loadRuleTexts(sigmaCorpusTexts(count, seed), { placeholders: {} });
}

/** The corpus's detection rules. */
export function sigmaCorpus(count?: number, seed?: number): DetectionRule[] {
  return sigmaCorpusSet(count, seed).rules.filter((rule): rule is DetectionRule => rule.kind === 'detection');
}
