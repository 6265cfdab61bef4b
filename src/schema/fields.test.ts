// docs/fields.md lists every stored field with its kind, and the registry has no duplicate names
// or columns (a duplicate column would silently merge two fields).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { FIELD_ALIASES, FIELDS, resolveField } from './fields.ts';

test('every field is documented in docs/fields.md', async () => {
  const doc = await readFile(new URL('../../docs/fields.md', import.meta.url), 'utf8');
  for (const field of FIELDS) assert.ok(doc.includes(`| \`${field.name}\` | ${field.kind} |`), `${field.name} missing from docs/fields.md`);
});

test('field names and columns are unique, and every alias resolves', () => {
  assert.equal(new Set(FIELDS.map((f) => f.name)).size, FIELDS.length);
  assert.equal(new Set(FIELDS.map((f) => f.column)).size, FIELDS.length);
  for (const [alias, target] of Object.entries(FIELD_ALIASES)) assert.equal(resolveField(alias)?.name, target);
  assert.equal(resolveField('no.such.field'), undefined);
});
