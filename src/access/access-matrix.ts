// The access-rights matrix (R-ACCESS-1: access rights documented): roles × systems × permissions,
// and who holds each role. Built from the roles in force (roles.ts), the permissions
// (permissions.ts) and the tokens and users; rendered as one Markdown table for docs/access.md
// (access-doc.ts, the built-in roles) and for `logwarden access matrix` (the running server's). Pure.
import type { AccessMatrixContract, AccessRoleContract } from '../contracts/access.ts';
import type { RouteEntry } from '../http/route-catalogue.ts';
import { PERMISSION_DESCRIPTIONS, PERMISSIONS } from './permissions.ts';
import { BUILT_IN_ROLE_NAMES, type RoleDefinition } from './roles.ts';

/** A token or user as far as the matrix cares: its name, role, own systems, and whether it is in use. */
export interface HolderInput {
  readonly kind: 'token' | 'user';
  readonly name: string;
  readonly role: string;
  readonly systems?: readonly string[] | undefined;
  readonly active: boolean;
}

export interface MatrixInput {
  readonly roles: readonly RoleDefinition[];
  readonly systems: readonly string[];
  readonly holders: readonly HolderInput[];
  readonly routes: readonly RouteEntry[];
}

export function accessMatrix(input: MatrixInput): AccessMatrixContract {
  return {
    permissions: PERMISSIONS.map((name) => ({ name, description: PERMISSION_DESCRIPTIONS[name] })),
    systems: [...input.systems],
    roles: input.roles.map((role) => roleRow(role, input.holders)),
    routes: input.routes.map(({ method, url, permission }) => ({ method, url, permission })),
  };
}

function roleRow(role: RoleDefinition, holders: readonly HolderInput[]): AccessRoleContract {
  return {
    name: role.name,
    description: role.description,
    builtIn: BUILT_IN_ROLE_NAMES.includes(role.name),
    permissions: PERMISSIONS.filter((permission) => role.permissions.includes(permission)),
    systems: role.systems === undefined ? 'all' : [...role.systems],
    ...(role.masking === undefined ? {} : { masking: role.masking }),
    holders: holders.filter((holder) => holder.active && holder.role === role.name).map((holder) => ({ kind: holder.kind, name: holder.name, systems: reachOf(role.systems, holder.systems) })),
  };
}

/** What a holder reads: the role's systems ∩ its own (as RoleSet.principalFor resolves it). */
function reachOf(role: readonly string[] | undefined, own: readonly string[] | undefined): 'all' | string[] {
  if (role === undefined && own === undefined) return 'all';
  if (role === undefined) return [...(own ?? [])];
  if (own === undefined) return [...role];
  return role.filter((system) => own.includes(system));
}

const reachText = (reach: 'all' | readonly string[]): string => (reach === 'all' ? 'all' : reach.length === 0 ? 'none' : reach.join(', '));

/**
 * The matrix as a Markdown table: a row per permission, a column per role, then each role's
 * systems and masking profile. The same table in the docs and on the command line.
 */
export function matrixTable(roles: readonly Pick<AccessRoleContract, 'name' | 'permissions' | 'systems' | 'masking'>[]): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [row(['permission', ...roles.map((role) => `\`${role.name}\``)]), row(['---', ...roles.map(() => ':---:')])];
  for (const permission of PERMISSIONS) lines.push(row([`\`${permission}\``, ...roles.map((role) => (role.permissions.includes(permission) ? '✓' : ''))]));
  lines.push(row(['**systems**', ...roles.map((role) => reachText(role.systems))]));
  lines.push(row(['**masking**', ...roles.map((role) => role.masking ?? '–')]));
  return lines;
}

/** Who holds each role, one line per role: `role: token a (web), user b (all)`. */
export function holderLines(roles: readonly AccessRoleContract[]): string[] {
  return roles.map((role) => `${role.name}: ${role.holders.length === 0 ? 'nobody' : role.holders.map((holder) => `${holder.kind} ${holder.name} (${reachText(holder.systems)})`).join(', ')}`);
}
