// The coded-error table and docs/errors.md stay in step: every code is documented with its status.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_CODES, LogwardenError } from './codes.ts';

test('every error code is documented in docs/errors.md with its HTTP status', async () => {
  const doc = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, { status }] of Object.entries(ERROR_CODES)) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    assert.ok(row, `${code} is missing from docs/errors.md`);
    assert.ok(row.includes(`| ${status || '—'} |`), `${code} has status ${status} in the table`);
  }
});

test('a LogwardenError serialises with its code and evidence', () => {
  const error = new LogwardenError('LW_QUERY_SYNTAX', 'expected ")" at 4', { position: 4 });
  assert.equal(error.status, 400);
  assert.deepEqual(error.toJSON(), { error: { code: 'LW_QUERY_SYNTAX', message: 'expected ")" at 4', position: 4 } });
});
