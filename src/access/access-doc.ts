// docs/access.md's access-rights matrix (R-ACCESS-1: access rights documented), rendered from the
// built-in roles (roles.ts) and the permissions (permissions.ts) so the page cannot drift from
// what the server enforces; access-doc.test.ts keeps them in step. Run this file
// (`node src/access/access-doc.ts`) to rewrite the block in docs/access.md. A running server's
// own matrix, custom roles and holders included, is `logwarden access matrix`.
import { readFile, writeFile } from 'node:fs/promises';
import { matrixTable } from './access-matrix.ts';
import { PERMISSION_DESCRIPTIONS, PERMISSIONS } from './permissions.ts';
import { BUILT_IN_ROLES } from './roles.ts';

export const MATRIX_BEGIN = '<!-- access-matrix:begin -->';
export const MATRIX_END = '<!-- access-matrix:end -->';

/** The generated block, markers included. */
export function renderAccessDoc(): string {
  const roles = BUILT_IN_ROLES.map((role) => ({
    name: role.name,
    permissions: [...role.permissions],
    systems: role.systems === undefined ? ('all' as const) : [...role.systems],
    masking: role.masking,
  }));
  const lines = [MATRIX_BEGIN, '<!-- Generated from src/access/roles.ts and src/access/permissions.ts by `node src/access/access-doc.ts`; do not edit by hand. -->', ''];
  lines.push(...matrixTable(roles.map(({ masking, ...role }) => (masking === undefined ? role : { ...role, masking }))), '');
  lines.push('The roles:', '');
  for (const role of BUILT_IN_ROLES) lines.push(`- \`${role.name}\`: ${role.description}.`);
  lines.push('', 'The permissions:', '');
  for (const permission of PERMISSIONS) lines.push(`- \`${permission}\`: ${PERMISSION_DESCRIPTIONS[permission]}.`);
  lines.push(MATRIX_END);
  return lines.join('\n');
}

/** The block as it stands in a page, markers included; undefined without markers. */
export function matrixBlock(page: string): string | undefined {
  const begin = page.indexOf(MATRIX_BEGIN);
  const end = page.indexOf(MATRIX_END, begin);
  return begin === -1 || end === -1 ? undefined : page.slice(begin, end + MATRIX_END.length);
}

if (import.meta.main) {
  const path = new URL('../../docs/access.md', import.meta.url);
  const page = await readFile(path, 'utf8');
  const block = matrixBlock(page);
  if (block === undefined) throw new Error(`docs/access.md has no ${MATRIX_BEGIN} … ${MATRIX_END} block`);
  await writeFile(path, page.replace(block, renderAccessDoc()));
}
