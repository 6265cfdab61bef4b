// The roles and systems a user or token may be given, for the forms' choices: from the access
// matrix when the caller may read it (audit.read); otherwise the forms take typed names and the
// server says which exist when one does not.
import { signal } from '@preact/signals';
import type { AccessMatrixContract } from '../../../contracts/access.ts';
import { api } from '../../api.ts';
import { can } from '../../session.ts';

export { parseSystems, systemsText } from './systems-text.ts';

export const matrix = signal<AccessMatrixContract | undefined>(undefined);

/** Fetches the matrix once per page (again with `fresh`, after a change that moves holders). */
export async function loadMatrix(fresh = false): Promise<AccessMatrixContract | undefined> {
  if (!can('audit.read')) return undefined;
  if (matrix.peek() === undefined || fresh) matrix.value = await api<AccessMatrixContract>('GET', '/api/v1/access/matrix');
  return matrix.peek();
}
