// What a provider's claims about a user grant in logwarden: the user's name, one role (through
// access.oidc.roleMap, or the default role) and optionally the systems the user is limited to.
// A user the configuration gives no role is refused, never let in with a guess (R-ACCESS-1). Pure.
import { USER_NAME_PATTERN } from '../contracts/users.ts';
import type { OidcConfig } from './oidc-schema.ts';
import type { Grant } from './roles.ts';

export type ClaimsOutcome = { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly reason: string; readonly userName?: string };

/** The grant the claims make, or why they make none. */
export function grantFromClaims(claims: Readonly<Record<string, unknown>>, oidc: OidcConfig): ClaimsOutcome {
  const name = claims[oidc.usernameClaim];
  if (typeof name !== 'string' || !USER_NAME_PATTERN.test(name)) {
    const found = typeof name === 'string' ? 'a value that is not a usable user name (letters, digits, ".", "_", "@", "-"; at most 128, as for local users)' : 'no such claim';
    return { ok: false, reason: `the provider's claim ${oidc.usernameClaim} (access.oidc.usernameClaim) names no user: found ${found}` };
  }
  const role = roleOf(claims, oidc);
  if (role === undefined) return { ok: false, userName: name, reason: noRoleReason(name, claims, oidc) };
  if (oidc.systemsClaim === undefined) return { ok: true, grant: { kind: 'user', name, role } };
  const systems = claims[oidc.systemsClaim];
  // Configured but absent: refusing is the need-to-know answer; "every system" would be a guess.
  if (systems === undefined) return { ok: false, userName: name, reason: `the provider sent no ${oidc.systemsClaim} claim for user "${name}", which access.oidc.systemsClaim requires` };
  return { ok: true, grant: { kind: 'user', name, role, systems: claimValues(systems) } };
}

/**
 * The role of the first roleMap entry (in the configuration's order) whose value the user has, else
 * the default role. (JavaScript orders integer-like keys first: a map keyed by numeric group ids
 * is tried in numeric order.)
 */
function roleOf(claims: Readonly<Record<string, unknown>>, oidc: OidcConfig): string | undefined {
  const values = oidc.rolesClaim === undefined ? [] : claimValues(claims[oidc.rolesClaim]);
  for (const [value, role] of Object.entries(oidc.roleMap)) if (values.includes(value)) return role;
  return oidc.defaultRole;
}

function noRoleReason(name: string, claims: Readonly<Record<string, unknown>>, oidc: OidcConfig): string {
  const claim = oidc.rolesClaim ?? 'groups';
  const values = claimValues(claims[claim]);
  const found = values.length === 0 ? `no ${claim} values` : `${claim} ${values.slice(0, 20).join(', ')}`;
  return `user "${name}" has no role in logwarden: access.oidc.roleMap maps none of its values (found ${found}) and there is no defaultRole`;
}

/** A claim that is a string or a list of strings, as a list; anything else is no values. */
export function claimValues(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string');
  return [];
}
