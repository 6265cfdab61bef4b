// User administration (users.manage): /api/v1/users — add, list, disable, set a password, set roles.
//
// SCAFFOLD (issue 13): the users helper builds these.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Clock } from '../runtime/clock.ts';

export interface UserRouteDeps {
  readonly access: AccessServices;
  readonly clock: Clock;
}

export function registerUserRoutes(_app: FastifyInstance, _deps: UserRouteDeps): void {}
