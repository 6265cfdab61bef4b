// Single sign-on routes (only when `access.oidc` is configured): GET /api/v1/auth/oidc/start
// redirects to the provider, GET /api/v1/auth/oidc/callback completes the sign-in.
//
// SCAFFOLD (issue 13): the OIDC helper builds these.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';

export interface OidcRouteDeps {
  readonly config: Config;
  readonly access: AccessServices;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function registerOidcRoutes(_app: FastifyInstance, _deps: OidcRouteDeps): void {}
