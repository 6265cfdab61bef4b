// The one place a caller's scope comes from. Routes pass `scopeOf(request.principal)` to every
// read and never build a scope themselves: the principal's scope is resolved once, from its role
// and its own systems, by RoleSet.principalFor (roles.ts).
import type { Scope } from '../query/scope.ts';
import type { Principal } from './principal.ts';

/** A missing principal is a wiring bug (the auth hook sets one on every non-public route). */
export function scopeOf(principal: Principal | undefined): Scope {
  if (principal === undefined) throw new Error('scopeOf: the request has no authenticated principal (route without permission?)');
  return principal.scope;
}
