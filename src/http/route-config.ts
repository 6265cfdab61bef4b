// What a route declares about who may call it, read by the auth hook (src/http/auth.ts), and what
// it is recorded as (`audit`, src/audit/audit-action.ts). Here, in the shared HTTP plumbing, so
// that the API's routes and the HTTP sources (src/sources/) declare it alike without either
// importing the other.
import type { Permission } from '../access/permissions.ts';
import type { Principal } from '../access/principal.ts';
import '../audit/audit-action.ts';

export type { Permission };

/** What a route may declare: a permission, or one of the two markers. */
export type RoutePermission = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, set by the auth hook on every route that is not public. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /**
     * The permission the caller needs; `public` for /healthz, /readyz and the sign-in routes;
     * `authenticated` for what any signed-in caller may do whatever its role (GET /api/v1/auth/me).
     * Every route declares one (src/api/route-permissions.test.ts enforces it).
     */
    permission?: RoutePermission;
    /** Which Authorization schemes the route takes; `bearer` when not set. */
    credentials?: 'bearer' | 'elasticsearch';
  }
}
