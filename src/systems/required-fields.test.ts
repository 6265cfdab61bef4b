// The one table of required fields (R-FIELDS-1) is what docs/systems.md shows, and every field in
// it is a stored field the coverage query can count.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveField } from '../schema/fields.ts';
import { REQUIRED_FIELDS, SKEW_FLAG_FIELD } from './required-fields.ts';

test('R-FIELDS-1: docs/systems.md lists exactly the required-fields table, in its order and words', () => {
  const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/systems.md'), 'utf8').split('## Field coverage')[1] ?? '';
  const rows = [...docs.matchAll(/^\| `([a-z]+)` \| ([^|]+) \| ([^|]+) \|$/gm)].map((match) => ({
    key: match[1],
    requirement: (match[2] as string).trim(),
    fields: [...(match[3] as string).matchAll(/`([^`]+)`/g)].map((field) => field[1]),
  }));
  assert.deepEqual(
    rows,
    REQUIRED_FIELDS.map((required) => ({ key: required.key, requirement: required.requirement, fields: [...required.fields] })),
  );
});

test('every required field, and the skew flag, is in the field registry', () => {
  for (const name of [...REQUIRED_FIELDS.flatMap((required) => required.fields), SKEW_FLAG_FIELD]) assert.ok(resolveField(name), name);
  assert.equal(new Set(REQUIRED_FIELDS.map((required) => required.key)).size, REQUIRED_FIELDS.length, 'keys are unique');
});
