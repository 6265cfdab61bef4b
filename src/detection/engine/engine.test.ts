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

describe('DetectionEngine', () => {
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
