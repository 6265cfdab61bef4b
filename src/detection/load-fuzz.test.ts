// Rule files come from users' checkouts and from `rules import`: whatever they hold, loading lists
// each document as a rule or a skipped entry with a reason and never throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadRuleTexts } from './load.ts';

const OPTIONS = { placeholders: {} };
const ID = '3c1d9a7e-2b4f-4e6a-9c8d-7f0e1a2b3c4d';

const check = (text: string): void => {
  const set = loadRuleTexts([{ path: 'x.yml', text, ruleset: 'fuzz' }], OPTIONS);
  for (const entry of set.skipped) assert.ok(entry.reason.length > 0 && entry.path === 'x.yml');
};

test('arbitrary text never makes loading throw', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 300 });
});

test('rule-shaped documents with arbitrary values in every section never make loading throw', () => {
  const value = fc.jsonValue({ maxDepth: 3 });
  const document = fc.record(
    {
      title: fc.oneof(fc.string(), value),
      id: fc.constantFrom(ID, 'not-a-uuid', 7),
      name: fc.oneof(fc.constantFrom('base', 'other'), value),
      level: fc.oneof(fc.constantFrom('high', 'Low', 'severe'), value),
      logsource: fc.oneof(fc.record({ product: fc.constantFrom('linux', 'windows'), service: fc.constantFrom('sshd', 'auditd', 'x') }, { requiredKeys: [] }), value),
      detection: fc.oneof(
        fc.record({ sel: fc.dictionary(fc.constantFrom('user.name', 'exe', 'cs-uri-query|contains', 'a|re'), value), condition: fc.constantFrom('sel', 'not sel', '1 of them', 'sel and') }),
        value,
      ),
      correlation: fc.oneof(
        fc.record(
          {
            type: fc.constantFrom('event_count', 'temporal', 'silence', 'rate'),
            rules: fc.constantFrom(['base'], [ID], 'base'),
            'group-by': value,
            timespan: fc.constantFrom('5m', '0s', 'x'),
            condition: value,
          },
          { requiredKeys: ['type'] },
        ),
        value,
      ),
      filter: fc.oneof(fc.record({ rules: fc.constantFrom(['base'], 'base'), sel: value, condition: fc.constantFrom('sel', 'not sel') }), value),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.array(document, { maxLength: 4 }), (documents) => check(documents.map((d) => stringify(d)).join('---\n'))),
    { numRuns: 300 },
  );
});
