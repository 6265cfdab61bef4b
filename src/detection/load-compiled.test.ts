// Rule files → a RuleSet with the Sigma compiler: detection rules routed and compiled, filters
// applied, correlations resolved (multi-document files, names, chaining, aliases, generate), and
// what cannot run listed with its reason (R-ANALYSE-1, R-ANALYSE-3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predicateMatcher } from '../query/match.ts';
import type { LogEvent } from '../schema/event.ts';
import { loadRuleTexts } from './load.ts';
import type { RuleText } from './load.ts';
import type { CorrelationRule, DetectionRule, RuleSet } from './rule.ts';

const OPTIONS = { placeholders: {} };
const file = (path: string, text: string): RuleText => ({ path, text, ruleset: 'test' });
const load = (...texts: RuleText[]): RuleSet => loadRuleTexts(texts, OPTIONS);
const detection = (set: RuleSet, id: string): DetectionRule => {
  const rule = set.rules.find((candidate) => candidate.id === id);
  assert.ok(rule?.kind === 'detection', `${id} did not load: ${JSON.stringify(set.skipped)}`);
  return rule;
};
const correlation = (set: RuleSet, id: string): CorrelationRule => {
  const rule = set.rules.find((candidate) => candidate.id === id);
  assert.ok(rule?.kind === 'correlation', `${id} did not load: ${JSON.stringify(set.skipped)}`);
  return rule;
};
const reasonOf = (set: RuleSet, id: string): string | undefined => set.skipped.find((entry) => entry.id === id)?.reason;

const FAILED = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0001';
const ACCEPTED = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0002';
const BRUTE = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0003';
const AFTER = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0004';
const FILTER = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0005';
const WEB = '1b7f0c1e-7d3a-4c55-8f0e-5a9a7e2b0006';

const failedLogin = `title: SSH failed password
id: ${FAILED}
name: ssh_failed
status: experimental
level: low
tags: [attack.credential-access, attack.t1110.001]
custom-attribute: kept out of the model
logsource:
  product: linux
  service: sshd
detection:
  selection:
    event.outcome: failure
    event.category: authentication
  condition: selection
falsepositives: Users who mistype
`;
const acceptedLogin = `title: SSH accepted
id: ${ACCEPTED}
name: ssh_accepted
logsource: {product: linux, service: sshd}
detection:
  selection: {event.outcome: success, event.category: authentication}
  condition: selection
`;
const brute = (extra = ''): string => `title: SSH brute force
id: ${BRUTE}
name: ssh_brute
level: high
correlation:
  type: event_count
  rules: [ssh_failed]
  group-by: [source.ip]
  timespan: 5m
  condition: {gte: 5}
${extra}`;

const sshd = (fields: LogEvent): LogEvent => ({ 'event.dataset': 'sshd', 'process.name': 'sshd', 'event.category': ['authentication'], ...fields });

test('R-ANALYSE-1: a detection rule loads with its metadata, its route and compiled condition in one predicate', () => {
  const set = load(file('ssh/failed.yml', failedLogin));
  assert.deepEqual(set.skipped, []);
  const rule = detection(set, FAILED);
  assert.equal(rule.title, 'SSH failed password');
  assert.equal(rule.name, 'ssh_failed');
  assert.equal(rule.level, 'low');
  assert.equal(rule.status, 'experimental');
  assert.deepEqual(rule.tags, ['attack.credential-access', 'attack.t1110.001']);
  assert.deepEqual(rule.falsepositives, ['Users who mistype']);
  assert.deepEqual([rule.ruleset, rule.path], ['test', 'ssh/failed.yml']);
  assert.match(rule.revision, /^[0-9a-f]{16}$/);
  assert.deepEqual(rule.logsource, { product: 'linux', service: 'sshd' });
  assert.deepEqual(Object.keys(rule.searches), ['selection']);
  assert.deepEqual(rule.fields, ['event.outcome', 'event.category']);
  assert.equal(rule.generates, true);
  const matches = predicateMatcher(rule.predicate);
  assert.equal(matches(sshd({ 'event.outcome': 'failure' })), true);
  assert.equal(matches(sshd({ 'event.outcome': 'success' })), false);
  // The route: the same fields from a web server are not an sshd event.
  assert.equal(matches({ 'event.dataset': 'nginx.access', 'event.category': ['authentication'], 'event.outcome': 'failure' }), false);
});

test('a rule without a level is medium; a deprecated status still loads', () => {
  const set = load(file('a.yml', acceptedLogin.replace('name: ssh_accepted', 'status: deprecated')));
  assert.equal(detection(set, ACCEPTED).level, 'medium');
  assert.equal(detection(set, ACCEPTED).status, 'deprecated');
});

test('R-ANALYSE-1: a rule reading a field the logsource does not map is skipped as unmapped, naming the field', () => {
  const text = `title: Parent shell
id: ${WEB}
logsource: {product: linux, category: process_creation}
detection:
  selection:
    ParentImage|endswith: /bash
    Image|endswith: /curl
  condition: selection
`;
  const set = load(file('proc.yml', text));
  assert.deepEqual(set.rules, []);
  assert.match(reasonOf(set, WEB)!, /^unmapped field ParentImage\b/);
  assert.deepEqual(detection(load(file('proc.yml', text.replace('    ParentImage|endswith: /bash\n', ''))), WEB).fields, ['process.executable']);
});

test('R-ANALYSE-1: web rules’ cs-uri-query reads url.original', () => {
  const text = `title: Traversal
id: ${WEB}
logsource: {category: webserver}
detection:
  selection: {cs-uri-query|contains: '../'}
  condition: selection
`;
  const rule = detection(load(file('web.yml', text)), WEB);
  assert.deepEqual(rule.fields, ['url.original']);
  const matches = predicateMatcher(rule.predicate);
  assert.equal(matches({ 'event.dataset': 'nginx.access', 'url.original': '/a/../../etc/passwd' }), true);
  assert.equal(matches({ 'event.dataset': 'nginx.access', 'url.original': '/a/b' }), false);
});

test('R-ANALYSE-3: a multi-document correlation file: the correlation and its base rules load, referred to by name, resolved to ids', () => {
  const set = load(file('brute.yml', `${failedLogin}---\n${brute()}`));
  assert.deepEqual(set.skipped, []);
  const rule = correlation(set, BRUTE);
  assert.equal(rule.type, 'event_count');
  assert.deepEqual(rule.rules, [FAILED]);
  assert.deepEqual(rule.groupBy, ['source.ip']);
  assert.deepEqual(rule.groupFields, { 'source.ip': { [FAILED]: 'source.ip' } });
  assert.equal(rule.timespanMs, 300_000);
  assert.deepEqual(rule.condition, { gte: 5 });
  assert.equal(rule.generate, false);
  assert.equal(rule.level, 'high');
  // generate defaults to false: the base rule makes no detections of its own.
  assert.equal(detection(set, FAILED).generates, false);
  assert.deepEqual(
    set.rules.map((r) => r.id),
    [FAILED, BRUTE],
  );
});

test('R-ANALYSE-3: generate: true (inside the section or beside it) keeps the base rule’s own detections', () => {
  const inside = load(file('brute.yml', `${failedLogin}---\n${brute().replace('  timespan: 5m\n', '  timespan: 5m\n  generate: true\n')}`));
  assert.equal(correlation(inside, BRUTE).generate, true);
  assert.equal(detection(inside, FAILED).generates, true);
  const beside = load(file('brute.yml', `${failedLogin}---\n${brute('generate: true\n')}`));
  assert.equal(detection(beside, FAILED).generates, true);
  // Another correlation that uses it with generate: false does not take it away.
  const other = brute().replace(BRUTE, AFTER).replace('name: ssh_brute', 'name: other');
  assert.equal(detection(load(file('a.yml', `${failedLogin}---\n${brute('generate: true\n')}---\n${other}`)), FAILED).generates, true);
  // A rule no correlation uses always generates.
  assert.equal(detection(load(file('a.yml', `${failedLogin}---\n${brute()}---\n${acceptedLogin}`)), ACCEPTED).generates, true);
});

test('R-ANALYSE-3: chaining: temporal_ordered over a correlation and a rule, with aliases mapping per-rule fields to one group name', () => {
  const after = `title: Success after brute force
id: ${AFTER}
correlation:
  type: temporal_ordered
  rules: [ssh_brute, ${ACCEPTED}]
  group-by: [attacker]
  timespan: 1h
  aliases:
    attacker:
      ssh_brute: source.ip
      ssh_accepted: source.ip
`;
  // Files in any order: the chained correlation is resolved after the one it refers to.
  const set = load(file('a-after.yml', after), file('b-brute.yml', `${failedLogin}---\n${acceptedLogin}---\n${brute()}`));
  assert.deepEqual(set.skipped, []);
  const rule = correlation(set, AFTER);
  assert.deepEqual(rule.rules, [BRUTE, ACCEPTED]);
  // An alias keeps its name, even where every rule reads the same field.
  assert.deepEqual(rule.groupBy, ['attacker']);
  assert.deepEqual(rule.groupFields, { attacker: { [BRUTE]: 'source.ip', [ACCEPTED]: 'source.ip' } });
  // temporal without a condition: all the rules it names.
  assert.deepEqual(rule.condition, { gte: 2 });
  assert.equal(rule.timespanMs, 3_600_000);
  assert.equal(detection(set, ACCEPTED).generates, false);
  // A chained correlation may only group by what the correlation it refers to groups by.
  const wrong = load(file('a.yml', after.replace('ssh_brute: source.ip', 'ssh_brute: user.name')), file('b.yml', `${failedLogin}---\n${acceptedLogin}---\n${brute()}`));
  assert.equal(reasonOf(wrong, AFTER), `alias attacker user.name: correlation ${BRUTE} does not group by it`);
});

test('R-ANALYSE-3: group-by and value_count’s field are Sigma names mapped for each referenced rule’s logsource', () => {
  const web = `title: Web 404
id: ${WEB}
name: web_404
logsource: {category: webserver}
detection:
  selection: {sc-status: 404}
  condition: selection
---
title: Scanner
id: ${BRUTE}
correlation:
  type: value_count
  rules: web_404
  group-by: c-ip
  timespan: 10m
  condition: {field: cs-uri-stem, gt: 20}
`;
  const rule = correlation(load(file('scan.yml', web)), BRUTE);
  // A Sigma name every referenced rule maps alike is shown by its ECS name.
  assert.deepEqual(rule.groupBy, ['source.ip']);
  assert.deepEqual(rule.groupFields, { 'source.ip': { [WEB]: 'source.ip' } });
  assert.deepEqual(rule.condition, { gt: 20, field: 'url.path' });
  const unmapped = load(file('scan.yml', web.replace('group-by: c-ip', 'group-by: ComputerName')));
  assert.equal(reasonOf(unmapped, BRUTE), `document 2: unmapped field ComputerName (group-by) for rule ${WEB}`);
});

test('R-ANALYSE-3: a correlation referring to a rule that did not load, or to none, is skipped saying why', () => {
  const broken = failedLogin.replace('service: sshd', 'service: vsftpd');
  const set = load(file('brute.yml', `${broken}---\n${brute()}`));
  assert.equal(reasonOf(set, FAILED), 'unknown logsource product=linux service=vsftpd');
  assert.equal(reasonOf(set, BRUTE), 'document 2: refers to rule ssh_failed which did not load: unknown logsource product=linux service=vsftpd');
  assert.equal(reasonOf(load(file('brute.yml', brute())), BRUTE), 'refers to rule ssh_failed, which is not in the set');
  // The chain breaks further up: the correlation over the skipped one is skipped too.
  const after = `title: After\nid: ${AFTER}\ncorrelation: {type: temporal, rules: [ssh_brute, ssh_failed], group-by: [source.ip], timespan: 1h}\n`;
  assert.match(reasonOf(load(file('a.yml', brute()), file('b.yml', after)), AFTER)!, /^refers to rule ssh_brute which did not load: refers to rule ssh_failed, which is not in the set$/);
  // Correlations referring to each other.
  const loop = `title: Loop\nid: ${AFTER}\nname: loop\ncorrelation: {type: event_count, rules: [ssh_brute], group-by: [source.ip], timespan: 1h, condition: {gt: 1}}\n`;
  const cycle = load(file('a.yml', brute().replace('[ssh_failed]', '[loop]')), file('b.yml', loop));
  assert.equal(reasonOf(cycle, AFTER), 'refers to ssh_brute, which refers back to it');
  assert.equal(reasonOf(cycle, BRUTE), 'refers to rule loop which did not load: refers to ssh_brute, which refers back to it');
});

test('a correlation missing what its type needs, or with a bad timespan, is skipped with the schema’s reason', () => {
  const base = `${failedLogin}---\n`;
  assert.match(reasonOf(load(file('a.yml', base + brute().replace('  condition: {gte: 5}\n', ''))), BRUTE)!, /event_count needs a condition/);
  assert.match(reasonOf(load(file('a.yml', base + brute().replace('5m', '5 minutes'))), BRUTE)!, /is not a timespan like/);
  assert.match(reasonOf(load(file('a.yml', base + brute().replace('event_count', 'value_count'))), BRUTE)!, /value_count needs condition.field/);
  assert.match(reasonOf(load(file('a.yml', base + brute().replace('event_count', 'near'))), BRUTE)!, /correlation.type/);
  const durations = ['30s', '1d', '90m'].map((span) => correlation(load(file('a.yml', base + brute().replace('5m', span))), BRUTE).timespanMs);
  assert.deepEqual(durations, [30_000, 86_400_000, 5_400_000]);
});

test('R-ANALYSE-1: the anomaly types rate, first_seen and silence load with their parameters', () => {
  const anomaly = (section: string): CorrelationRule => correlation(load(file('a.yml', `${failedLogin}---\ntitle: Anomaly\nid: ${BRUTE}\ncorrelation: ${section}\n`)), BRUTE);
  const firstSeen = anomaly('{type: first_seen, rules: [ssh_failed], group-by: [user.name], field: source.ip, learning: 7d}');
  assert.deepEqual([firstSeen.type, firstSeen.anomaly], ['first_seen', { field: 'source.ip', learningMs: 7 * 86_400_000 }]);
  assert.deepEqual(firstSeen.groupFields, { 'user.name': { [FAILED]: 'user.name' } });
  const rate = anomaly('{type: rate, rules: [ssh_failed], group-by: [user.name], baseline: 7, deviations: 3, min-count: 20}');
  assert.deepEqual([rate.anomaly, rate.timespanMs], [{ baselineDays: 7, deviations: 3, minCount: 20 }, 3_600_000]);
  const silence = anomaly('{type: silence, group-by: [logwarden.system], max-gap: 1h}');
  assert.deepEqual([silence.rules, silence.groupBy, silence.groupFields, silence.anomaly], [[], ['logwarden.system'], { 'logwarden.system': {} }, { maxGapMs: 3_600_000 }]);
  assert.match(reasonOf(load(file('a.yml', `title: S\nid: ${BRUTE}\ncorrelation: {type: silence, group-by: [ComputerName]}\n`)), BRUTE)!, /unmapped field ComputerName/);
  assert.match(reasonOf(load(file('a.yml', `${failedLogin}---\ntitle: S\nid: ${BRUTE}\ncorrelation: {type: first_seen, rules: [ssh_failed]}\n`)), BRUTE)!, /first_seen needs field/);
});

test('a Sigma filter adds its searches, renamed, and `and not (filter)` to the rules it names', () => {
  const filter = `title: Not the backup host
id: ${FILTER}
name: not_backup
logsource: {product: linux}
filter:
  rules: [ssh_failed]
  selection:
    source.ip: 192.0.2.10
  condition: selection
`;
  const set = load(file('rule.yml', failedLogin), file('filters/backup.yml', filter));
  assert.deepEqual(set.skipped, []);
  assert.equal(set.rules.length, 1, 'a filter is not a rule of its own');
  const rule = detection(set, FAILED);
  assert.deepEqual(Object.keys(rule.searches), ['selection', 'not_backup/selection']);
  assert.deepEqual(rule.condition, {
    op: 'and',
    children: [
      { op: 'search', name: 'selection' },
      { op: 'not', child: { op: 'search', name: 'not_backup/selection' } },
    ],
  });
  assert.deepEqual(rule.fields, ['event.outcome', 'event.category', 'source.ip']);
  const matches = predicateMatcher(rule.predicate);
  assert.equal(matches(sshd({ 'event.outcome': 'failure', 'source.ip': '203.0.113.9' })), true);
  assert.equal(matches(sshd({ 'event.outcome': 'failure', 'source.ip': '192.0.2.10' })), false);
  // The revision stays the rule's own.
  assert.equal(rule.revision, detection(load(file('rule.yml', failedLogin)), FAILED).revision);
});

test('a filter naming no loaded rule, or one whose logsource it does not fit, is listed; the rule runs unfiltered', () => {
  const filter = (rules: string, logsource = '{product: linux}'): string =>
    `title: F\nid: ${FILTER}\nlogsource: ${logsource}\nfilter:\n  rules: ${rules}\n  selection: {source.ip: 192.0.2.10}\n  condition: selection\n`;
  assert.equal(reasonOf(load(file('f.yml', filter('[nothing]'))), FILTER), 'filter names no loaded rule: nothing, which is not in the set');
  const windows = load(file('rule.yml', failedLogin), file('f.yml', filter('[ssh_failed]', '{product: windows}')));
  assert.match(reasonOf(windows, FILTER)!, new RegExp(`^filter not applied to rule ${FAILED}: its logsource product=windows does not fit`));
  assert.deepEqual(Object.keys(detection(windows, FAILED).searches), ['selection']);
  const unmapped = load(file('rule.yml', failedLogin), file('f.yml', filter('[ssh_failed]').replace('source.ip', 'c-ip')));
  assert.match(reasonOf(unmapped, FILTER)!, /unmapped field c-ip/);
  // Some of its rules loaded: applied to those, and each of the others listed.
  const partial = load(file('rule.yml', failedLogin), file('f.yml', filter('[ssh_failed, gone]')));
  assert.deepEqual(Object.keys(detection(partial, FAILED).searches), ['selection', `${FILTER}/selection`]);
  assert.equal(reasonOf(partial, FILTER), 'filter not applied to rule gone, which is not in the set');
  // A correlation may not count a filter's matches.
  const byFilter = load(file('f.yml', filter('[ssh_failed]')), file('rule.yml', failedLogin), file('c.yml', brute().replace('[ssh_failed]', `[${FILTER}]`)));
  assert.equal(reasonOf(byFilter, BRUTE), `refers to ${FILTER}, which is a filter, not a rule`);
});
