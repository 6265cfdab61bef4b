// docs/access.md's access-rights matrix is what the server enforces (R-ACCESS-1: access rights
// documented): the block is rendered from the roles and permissions tables, and must equal them now.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { PERMISSIONS } from './permissions.ts';
import { BUILT_IN_ROLES } from './roles.ts';
import { matrixBlock, renderAccessDoc } from './access-doc.ts';

test('R-ACCESS-1: the access-rights matrix of docs/access.md is what access-doc.ts renders from the roles now', async () => {
  const page = await readFile(new URL('../../docs/access.md', import.meta.url), 'utf8');
  const block = matrixBlock(page);
  assert.ok(block, 'docs/access.md has the access-matrix block');
  assert.equal(block, renderAccessDoc(), 'docs/access.md is out of date with src/access/roles.ts: run `node src/access/access-doc.ts`');
});

test('R-ACCESS-1: the rendered matrix ticks exactly the permissions each role holds', () => {
  const rows = renderAccessDoc()
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  assert.equal(rows.length, PERMISSIONS.length);
  for (const row of rows) {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const permission = (cells[0] as string).replaceAll('`', '');
    BUILT_IN_ROLES.forEach((role, index) => assert.equal(cells[index + 1] === '✓', (role.permissions as readonly string[]).includes(permission), `${role.name} × ${permission}`));
  }
});
