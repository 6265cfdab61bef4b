// The authenticated caller of a request, whoever it is: a token (machines, scripts) or a signed-in
// user (password or single sign-on). The auth hook sets it (src/http/auth.ts); everything after it
// reads permissions, scope and masking from here and nowhere else.
import type { Scope } from '../query/scope.ts';
import type { Permission } from './permissions.ts';

export interface Principal {
  /** A token's name or a user's name: what the audit trail records as `user.name`. */
  readonly name: string;
  readonly kind: 'token' | 'user';
  /** The role's name (built-in or from `access.roles`). */
  readonly role: string;
  readonly permissions: ReadonlySet<Permission>;
  /** The systems whose events the caller may read: the role's systems ∩ the token's or user's (scope.ts). */
  readonly scope: Scope;
  /** The masking profile every read of this caller goes through (masking.ts); none when absent. */
  readonly masking?: string;
  /** The server-side session of a signed-in user (cookie); absent for tokens. */
  readonly sessionId?: string;
}

export function may(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}
