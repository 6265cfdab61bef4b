// The rules routes through Fastify with the real auth hook, token store, error mapping, rule loader,
// engine and event store (chDB), and a small real DetectionService over two rule directories:
// listing loaded and skipped rules, finding one (LW_RULE_UNKNOWN, LW_RULE_INVALID with the reason),
// importing files (admin only; unsafe paths, bad YAML, unknown logsource and unmapped fields
// listed with why, nothing but loading files kept), testing a rule on NDJSON and syslog lines, and
// hunting over stored events (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { MaskingProfiles } from '../access/masking.ts';
import { TokenStore } from '../access/tokens.ts';
import { RoleSet } from '../access/roles.ts';
import { SessionStore } from '../access/sessions.ts';
import { importResponse, ruleResponse, rulesListResponse, testResponse, huntResponse } from '../contracts/rules.ts';
import { configSchema } from '../config/schema.ts';
import { loadRuleSet, type RuleSource } from '../detection/load.ts';
import type { RuleSet } from '../detection/rule.ts';
import type { DetectionService } from '../detection/service.ts';
import { readRuleFiles } from '../detection/rule-files.ts';
import { createAuthHook } from '../http/auth.ts';
import { nativeErrorHandler } from '../http/error-reply.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { registerRuleRoutes } from './rule-routes.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const uuid = (n: number): string => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

const SSH_FAILED = `title: SSH failed password
id: ${uuid(1)}
name: ssh_failed
level: medium
tags: [attack.t1110]
logsource: { product: linux, service: sshd }
detection:
  selection:
    event.outcome: failure
    event.reason: password
  condition: selection
`;

const SSH_BURST = `title: SSH failures burst
id: ${uuid(2)}
level: high
correlation:
  type: event_count
  rules: [ssh_failed]
  group-by: [source.ip]
  timespan: 1m
  condition: { gte: 3 }
`;

const WINDOWS_RULE = `title: Whoami on Windows
id: ${uuid(3)}
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;

const UNMAPPED = `title: Unmapped field
id: ${uuid(4)}
level: low
logsource: { product: linux, service: sshd }
detection:
  selection:
    NoSuchSigmaField: x
  condition: selection
`;

const SUDO_ROOT = `title: Sudo to root
id: ${uuid(5)}
level: low
logsource: { product: linux, service: sudo }
detection:
  selection:
    user.effective.name: root
  condition: selection
`;

class DirectoryService implements DetectionService {
  readonly importDir: string;
  readonly #sources: RuleSource[];
  #set: RuleSet = { rules: [], skipped: [] };
  reloads = 0;

  constructor(base: string) {
    this.importDir = path.join(base, 'imported');
    this.#sources = [
      { ruleset: 'site', dir: path.join(base, 'site') },
      { ruleset: 'imported', dir: this.importDir },
    ];
  }

  ruleSet(): RuleSet {
    return this.#set;
  }

  async reload(): Promise<RuleSet> {
    this.reloads++;
    this.#set = await loadRuleSet(this.#sources, { placeholders: {} });
    return this.#set;
  }
}

function failedLogin(sequence: number, at: number, ip: string): LogEvent {
  return {
    'event.sequence': sequence,
    '@timestamp': at,
    'event.ingested': at,
    'event.kind': 'event',
    'event.dataset': 'sshd',
    'event.outcome': 'failure',
    'event.reason': 'password',
    'source.ip': ip,
    'user.name': 'root',
    message: `Failed password for root from ${ip} port 50000 ssh2`,
    'logwarden.system': 'auth',
  };
}

/** A custom role that may hunt and test, through the third-party profile (R-MASK-1). */
const MASKED_HUNTER = { name: 'masked-hunter', description: '', permissions: ['rules.read' as const], masking: 'third-party' };

describe('rules routes', () => {
  let base: string;
  let app: FastifyInstance;
  let store: EventStore;
  let service: DirectoryService;
  let admin: string;
  let reader: string;
  let maskedHunter: string;
  const recorded: string[] = [];

  before(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'lw-rule-routes-'));
    await mkdir(path.join(base, 'site'), { recursive: true });
    await mkdir(path.join(base, 'imported'), { recursive: true });
    await writeFile(path.join(base, 'site', 'ssh_failed.yml'), SSH_FAILED);
    await writeFile(path.join(base, 'site', 'ssh_burst.yml'), SSH_BURST);
    await writeFile(path.join(base, 'site', 'windows.yml'), WINDOWS_RULE);
    service = new DirectoryService(base);
    await service.reload();
    const clock = new ManualClock(NOW);
    const tokens = new TokenStore(TokenStore.secretsDir(base));
    admin = (await readFile((await tokens.open(base, NOW)) as string, 'utf8')).trim();
    reader = (await tokens.create('analyst', 'reader', { now: NOW })).token;
    maskedHunter = (await tokens.create('vendor', 'masked-hunter', { now: NOW })).token;
    store = new EventStore(new ChdbEngine(path.join(base, 'clickhouse')));
    await store.open();
    // Four failures from one address within a minute, two from another, an hour ago.
    const t = NOW - 3_600_000;
    await store.insert([
      failedLogin(0, t, '203.0.113.9'),
      failedLogin(1, t + 5_000, '203.0.113.9'),
      failedLogin(2, t + 9_000, '198.51.100.4'),
      failedLogin(3, t + 20_000, '203.0.113.9'),
      failedLogin(4, t + 40_000, '198.51.100.4'),
      failedLogin(5, t + 50_000, '203.0.113.9'),
    ]);
    const config = configSchema.parse({});
    app = Fastify({ logger: false });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.addHook(
      'onRequest',
      createAuthHook({
        access: { tokens, sessions: new SessionStore({}), roles: new RoleSet([MASKED_HUNTER]) },
        limits: config.http.authThrottle,
        metrics: createMetrics(),
        logger: createLogger('silent'),
        clock,
      }),
    );
    app.setErrorHandler(nativeErrorHandler(createLogger('silent')));
    const masking = new MaskingProfiles(config.access.masking, TokenStore.secretsDir(base));
    await masking.open();
    registerRuleRoutes(app, { detection: service, store, config, record: async (action, message) => void recorded.push(`${action}: ${message}`), clock, access: { masking } });
  });

  after(async () => {
    await app.close();
    await store.close();
    await rm(base, { recursive: true, force: true });
  });

  const get = (url: string, token = reader) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const post = (url: string, payload: unknown, token = reader) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const errorOf = (body: string): { code: string; message: string } => (JSON.parse(body) as { error: { code: string; message: string } }).error;

  it('GET /api/v1/rules lists loaded rules and the skipped ones with why, filtered by ruleset and state', async () => {
    const all = rulesListResponse.parse((await get('/api/v1/rules')).json());
    assert.deepEqual(
      all.rules.map((rule) => [rule.title, rule.kind, rule.type, rule.ruleset, rule.path]),
      [
        ['SSH failures burst', 'correlation', 'event_count', 'site', 'ssh_burst.yml'],
        ['SSH failed password', 'detection', 'detection', 'site', 'ssh_failed.yml'],
      ],
    );
    assert.deepEqual(all.rules[1]?.tags, ['attack.t1110']);
    assert.deepEqual(all.rules[1]?.logsource, { product: 'linux', service: 'sshd' });
    assert.equal(all.skipped.length, 1);
    assert.equal(all.skipped[0]?.path, 'windows.yml');
    assert.match(all.skipped[0]?.reason ?? '', /unknown logsource product=windows category=process_creation/);
    const loaded = rulesListResponse.parse((await get('/api/v1/rules?state=loaded')).json());
    assert.deepEqual([loaded.rules.length, loaded.skipped.length], [2, 0]);
    const skipped = rulesListResponse.parse((await get('/api/v1/rules?state=skipped')).json());
    assert.deepEqual([skipped.rules.length, skipped.skipped.length], [0, 1]);
    const none = rulesListResponse.parse((await get('/api/v1/rules?ruleset=imported')).json());
    assert.deepEqual([none.rules.length, none.skipped.length], [0, 0]);
    assert.equal((await get('/api/v1/rules?state=maybe')).statusCode, 400);
  });

  it('GET /api/v1/rules/:id finds a rule by id, name or title; LW_RULE_UNKNOWN otherwise; a skipped one is LW_RULE_INVALID with why', async () => {
    for (const ref of [uuid(1), 'ssh_failed', 'ssh FAILED password']) {
      const response = await get(`/api/v1/rules/${encodeURIComponent(ref)}`);
      assert.equal(response.statusCode, 200, ref);
      const { rule } = ruleResponse.parse(response.json());
      assert.equal(rule.id, uuid(1));
      assert.deepEqual(rule.fields, ['event.outcome', 'event.reason']);
    }
    const correlation = ruleResponse.parse((await get(`/api/v1/rules/${uuid(2)}`)).json()).rule;
    assert.deepEqual([correlation.rules, correlation.groupBy, correlation.timespanMs], [[uuid(1)], ['source.ip'], 60_000]);
    const unknown = await get('/api/v1/rules/no-such-rule');
    assert.equal(unknown.statusCode, 404);
    assert.equal(errorOf(unknown.body).code, 'LW_RULE_UNKNOWN');
    const skipped = await get(`/api/v1/rules/${uuid(3)}`);
    assert.equal(skipped.statusCode, 400);
    assert.equal(errorOf(skipped.body).code, 'LW_RULE_INVALID');
    assert.match(errorOf(skipped.body).message, /unknown logsource product=windows/);
  });

  it('POST /api/v1/rules/import needs admin: a read token cannot import', async () => {
    const before = service.reloads;
    const response = await post('/api/v1/rules/import', { files: [{ path: 'x.yml', text: SUDO_ROOT }] }, reader);
    assert.equal(response.statusCode, 403);
    assert.equal(errorOf(response.body).code, 'LW_AUTH_FORBIDDEN');
    assert.deepEqual(await readRuleFiles(service.importDir), []);
    assert.equal(service.reloads, before);
  });

  it('POST /api/v1/rules/import keeps the files that load at their paths, lists the others with why, and reloads', async () => {
    const files = [
      { path: 'linux/sudo/sudo_root.yml', text: SUDO_ROOT },
      { path: 'linux/sshd/unmapped.yml', text: UNMAPPED },
      { path: 'windows/whoami.yml', text: WINDOWS_RULE.replace(uuid(3), uuid(6)) },
      { path: 'broken.yml', text: 'title: [unclosed\n' },
      { path: '../escape.yml', text: SUDO_ROOT.replace(uuid(5), uuid(7)) },
    ];
    const response = await post('/api/v1/rules/import', { files }, admin);
    assert.equal(response.statusCode, 200, response.body);
    const answer = importResponse.parse(response.json());
    assert.equal(answer.loaded, 1);
    assert.deepEqual(answer.written, ['linux/sudo/sudo_root.yml']);
    const reasons = Object.fromEntries(answer.skipped.map((skip) => [skip.path, skip.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['../escape.yml', 'broken.yml', 'linux/sshd/unmapped.yml', 'windows/whoami.yml']);
    assert.match(reasons['../escape.yml'] ?? '', /unsafe path: the path has a "\.\." segment/);
    assert.match(reasons['broken.yml'] ?? '', /invalid YAML/);
    assert.match(reasons['linux/sshd/unmapped.yml'] ?? '', /unmapped field NoSuchSigmaField/);
    assert.match(reasons['windows/whoami.yml'] ?? '', /unknown logsource/);
    assert.deepEqual(
      (await readRuleFiles(service.importDir)).map((file) => file.path),
      ['linux/sudo/sudo_root.yml'],
    );
    await assert.rejects(readFile(path.join(base, 'escape.yml')));
    const listed = rulesListResponse.parse((await get('/api/v1/rules?ruleset=imported')).json());
    assert.deepEqual(
      listed.rules.map((rule) => [rule.title, rule.path]),
      [['Sudo to root', 'linux/sudo/sudo_root.yml']],
    );
    assert.ok(
      recorded.some((line) => /^rules-imported: 1 rule files imported by token "initial-admin"/.test(line)),
      recorded.join('\n'),
    );
  });

  it('a new version of an imported file that does not load leaves the old one in force', async () => {
    const broken = SUDO_ROOT.replace('user.effective.name: root', 'NoSuchSigmaField: root');
    const answer = importResponse.parse((await post('/api/v1/rules/import', { files: [{ path: 'linux/sudo/sudo_root.yml', text: broken }] }, admin)).json());
    assert.deepEqual([answer.loaded, answer.written], [0, []]);
    assert.match(answer.skipped[0]?.reason ?? '', /unmapped field NoSuchSigmaField/);
    assert.equal(await readFile(path.join(service.importDir, 'linux', 'sudo', 'sudo_root.yml'), 'utf8'), SUDO_ROOT);
    assert.ok(service.ruleSet().rules.some((rule) => rule.id === uuid(5)));
  });

  it('POST /api/v1/rules/test: which events match and why, from NDJSON and syslog lines, and the detections', async () => {
    const events = [
      '<38>Nov 25 11:00:00 web1 sshd[1234]: Failed password for root from 203.0.113.9 port 50022 ssh2',
      JSON.stringify({ '@timestamp': '2026-11-25T11:00:02Z', message: 'hello', 'event.dataset': 'sshd', 'event.outcome': 'success' }),
      '<38>Nov 25 11:00:03 web1 sshd[1234]: Accepted password for root from 203.0.113.9 port 50022 ssh2',
      '<38>Nov 25 11:00:04 web1 sshd[1234]: Failed password for invalid user bob from 203.0.113.9 port 50023 ssh2',
    ].join('\n');
    const response = await post('/api/v1/rules/test', { rule: 'ssh_failed', events });
    assert.equal(response.statusCode, 200, response.body);
    const result = testResponse.parse(response.json());
    assert.equal(result.events, 4);
    assert.deepEqual(
      result.matches.map((match) => [match.sequence, match.searches]),
      [
        [1, ['selection']],
        [4, ['selection']],
      ],
    );
    assert.deepEqual(result.matches[0]?.values, { 'event.outcome': 'failure', 'event.reason': 'password' });
    assert.deepEqual(
      result.detections.map((detection) => detection.events),
      [[1], [4]],
    );
  });

  it('POST /api/v1/rules/test of a correlation shows the matches of the rules it uses and its detection', async () => {
    const lines = [0, 10, 20].map((s) => `<38>Nov 25 11:00:${String(s).padStart(2, '0')} web1 sshd[1]: Failed password for root from 203.0.113.9 port 5000${s / 10} ssh2`);
    const result = testResponse.parse((await post('/api/v1/rules/test', { rule: uuid(2), events: lines })).json());
    assert.equal(result.matches.length, 3);
    assert.deepEqual(
      result.detections.map((detection) => [detection.rule.id, detection.events, detection.group]),
      [[uuid(2), [1, 2, 3], { 'source.ip': '203.0.113.9' }]],
    );
  });

  it('POST /api/v1/rules/test of a rule text that cannot run here is LW_RULE_INVALID with the reason; of no rule, LW_BAD_REQUEST', async () => {
    const invalid = await post('/api/v1/rules/test', { text: UNMAPPED, events: '' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(errorOf(invalid.body).code, 'LW_RULE_INVALID');
    assert.match(errorOf(invalid.body).message, /unmapped field NoSuchSigmaField/);
    const neither = await post('/api/v1/rules/test', { events: '' });
    assert.equal(errorOf(neither.body).code, 'LW_BAD_REQUEST');
    const unknown = await post('/api/v1/rules/test', { rule: 'nope', events: '' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(errorOf(unknown.body).code, 'LW_RULE_UNKNOWN');
  });

  it('POST /api/v1/rules/hunt: the detections a rule would have made from stored events, in the range', async () => {
    const response = await post('/api/v1/rules/hunt', { rule: 'SSH failures burst', from: 'now-2h' });
    assert.equal(response.statusCode, 200, response.body);
    const result = huntResponse.parse(response.json());
    assert.equal(result.matched, 6);
    assert.deepEqual(
      result.detections.map((detection) => [detection.events, detection.group]),
      [[[0, 1, 3], { 'source.ip': '203.0.113.9' }]],
    );
    assert.equal(result.to, new Date(NOW).toISOString());
    const plain = huntResponse.parse((await post('/api/v1/rules/hunt', { rule: uuid(1), from: 'now-2h', limit: 4 })).json());
    assert.deepEqual(
      plain.detections.map((detection) => detection.events[0]),
      [0, 1, 2, 3],
    );
    assert.match(plain.truncated?.message ?? '', /stopped after 4 matching events/);
    const before = huntResponse.parse((await post('/api/v1/rules/hunt', { rule: uuid(1), from: 'now-30d', to: 'now-2h' })).json());
    assert.equal(before.matched, 0);
    const unknown = await post('/api/v1/rules/hunt', { rule: 'nope', from: 'now-1d' });
    assert.equal(errorOf(unknown.body).code, 'LW_RULE_UNKNOWN');
    const backwards = await post('/api/v1/rules/hunt', { rule: uuid(1), from: 'now', to: 'now-1d' });
    assert.equal(errorOf(backwards.body).code, 'LW_BAD_REQUEST');
  });

  it('R-MASK-1: a masked role’s hunt and test answers hold no user name or address: group, why and message masked', async () => {
    const hunted = await post('/api/v1/rules/hunt', { rule: 'SSH failures burst', from: 'now-2h' }, maskedHunter);
    assert.equal(hunted.statusCode, 200, hunted.body);
    const result = huntResponse.parse(hunted.json());
    assert.deepEqual(
      result.detections.map((detection) => [detection.events, detection.group]),
      [[[0, 1, 3], { 'source.ip': '203.0.113.0/24' }]],
    );
    const lines = '<38>Nov 25 11:00:04 web1 sshd[1234]: Failed password for invalid user bob from 203.0.113.9 port 50023 ssh2';
    const tested = await post('/api/v1/rules/test', { rule: 'ssh_failed', events: lines }, maskedHunter);
    assert.equal(tested.statusCode, 200, tested.body);
    assert.equal(testResponse.parse(tested.json()).detections.length, 1);
    for (const answer of [hunted.body, tested.body]) for (const planted of ['203.0.113.9', '"bob"', ' bob ', 'root']) assert.ok(!answer.includes(planted), `${planted} in ${answer}`);
  });

  it('POST /api/v1/rules/hunt of a rule text hunts it without keeping it', async () => {
    const text = SSH_FAILED.replace(uuid(1), uuid(9)).replace('name: ssh_failed\n', '');
    const result = huntResponse.parse((await post('/api/v1/rules/hunt', { text, from: 'now-2h' })).json());
    assert.equal(result.rule.id, uuid(9));
    assert.equal(result.detections.length, 6);
    assert.ok(!service.ruleSet().rules.some((rule) => rule.id === uuid(9)));
  });
});

describe('rules routes with detection switched off', () => {
  it('say so, instead of a bare "no route"', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(nativeErrorHandler(createLogger('silent')));
    const config = configSchema.parse({ detection: { enabled: false } });
    const noStore = { read: async () => [] };
    registerRuleRoutes(app, {
      detection: undefined,
      store: noStore,
      config,
      record: async () => undefined,
      clock: new ManualClock(NOW),
      access: { masking: new MaskingProfiles(config.access.masking, os.tmpdir()) },
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/v1/rules' });
      assert.equal(response.statusCode, 404);
      const error = (response.json() as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'LW_NOT_FOUND');
      assert.match(error.message, /detection is switched off \(detection\.enabled: false\).*rules test FILE/);
    } finally {
      await app.close();
    }
  });
});
