// The group keys silence and the anomaly rules' history lookups build without allocating must be
// exactly the keys groupKeyOf builds (the groups a stored detection names after a restart, the
// windows the stream path and the SQL path agree on): for any event, any group-by fields, any
// aliases. R-ANALYSE-2 (correlation of events across systems, by group).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { FieldValue, LogEvent } from '../../schema/event.ts';
import { correlation } from './correlation.fixtures.ts';
import { fieldValuesKey, groupKeyOf, groupKeyText, valueText } from './group-key.ts';

const FIELDS = ['logwarden.system', 'logwarden.source.listener', 'user.name', 'source.ip', 'process.pid', 'tags'];
const value: fc.Arbitrary<FieldValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('"', '\\', '[1,2]', ',', '\u2028'),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
);
const event: fc.Arbitrary<LogEvent> = fc.record(Object.fromEntries(FIELDS.map((field) => [field, value])), { requiredKeys: [] }) as fc.Arbitrary<LogEvent>;
const groupBy = fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 });

test('R-ANALYSE-2 property: groupKeyText is the key groupKeyOf makes, aliases included, and undefined exactly when it makes none', () => {
  fc.assert(
    fc.property(event, groupBy, fc.option(fc.constantFrom(...FIELDS), { nil: undefined }), (one, names, alias) => {
      const groupFields = alias === undefined ? {} : { [names[0] as string]: { 'rule-a': alias } };
      const rule = correlation({ id: 'c', type: 'silence', rules: [], groupBy: names, groupFields });
      for (const ruleId of ['rule-a', 'rule-b']) assert.equal(groupKeyText(rule, ruleId, one), groupKeyOf(rule, ruleId, one)?.key);
    }),
    { numRuns: 500 },
  );
});

test('R-ANALYSE-2 property: fieldValuesKey is the JSON of the fields’ values, undefined when one is missing', () => {
  fc.assert(
    fc.property(event, groupBy, (one, fields) => {
      const values = fields.map((field) => valueText(one[field]));
      assert.equal(fieldValuesKey(fields, one), values.some((text) => text === undefined) ? undefined : JSON.stringify(values));
    }),
    { numRuns: 500 },
  );
});
