// docs/access.md's access-rights matrix (R-ACCESS-1: access rights documented), rendered from the
// built-in roles (roles.ts) and the permissions (permissions.ts) so the page cannot drift from
// what the server enforces; access-doc.test.ts keeps them in step. Run this file
// (`node src/access/access-doc.ts`) to rewrite the block in docs/access.md. A running server's
// own matrix, custom roles and holders included, is `logwarden access matrix`.
import { docBlock, rewriteDocBlock } from '../runtime/doc-block.ts';
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
  return docBlock(page, MATRIX_BEGIN, MATRIX_END);
}

if (import.meta.main) await rewriteDocBlock(new URL('../../docs/access.md', import.meta.url), { begin: MATRIX_BEGIN, end: MATRIX_END }, renderAccessDoc());
