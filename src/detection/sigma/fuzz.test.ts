// The compiler on hostile input (issue 12: users import rule sets as they are): whatever a YAML
// document holds, compileDetection returns a compiled detection or refuses with a SigmaRuleError —
// never another exception — and conditions however nested or garbled are refused the same way.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FieldSel } from '../../query/predicate.ts';
import { fieldByName } from '../../schema/fields.ts';
import { parseCondition } from './condition.ts';
import { compileDetection, SigmaRuleError } from './detection.ts';

const resolveField = (name: string): FieldSel | undefined => {
  const def = fieldByName(name);
  return def && def.kind !== 'map' ? { def, name } : undefined;
};
const CONTEXT = { resolveField, placeholders: { p: ['a', 'b*'], many: Array.from({ length: 40 }, (_, i) => `v${i}`) } };

const MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'base64',
  'base64offset',
  'wide',
  'utf16',
  'utf16be',
  'windash',
  'exists',
  'fieldref',
  'gt',
  'lte',
  'expand',
  'cased',
  'neq',
  'hour',
  'bogus',
];
const FIELDS = ['user.name', 'message', 'source.ip', 'source.port', 'logwarden.truncated', '@timestamp', 'event.category', 'Unmapped', ''];
const key = fc.tuple(fc.constantFrom(...FIELDS), fc.array(fc.constantFrom(...MODIFIERS), { maxLength: 4 })).map(([f, m]) => [f, ...m].join('|'));
const scalar = fc.oneof(fc.string(), fc.constantFrom('%p%', '%many%%many%', '-a-b-c', '10.0.0.0/8', '(a', '\\', '*', 'user.name'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string(), scalar, { maxKeys: 2 }));
const search = fc.oneof(fc.dictionary(key, value, { maxKeys: 3 }), fc.array(fc.oneof(scalar, fc.dictionary(key, value, { maxKeys: 2 })), { maxLength: 3 }), scalar);
const condition = fc.oneof(
  fc.string(),
  fc.constantFrom('sel', 'not sel', '1 of them', 'all of s*', 'sel and (x or', '2 of them', 'sel | count() > 1'),
  fc.array(fc.string(), { maxLength: 2 }),
  scalar,
);
const detection = fc.oneof(fc.record({ sel: search, x: search, condition }, { requiredKeys: [] }), value);

const onlySigmaErrors = (run: () => unknown): void => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SigmaRuleError, String(error));
  }
};

describe('the Sigma compiler on hostile input', () => {
  it('compiles or refuses with a SigmaRuleError, whatever the detection section holds', () => {
    fc.assert(
      fc.property(detection, (d) => onlySigmaErrors(() => compileDetection(d, CONTEXT))),
      { numRuns: 2000 },
    );
  });

  it('refuses deep nesting and garbled conditions with a SigmaRuleError', () => {
    onlySigmaErrors(() => parseCondition(`${'('.repeat(5000)}a${')'.repeat(5000)}`, ['a']));
    onlySigmaErrors(() => parseCondition(`${'not '.repeat(5000)}a`, ['a']));
    assert.throws(() => parseCondition(`${'('.repeat(100)}a${')'.repeat(100)}`, ['a']), /nests deeper than 64 levels/);
    assert.deepEqual(parseCondition(`${'('.repeat(60)}a${')'.repeat(60)}`, ['a']), { op: 'search', name: 'a' });
    fc.assert(fc.property(fc.string(), (text) => onlySigmaErrors(() => parseCondition(text, ['a', 'b_1']))));
  });

  it('refuses a value that would become too many values', () => {
    assert.throws(() => compileDetection({ sel: { 'user.name|expand': '%many%%many%' }, condition: 'sel' }, CONTEXT), /more than 1000 values/);
  });
});
