// `GET /api/v1/access/matrix` (docs/access.md): the running server's access-rights matrix — its
// roles (built-in and `access.roles`) × systems × permissions, the active tokens and enabled
// users holding each role, and every route with the permission it needs (R-ACCESS-1). Permission
// `audit.read`: reviewing who may do what is the auditor's work (and the admin's, who holds every
// permission); it names tokens and users, never their secrets.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { accessMatrix, type HolderInput } from '../access/access-matrix.ts';
import type { AccessMatrixContract } from '../contracts/access.ts';
import type { RouteEntry } from '../http/route-catalogue.ts';
import type { Clock } from '../runtime/clock.ts';

export interface AccessRouteDeps {
  readonly access: Pick<AccessServices, 'tokens' | 'users' | 'roles'>;
  /** The systems a role or token may name (roles-schema.ts nameableSystems). */
  readonly systems: readonly string[];
  /** Every route of the app, read when asked (all are registered by then). */
  readonly routes: () => readonly RouteEntry[];
  readonly clock: Clock;
}

export function registerAccessRoutes(app: FastifyInstance, deps: AccessRouteDeps): void {
  app.get('/api/v1/access/matrix', { config: { permission: 'audit.read' } }, async (): Promise<AccessMatrixContract> => {
    const now = deps.clock.now();
    const holders: HolderInput[] = [
      ...deps.access.tokens.list(now).map((token) => ({ kind: 'token' as const, name: token.name, role: token.role, systems: token.systems, active: token.state === 'active' })),
      ...deps.access.users.list(now).map((user) => ({ kind: 'user' as const, name: user.name, role: user.role, systems: user.systems, active: !user.disabled })),
    ];
    return accessMatrix({ roles: deps.access.roles.roles, systems: deps.systems, holders, routes: deps.routes() });
  });
}
