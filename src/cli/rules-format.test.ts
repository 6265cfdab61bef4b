// How the rules commands print: the import summary exactly as the contract says (one line
// `loaded N, skipped M`, then `PATH: REASON` per skipped file, a reason on one line), one rule per
// ndjson line with the listed keys, and no control character from a rule file reaching the terminal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleSummaryContract } from '../contracts/rules.ts';
import { formatImportSummary, formatRulesTable, ruleLine } from './rules-format.ts';

const RULE: RuleSummaryContract = {
  id: '5d0f3e0a-6c1e-4b4e-9d7a-1f2e3c4b5a60',
  name: 'root_failed',
  title: 'Failed SSH Password For Root',
  level: 'medium',
  status: 'test',
  ruleset: 'imported',
  path: 'rules/linux/x.yml',
  revision: '0123456789abcdef',
  kind: 'detection',
  type: 'detection',
  tags: ['attack.t1110.001'],
  logsource: { product: 'linux', service: 'sshd' },
  description: 'not printed in ndjson',
};

describe('rules output', () => {
  it('import summary: exactly one summary line, then one line per skipped file', () => {
    const text = formatImportSummary(3, [
      { path: 'a.yml', reason: 'invalid YAML: bad\n  at line 2' },
      { path: 'b.yml', reason: 'unmapped field ParentImage (in selection)' },
    ]);
    assert.equal(text, 'loaded 3, skipped 2\na.yml: invalid YAML: bad at line 2\nb.yml: unmapped field ParentImage (in selection)');
    assert.equal(formatImportSummary(0, []), 'loaded 0, skipped 0');
  });

  it('ndjson: the listed keys in order, nothing else', () => {
    assert.deepEqual(Object.keys(JSON.parse(ruleLine(RULE)) as object), ['id', 'title', 'level', 'ruleset', 'path', 'kind', 'type', 'status', 'tags', 'logsource']);
    const { status, logsource, ...bare } = RULE;
    void status;
    void logsource;
    assert.deepEqual(Object.keys(JSON.parse(ruleLine({ ...bare, kind: 'correlation', type: 'temporal' })) as object), ['id', 'title', 'level', 'ruleset', 'path', 'kind', 'type', 'tags']);
  });

  it('a title with terminal escapes is shown escaped, in the table and the summary', () => {
    const table = formatRulesTable([{ ...RULE, title: 'evil \u001b]0;owned\u0007 title' }]);
    assert.doesNotMatch(table, /[\u001b\u0007]/);
    assert.match(table, /^ID +LEVEL +TYPE +RULESET +TITLE$/m);
    assert.doesNotMatch(formatImportSummary(0, [{ path: 'x\u001b[2J.yml', reason: 'r' }]), /\u001b/);
  });
});
