// Sign-in and sign-out of users (password), and who the caller is: POST /api/v1/auth/sign-in,
// POST /api/v1/auth/sign-out, GET /api/v1/auth/me.
//
// SCAFFOLD (issue 13): the users helper builds these.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';

export interface SessionRouteDeps {
  readonly config: Config;
  readonly access: AccessServices;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function registerSessionRoutes(_app: FastifyInstance, _deps: SessionRouteDeps): void {}
