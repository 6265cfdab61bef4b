// Two paths, one meaning (R-ANALYSE-1, R-ANALYSE-3): Sigma rules written here and loaded by the real
// loader, generated events stored in the real embedded engine through the event store, and for every
// rule the sequence numbers the stored-data path (hunt(): the rule's predicate as parameterised SQL)
// selects equal those the stream matcher (RuleMatcher) accepts on the same events. Then the hunt's
// bounds: the time range, the row cap with its message, the scope, alerts never hunted.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_SYSTEMS, systemsScope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { MemoryDetectionHistory } from './correlation/history.ts';
import { DetectionEngine } from './engine/engine.ts';
import { RuleMatcher } from './engine/matcher.ts';
import { hunt, type HuntOptions } from './hunt.ts';
import { huntStatement } from './hunt-sql.ts';
import { loadRuleTexts } from './load.ts';
import type { DetectionRule, Rule, RuleSet } from './rule.ts';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const EVENTS = 1200;

/** A small deterministic generator (mulberry32): the same events on every run, varied enough to split every rule. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedEvents(): LogEvent[] {
  const next = random(12);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const users = ['root', 'Root', 'ROOT', 'alice', 'ALICE', 'bob', 'admin', 'svc-backup', ''];
  const ips = ['10.0.1.5', '10.0.200.7', '10.1.0.9', '192.168.1.20', '203.0.113.9', '2001:db8::7', 'unknown', ''];
  const urls = ['/index.html', '/a?file=../../etc/passwd', '/search?q=1 UNION SELECT pass', '/search?q=union%20select', '/img/logo.png', '/admin/login.php?x=1'];
  const messages = [
    (u: string, ip: string) => `Failed password for ${u} from ${ip} port 50022 ssh2`,
    (u: string, ip: string) => `Failed password for invalid user ${u} from ${ip} port 40000 ssh2`,
    (u: string, ip: string) => `Accepted publickey for ${u} from ${ip} port 51111 ssh2`,
    (u: string) => `pam_unix(sudo:session): session opened for user root by ${u}(uid=0)`,
    () => 'GET /index.html HTTP/1.1',
    () => 'kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP DPT=22',
    () => 'FAILED PASSWORD from somewhere',
  ];
  return Array.from({ length: EVENTS }, (_, i) => {
    const dataset = pick(['sshd', 'sshd', 'sudo', 'nginx.access', 'kernel-firewall', 'cron']);
    const user = pick(users);
    const ip = pick(ips);
    const event: LogEvent = {
      'event.sequence': i,
      // Several events share a millisecond: the order ties are broken by sequence.
      '@timestamp': T0 + Math.floor(i / 3) * 1000,
      'event.ingested': T0 + Math.floor(i / 3) * 1000 + 5,
      'event.kind': i % 97 === 13 ? 'alert' : 'event',
      'event.dataset': dataset,
      'process.name': { sshd: 'sshd', sudo: 'sudo', 'nginx.access': 'nginx', 'kernel-firewall': 'kernel', cron: 'CRON' }[dataset] as string,
      'event.outcome': pick(['success', 'failure', 'failure', 'unknown']),
      'event.action': pick(['ssh_login', 'sudo_command', 'connection_denied', 'http_request']),
      message: (pick(messages) as (u: string, ip: string) => string)(user || 'nobody', ip || '0.0.0.0'),
      'logwarden.system': pick(['web', 'auth', 'edge']),
      'host.name': pick(['web-1', 'db-1', 'fw-1']),
    };
    if (user !== '') event['user.name'] = user;
    if (ip !== '') event['source.ip'] = ip;
    if (dataset === 'nginx.access') {
      event['url.original'] = pick(urls);
      event['http.response.status_code'] = pick([200, 301, 403, 404, 500]);
    }
    if (dataset === 'kernel-firewall') {
      event['destination.port'] = pick([22, 80, 443, 1433, 3306, 3389, 5900, 8080]);
      event['event.type'] = [pick(['denied', 'allowed'])];
    }
    return event;
  });
}

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Sigma rules as users write them: each exercises a different part of the language. */
const RULES: readonly string[] = [
  // Case-insensitive equality, lists, AND of fields.
  `title: SSH failure as root
id: ${id(1)}
level: high
logsource: { product: linux, service: sshd }
detection:
  selection:
    event.outcome: failure
    user.name: [root, admin]
  condition: selection`,
  // contains with a list, and a filter by NOT.
  `title: Web attack in the query
id: ${id(2)}
level: medium
logsource: { category: webserver }
detection:
  selection:
    cs-uri-query|contains: ['../', 'union select']
  filter:
    sc-status: 404
  condition: selection and not filter`,
  // Keywords on the message, with a wildcard.
  `title: Failed password keyword
id: ${id(3)}
level: low
logsource: { product: linux, service: sshd }
detection:
  keywords:
    - 'failed password for invalid user'
    - 'Accepted * for ROOT'
  condition: keywords`,
  // cidr, 1 of with a wildcard name.
  `title: Internal source
id: ${id(4)}
level: informational
logsource: { product: linux, service: auth }
detection:
  selection_a:
    source.ip|cidr: 10.0.0.0/16
  selection_b:
    source.ip|cidr: '2001:db8::/32'
  condition: 1 of selection_*`,
  // Regular expression (case-insensitive flag) and startswith/endswith.
  `title: Odd user names
id: ${id(5)}
level: low
logsource: { product: linux, service: sshd }
detection:
  re:
    user.name|re|i: '^(al|sv)'
  ends:
    user.name|endswith: 'ckup'
  starts:
    message|startswith: 'accepted'
  condition: re or (ends and not starts)`,
  // Numbers: gte and lt on a port; all of.
  `title: Remote admin ports denied
id: ${id(6)}
level: medium
logsource: { category: firewall }
detection:
  low:
    dst_port|gte: 1000
  high:
    dst_port|lt: 4000
  denied:
    action: denied
  condition: all of them`,
  // null: the field is absent; contains|all.
  `title: Failure without a user
id: ${id(7)}
level: low
logsource: { product: linux, service: sshd }
detection:
  selection:
    user.name: null
    message|contains|all: ['failed', 'password']
  condition: selection`,
  // A wildcard inside an exact value, and exists.
  `title: Password from 10 dot
id: ${id(8)}
level: low
logsource: { product: linux, service: sshd }
detection:
  selection:
    message: '*password for * from 10.*'
    source.ip|exists: true
  condition: selection`,
  // A condition that cannot hold for most events: not of everything in a route.
  `title: Cron not from root
id: ${id(9)}
level: informational
logsource: { product: linux, service: cron }
detection:
  selection:
    user.name: root
  condition: not selection`,
];

/** Correlations over the rules above (Sigma correlations v2), chained: hunted by SQL, then the engine. */
const CORRELATIONS: readonly string[] = [
  `title: SSH root failures burst
id: ${id(101)}
name: root_burst
level: high
correlation:
  type: event_count
  rules: [${id(1)}]
  group-by: [source.ip]
  timespan: 30s
  condition: { gte: 2 }`,
  `title: Many users from one internal source
id: ${id(102)}
level: medium
correlation:
  type: value_count
  rules: [${id(4)}]
  group-by: [source.ip]
  timespan: 2m
  condition: { field: user.name, gte: 3 }`,
  `title: Burst then odd user
id: ${id(103)}
level: critical
correlation:
  type: temporal
  rules: [root_burst, ${id(5)}]
  group-by: [source.ip]
  timespan: 1m
  condition: { gte: 2 }`,
];

let dir: string;
let store: EventStore;
let set: RuleSet;
let events: LogEvent[];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-hunt-'));
  store = new EventStore(new ChdbEngine(dir));
  await store.open();
  events = generatedEvents();
  await store.insert(events);
  set = loadRuleTexts(
    [...RULES, ...CORRELATIONS].map((text, index) => ({ path: `rule-${index + 1}.yml`, text, ruleset: 'test' })),
    { placeholders: {} },
  );
});

after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const OPTIONS: HuntOptions = { scope: ALL_SYSTEMS, maxRows: 100_000, pageRows: 97, latenessMs: 60_000, maxEvidence: 100 };
const FROM = T0 - 1;
const TO = T0 + EVENTS * 1000;

function streamMatches(rule: DetectionRule, among: readonly LogEvent[]): number[] {
  const matcher = new RuleMatcher([rule]);
  return among.filter((event) => event['event.kind'] !== 'alert' && matcher.match(event).length > 0).map((event) => event['event.sequence'] as number);
}

describe('hunt: the stored-data path equals the stream matcher', () => {
  it('every rule written here loads', () => {
    assert.deepEqual(set.skipped, []);
    assert.equal(set.rules.length, RULES.length + CORRELATIONS.length);
  });

  it('for each rule, the sequence numbers hunt() selects are those RuleMatcher accepts (R-ANALYSE-1)', async () => {
    for (const rule of set.rules.filter((r): r is DetectionRule => r.kind === 'detection')) {
      const result = await hunt(store, set, rule, { from: FROM, to: TO }, OPTIONS);
      const expected = streamMatches(rule, events);
      assert.deepEqual(
        [...result.matched].sort((a, b) => a - b),
        expected,
        rule.title,
      );
      assert.equal(result.truncated, undefined);
    }
  });

  it('the rules split the events: each matches some and misses some, so the equality means something', async () => {
    for (const rule of set.rules.filter((r): r is DetectionRule => r.kind === 'detection')) {
      const count = streamMatches(rule, events).length;
      assert.ok(count > 0 && count < EVENTS / 2, `${rule.title}: ${count} of ${EVENTS}`);
    }
  });

  it('rows come in (timestamp, sequence) order across pages, each once', async () => {
    const rule = set.rules[0] as Rule;
    const result = await hunt(store, set, rule, { from: FROM, to: TO }, { ...OPTIONS, pageRows: 7 });
    assert.deepEqual(
      result.matched,
      [...result.matched].sort((a, b) => a - b),
    );
    assert.equal(new Set(result.matched).size, result.matched.length);
  });
});

describe('hunt: correlations, one meaning on both paths', () => {
  it('a correlation’s hunt makes exactly the detections the stream engine makes from all the events (R-ANALYSE-3)', async () => {
    for (const correlation of set.rules.filter((r) => r.kind === 'correlation')) {
      // The stream over every event and rule, except a correlation chained on this one (which
      // would hide its detections, Sigma's generate: false): hunted alone, it reports them.
      const rules = set.rules.filter((r) => !(r.kind === 'correlation' && r.rules.includes(correlation.id)));
      const stream = new DetectionEngine({ rules, skipped: [] }, { latenessMs: OPTIONS.latenessMs, maxEvidence: OPTIONS.maxEvidence, history: new MemoryDetectionHistory() });
      const expected = (await stream.process(events)).filter((detection) => detection.rule.id === correlation.id);
      assert.ok(expected.length > 0, `${correlation.title} fires on the stream`);
      const result = await hunt(store, set, correlation, { from: FROM, to: TO }, OPTIONS);
      assert.deepEqual(result.detections, expected, correlation.title);
    }
  });

  it('a correlation’s candidates are the union of the rules it reaches, chains followed', async () => {
    const chained = set.rules.find((r) => r.id === id(103)) as Rule;
    const result = await hunt(store, set, chained, { from: FROM, to: TO }, OPTIONS);
    const reached = [id(1), id(5)].map((ruleId) => new RuleMatcher([set.rules.find((r) => r.id === ruleId) as DetectionRule]));
    const union = events.filter((event) => event['event.kind'] !== 'alert' && reached.some((matcher) => matcher.match(event).length > 0)).map((event) => event['event.sequence'] as number);
    assert.deepEqual(result.matched, union);
  });

  it('a rule a correlation uses still makes detections when hunted on its own', async () => {
    const used = set.rules.find((r) => r.id === id(1)) as DetectionRule;
    assert.equal(used.generates, false);
    const result = await hunt(store, set, used, { from: FROM, to: TO }, OPTIONS);
    assert.deepEqual(
      result.detections.map((detection) => detection.events),
      result.matched.map((sequence) => [sequence]),
    );
  });
});

describe('hunt: bounds', () => {
  it('reads only the time range: from inclusive, to exclusive', async () => {
    const rule = set.rules[0] as DetectionRule;
    const from = T0 + 100_000;
    const to = T0 + 200_000;
    const result = await hunt(store, set, rule, { from, to }, OPTIONS);
    const inRange = events.filter((event) => (event['@timestamp'] as number) >= from && (event['@timestamp'] as number) < to);
    assert.deepEqual(result.matched, streamMatches(rule, inRange));
  });

  it('stops at the row cap and says where, so the user can narrow or continue', async () => {
    const rule = set.rules[3] as DetectionRule;
    const all = streamMatches(rule, events);
    const cap = Math.floor(all.length / 2);
    const result = await hunt(store, set, rule, { from: FROM, to: TO }, { ...OPTIONS, maxRows: cap, pageRows: 10 });
    assert.deepEqual(result.matched, all.slice(0, cap));
    assert.ok(result.truncated);
    assert.match(result.truncated.message, new RegExp(`stopped after ${cap} matching events .*narrow the time range`));
    assert.equal(result.truncated.last.sequence, all[cap - 1]);
    // Exactly at the cap is not truncated.
    const exact = await hunt(store, set, rule, { from: FROM, to: TO }, { ...OPTIONS, maxRows: all.length });
    assert.equal(exact.truncated, undefined);
    assert.equal(exact.matched.length, all.length);
  });

  it('reads only the caller’s scope', async () => {
    const rule = set.rules[0] as DetectionRule;
    const result = await hunt(store, set, rule, { from: FROM, to: TO }, { ...OPTIONS, scope: systemsScope(['auth']) });
    assert.deepEqual(
      result.matched,
      streamMatches(
        rule,
        events.filter((event) => event['logwarden.system'] === 'auth'),
      ),
    );
    const none = await hunt(store, set, rule, { from: FROM, to: TO }, { ...OPTIONS, scope: systemsScope([]) });
    assert.deepEqual(none.matched, []);
  });

  it('a sequence range reads the node’s records of that range', async () => {
    const rule = set.rules[0] as DetectionRule;
    const result = await hunt(store, set, rule, { sequences: { first: 300, end: 600, node: 'node-1' } }, OPTIONS);
    assert.deepEqual(result.matched, streamMatches(rule, events.slice(300, 600)));
  });

  it('never hunts alerts, as the stream never evaluates them', async () => {
    const rule = set.rules[0] as DetectionRule;
    const matcher = new RuleMatcher([rule]);
    const alerts = events.filter((event) => event['event.kind'] === 'alert' && matcher.match(event).length > 0);
    assert.ok(alerts.length > 0, 'some alert would match the rule');
    const result = await hunt(store, set, rule, { from: FROM, to: TO }, OPTIONS);
    for (const alert of alerts) assert.ok(!result.matched.includes(alert['event.sequence'] as number));
  });

  it('every value reaches the engine as a parameter, none pasted into the SQL', () => {
    const rule = set.rules[1] as DetectionRule;
    const statement = huntStatement(rule.predicate, { from: FROM, to: TO }, systemsScope(['auth']), { limit: 10 });
    for (const value of ['../', 'union select', 'auth']) assert.ok(!statement.sql.includes(value), value);
    assert.ok(Object.values(statement.params).some((value) => typeof value === 'string' && /union/i.test(value)));
  });
});
