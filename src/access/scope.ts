// The one place a caller's scope comes from. Routes pass `scopeOf(request.principal)` to every
// read and never build a scope themselves, so when principals gain systems only this changes.
import { ALL_SYSTEMS, type Scope } from '../query/scope.ts';
import type { Principal } from './tokens.ts';

/**
 * The systems whose events the principal may read. Today tokens carry roles, not systems, and
 * every role that may read reads everything; issue 13 gives tokens and users their systems.
 * A missing principal is a wiring bug (the auth hook sets one on every non-public route).
 */
export function scopeOf(principal: Principal | undefined): Scope {
  if (principal === undefined) throw new Error('scopeOf: the request has no authenticated principal (route without permission?)');
  return ALL_SYSTEMS;
}
