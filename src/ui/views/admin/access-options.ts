// The roles and systems a user or token may be given, for the forms' choices: from the access
// matrix when the caller may read it (audit.read); otherwise the forms take typed names and the
// server says which exist when one does not.
import { signal } from '@preact/signals';
import type { AccessMatrixContract } from '../../../contracts/access.ts';
import { api } from '../../api.ts';
import { can } from '../../session.ts';

export const matrix = signal<AccessMatrixContract | undefined>(undefined);

/** Fetches the matrix once per page (again with `fresh`, after a change that moves holders). */
export async function loadMatrix(fresh = false): Promise<AccessMatrixContract | undefined> {
  if (!can('audit.read')) return undefined;
  if (matrix.peek() === undefined || fresh) matrix.value = await api<AccessMatrixContract>('GET', '/api/v1/access/matrix');
  return matrix.peek();
}

/** `web, db` → `['web', 'db']`; empty → undefined (every system the role reads). */
export function parseSystems(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length === 0 ? undefined : names;
}

/** How a holder's systems read in a table: `all` when not limited. */
export function systemsText(systems: readonly string[] | undefined): string {
  return systems === undefined ? 'all of the role' : systems.join(', ');
}
