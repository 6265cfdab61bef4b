import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryableField } from '../../../contracts/fields.ts';
import { applySuggestion, fieldSuggestions, resolveField, typingContext, valueSuggestions } from './suggestions.ts';

const FIELDS: QueryableField[] = [
  { name: 'host.name', kind: 'keyword', description: 'host', values: true },
  { name: 'host.ip', kind: 'ip', description: 'address', values: true },
  { name: 'source.ip', kind: 'ip', description: 'source', values: true },
  { name: 'labels', kind: 'map', description: 'labels', values: false },
];
const ALIASES = { host: 'host.name' };

test('the word under the caret: a field name, a value after a colon, or nothing to suggest', () => {
  assert.deepEqual(typingContext('failed hos', 10), { kind: 'field', start: 7, end: 10, prefix: 'hos' });
  assert.deepEqual(typingContext('failed -host.name:we', 20), { kind: 'value', start: 8, end: 20, field: 'host.name', prefix: 'we' });
  assert.deepEqual(typingContext('(host:"we', 9), { kind: 'value', start: 1, end: 9, field: 'host', prefix: 'we' });
  assert.deepEqual(typingContext('failed ', 7), { kind: 'none' });
  assert.deepEqual(typingContext('"failed pass', 12), { kind: 'none' }, 'inside a phrase');
  assert.deepEqual(typingContext('source.port:>10', 15), { kind: 'none' }, 'a comparison');
  assert.deepEqual(typingContext('hos failed', 3), { kind: 'field', start: 0, end: 3, prefix: 'hos' }, 'the caret mid-text');
});

test('field names starting with the prefix come first, then those containing it; aliases too', () => {
  assert.deepEqual(
    fieldSuggestions('ho', FIELDS, ALIASES).map((s) => s.insert),
    ['host.name:', 'host.ip:', 'host:'],
  );
  assert.deepEqual(
    fieldSuggestions('ip', FIELDS, ALIASES).map((s) => s.label),
    ['host.ip', 'source.ip'],
  );
  assert.deepEqual(
    fieldSuggestions('lab', FIELDS, ALIASES).map((s) => s.insert),
    ['labels.'],
    'a map is continued by a key',
  );
});

test('values: those starting with the prefix first, quoted when they need it, the count as detail', () => {
  const buckets = [
    { value: 'db-1', count: 9 },
    { value: 'web 2', count: 5 },
    { value: 'web-1', count: 3 },
  ];
  assert.deepEqual(
    valueSuggestions('host.name', 'we', buckets).map((s) => [s.insert, s.detail]),
    [
      ['host.name:"web 2" ', '5'],
      ['host.name:web-1 ', '3'],
    ],
  );
  assert.equal(valueSuggestions('host.name', '', buckets).length, 3);
  assert.equal(resolveField('host', ALIASES), 'host.name');
});

test('applying a suggestion replaces the word, keeps the rest, and puts the caret after it', () => {
  const text = 'failed hos -user:root';
  const context = typingContext(text, 10);
  assert.notEqual(context.kind, 'none');
  if (context.kind === 'none') return;
  assert.deepEqual(applySuggestion(text, context, { label: 'host.name', insert: 'host.name:', detail: '' }), { text: 'failed host.name: -user:root', caret: 17 });
  const value = typingContext('host.name:we', 12);
  if (value.kind === 'none') assert.fail('a value context');
  assert.deepEqual(applySuggestion('host.name:we', value, { label: 'web-1', insert: 'host.name:web-1 ', detail: '' }), { text: 'host.name:web-1 ', caret: 16 });
});
