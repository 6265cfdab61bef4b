// Rule files → a RuleSet: what loads, and every document that cannot run here listed with its
// reason (R-ANALYSE-1). Parts that need the Sigma compiler are in load-compiled.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleTexts } from './load.ts';
import type { RuleText } from './load.ts';

const OPTIONS = { placeholders: {} };
const file = (path: string, text: string): RuleText => ({ path, text, ruleset: 'test' });
const reasons = (texts: readonly RuleText[]): string[] => loadRuleTexts(texts, OPTIONS).skipped.map((entry) => `${entry.path}: ${entry.reason}`);

const rule = (id: string, logsource = '{product: linux, service: sshd}', extra = ''): string =>
  `title: Rule ${id.slice(0, 4)}\nid: ${id}\nlogsource: ${logsource}\ndetection:\n  selection:\n    user.name: root\n  condition: selection\n${extra}`;

const A = '5d0b7e59-5b7a-4a38-9a56-0c0f1e3d2a01';
const B = '5d0b7e59-5b7a-4a38-9a56-0c0f1e3d2a02';

test('R-ANALYSE-1: bad YAML, documents that are no rule, rules without an id or with a bad one are listed with the reason, and the path and title when known', () => {
  const result = loadRuleTexts(
    [
      file('bad.yml', 'title: [unclosed\n'),
      file('dup-key.yml', `${rule(A)}title: again\n`),
      file('notes.yml', 'title: Just notes\nauthor: me\n'),
      file('list.yml', '- a\n- b\n'),
      file('noid.yml', rule(A).replace(`id: ${A}\n`, '')),
      file('badid.yml', rule(A).replace(A, 'rule-one')),
      file('schema.yml', rule(A).replace('title: Rule 5d0b', 'title: 7').replace('title: 7', 'title:\n  nested: 1')),
    ],
    OPTIONS,
  );
  assert.deepEqual(result.rules, []);
  const byPath = Object.fromEntries(result.skipped.map((entry) => [entry.path, entry]));
  assert.match(byPath['bad.yml']!.reason, /^invalid YAML: /);
  assert.match(byPath['dup-key.yml']!.reason, /^invalid YAML: .*unique/i);
  assert.equal(byPath['notes.yml']!.reason, 'not a Sigma rule: it has no detection, correlation or filter section');
  assert.equal(byPath['notes.yml']!.title, 'Just notes');
  assert.equal(byPath['list.yml']!.reason, 'not a Sigma rule: the document is not a map');
  assert.match(byPath['noid.yml']!.reason, /^detection rule without an id/);
  assert.equal(byPath['badid.yml']!.reason, 'id "rule-one" is not a UUID');
  assert.equal(byPath['badid.yml']!.id, 'rule-one');
  assert.match(byPath['schema.yml']!.reason, /^invalid detection rule: title: /);
  assert.equal(byPath['schema.yml']!.id, A);
  assert.ok(result.skipped.every((entry) => entry.ruleset === 'test'));
});

test('R-ANALYSE-1: a logsource logwarden has no logs for is skipped as unknown, naming it', () => {
  assert.deepEqual(reasons([file('win.yml', rule(A, '{product: windows, category: process_creation}'))]), ['win.yml: unknown logsource product=windows category=process_creation']);
  assert.deepEqual(reasons([file('ftp.yml', rule(A, '{product: linux, service: vsftpd}'))]), ['ftp.yml: unknown logsource product=linux service=vsftpd']);
});

test('a duplicate id is skipped in the later file, naming the first; ids compare without case', () => {
  const skipped = loadRuleTexts([file('a.yml', rule(A, '{product: windows, category: x}')), file('b.yml', rule(A.toUpperCase()))], OPTIONS).skipped;
  assert.equal(skipped.length, 2);
  assert.deepEqual(
    skipped.find((entry) => entry.path === 'b.yml'),
    { path: 'b.yml', ruleset: 'test', id: A.toUpperCase(), title: 'Rule 5D0B', reason: `duplicate id ${A.toUpperCase()}: a.yml has it already` },
  );
});

test('each document of a multi-document file is read on its own; reasons say which document', () => {
  const skipped = loadRuleTexts([file('multi.yml', `${rule(A, '{product: windows, category: x}')}---\ntitle: notes\n---\n${rule(B, '{product: linux, service: vsftpd}')}---\n`)], OPTIONS).skipped;
  assert.deepEqual(
    skipped.map((entry) => [entry.id, entry.reason]),
    [
      [A, 'unknown logsource product=windows category=x'],
      [undefined, 'document 2: not a Sigma rule: it has no detection, correlation or filter section'],
      [B, 'document 3: unknown logsource product=linux service=vsftpd'],
    ],
  );
});
