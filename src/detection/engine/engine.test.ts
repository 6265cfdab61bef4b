// The detection engine's own part (R-ANALYSE-1, R-ANALYSE-3): plain rule matches made detections
// with deterministic ids, alerts never evaluated, rules that only feed correlations making none.
// Correlations are the correlator's (src/detection/correlation/) and tested there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Predicate } from '../../query/predicate.ts';
import type { LogEvent } from '../../schema/event.ts';
import { MemoryDetectionHistory } from '../correlation/history.ts';
import { detectionId } from '../detection.ts';
import type { RuleSet } from '../rule.ts';
import { loadRuleTexts } from '../load.ts';
import { DetectionEngine } from './engine.ts';
import { detectionRule, sel } from './matcher.fixtures.ts';

const eq = (name: string, value: string): Predicate => ({ op: 'substring', field: sel(name), at: 'equals', value, cased: true });
const contains = (name: string, value: string): Predicate => ({ op: 'substring', field: sel(name), at: 'contains', value, cased: false });

const rootLogin = detectionRule('root-login', {
  title: 'SSH login as root',
  level: 'high',
  tags: ['attack.t1078'],
  route: eq('event.dataset', 'sshd'),
  searches: { selection: { op: 'and', children: [contains('message', 'accepted'), eq('user.name', 'root')] } },
  condition: { op: 'search', name: 'selection' },
  predicate: { op: 'and', children: [eq('event.dataset', 'sshd'), contains('message', 'accepted'), eq('user.name', 'root')] },
  fields: ['user.name', 'source.ip', 'labels.env'],
});
const failure = detectionRule('failure', {
  route: eq('event.dataset', 'sshd'),
  searches: { selection: contains('message', 'failed') },
  condition: { op: 'search', name: 'selection' },
  predicate: { op: 'and', children: [eq('event.dataset', 'sshd'), contains('message', 'failed')] },
  generates: false,
});
const SET: RuleSet = { rules: [rootLogin, failure], skipped: [] };
const options = { latenessMs: 60_000, maxEvidence: 100, history: new MemoryDetectionHistory() };

const base = { 'event.dataset': 'sshd', 'logwarden.system': 'web', 'source.ip': '203.0.113.9', labels: { env: 'prod' } };
const events: LogEvent[] = [
  { ...base, 'event.sequence': 7, '@timestamp': 1000, message: 'Accepted password for root from 203.0.113.9', 'user.name': 'root' },
  { ...base, 'event.sequence': 8, '@timestamp': 2000, message: 'Failed password for root from 203.0.113.9', 'user.name': 'root' },
  { ...base, 'event.sequence': 9, '@timestamp': 3000, message: 'Accepted password for root', 'user.name': 'root', 'event.kind': 'alert' },
  { ...base, 'event.sequence': 10, '@timestamp': 4000, message: 'Accepted publickey for alice', 'user.name': 'alice' },
];

const FAILED = `title: Failed login
id: 11111111-1111-4111-8111-111111111111
name: failed_login
logsource:
  product: linux
  service: sshd
detection:
  selection:
    event.action: ssh-login
    event.outcome: failure
  condition: selection
level: low
`;
const BRUTE = `title: Brute force
id: 22222222-2222-4222-8222-222222222222
correlation:
  type: event_count
  rules:
    - failed_login
  group-by:
    - source.ip
  timespan: 1m
  condition:
    gte: 3
level: high
`;

describe('DetectionEngine', () => {
  it('R-ANALYSE-3: hands the matches to the correlator: a rule a correlation uses counts, only the correlation fires', async () => {
    const set = loadRuleTexts(
      [
        { path: 'failed.yml', text: FAILED, ruleset: 'test' },
        { path: 'brute.yml', text: BRUTE, ruleset: 'test' },
      ],
      { placeholders: {} },
    );
    assert.deepEqual(set.skipped, []);
    const failure = (sequence: number, ip: string): LogEvent => ({
      'event.sequence': sequence,
      '@timestamp': 1_000_000 + sequence * 1000,
      'event.dataset': 'sshd',
      'event.action': 'ssh-login',
      'event.outcome': 'failure',
      'source.ip': ip,
      'logwarden.system': 'web',
    });
    const stream = [failure(1, '203.0.113.9'), failure(2, '198.51.100.1'), failure(3, '203.0.113.9'), { ...failure(4, '203.0.113.9'), 'event.kind': 'alert' }, failure(5, '203.0.113.9')];
    const engine = new DetectionEngine(set, options);
    assert.equal(engine.matcherStats.alwaysTried, 0);
    const detections = await engine.process(stream);
    assert.deepEqual(
      detections.map((d) => [d.rule.title, d.group, d.events]),
      [['Brute force', { 'source.ip': '203.0.113.9' }, [1, 3, 5]]],
    );
  });

  it('R-ANALYSE-1: makes a detection of each match of a generating rule, with the evidence and why', async () => {
    const detections = await new DetectionEngine(SET, options).process(events);
    assert.deepEqual(detections, [
      {
        id: detectionId(rootLogin, '7'),
        rule: { id: 'root-login', title: 'SSH login as root', level: 'high', revision: rootLogin.revision, tags: ['attack.t1078'], ruleset: 'test' },
        time: 1000,
        events: [7],
        systems: ['web'],
        group: {},
        why: { kind: 'match', searches: ['selection'], values: { 'user.name': 'root', 'source.ip': '203.0.113.9', 'labels.env': 'prod' } },
        message: 'SSH login as root: root, 203.0.113.9, prod',
      },
    ]);
  });

  it('gives the same ids when the same stored events are processed again (a replay fires nothing new)', async () => {
    const first = await new DetectionEngine(SET, options).process(events);
    const again = await new DetectionEngine(SET, options).process(events);
    assert.deepEqual(
      again.map((d) => d.id),
      first.map((d) => d.id),
    );
    assert.notEqual(detectionId({ ...rootLogin, revision: 'fedcba9876543210' }, '7'), first[0]!.id);
  });

  it('never evaluates an alert: a detection does not detect itself', async () => {
    const alertOnly = events.filter((event) => event['event.kind'] === 'alert');
    assert.equal(new DetectionEngine(SET, options).explain(alertOnly[0]!).length, 1);
    assert.deepEqual(await new DetectionEngine(SET, options).process(alertOnly), []);
  });

  it('explains an event with every rule that holds, generating or not', () => {
    const engine = new DetectionEngine(SET, options);
    assert.deepEqual(
      engine.explain(events[1]!).map((m) => [m.rule.id, m.searches]),
      [['failure', ['selection']]],
    );
    assert.equal(engine.ruleSet, SET);
  });
});
