// User administration (users.manage): /api/v1/users — add, list, disable, enable, set a password,
// set the role and systems. Each change is recorded in the audit trail as `user-change` with the
// user and the kind of change (never the password); answers never carry password hashes.
// Disabling a user or setting its password ends its sessions; a role change applies to them at
// once, as the auth hook reads the user's grant at every request.
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { addUserBody, setPasswordBody, setRolesBody, userParams, type UserInfoContract } from '../contracts/users.ts';
import { jsonRequestBody } from '../contracts/parse.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import { parseParams } from './params.ts';
import { secretJsonBody } from './secret-body.ts';

export interface UserRouteDeps {
  readonly access: Pick<AccessServices, 'users' | 'sessions' | 'roles'>;
  readonly clock: Clock;
}

type Change = 'add' | 'disable' | 'enable' | 'password' | 'roles';

/**
 * The options of a change route. Its audit details are set in preValidation, before the audit
 * hook records the change's intent (in preHandler), so that even the intent names the user.
 */
function manage(change: Change): RouteShorthandOptions {
  return {
    config: { permission: 'users.manage', audit: 'user-change' },
    preValidation: async (request: FastifyRequest) => {
      request.auditDetails = { target: targetName(request), change };
    },
  };
}

export function registerUserRoutes(app: FastifyInstance, deps: UserRouteDeps): void {
  const { users, sessions } = deps.access;
  const now = (): number => deps.clock.now();
  app.post('/api/v1/users', manage('add'), async (request, reply) => {
    const body = parseParams(addUserBody, secretJsonBody(request, '{"name": "...", "role": "analyst", "systems": ["..."], "password": "..."}'));
    requireRole(deps.access.roles, body.role);
    const created: UserInfoContract = await users.add(body, actor(request), now());
    return reply.code(201).send(created);
  });
  app.get('/api/v1/users', { config: { permission: 'users.manage' } }, async (): Promise<{ users: UserInfoContract[] }> => ({ users: users.list(now()) }));
  for (const change of ['disable', 'enable'] as const) {
    app.post(`/api/v1/users/:name/${change}`, manage(change), async (request): Promise<UserInfoContract> => {
      const { name } = parseParams(userParams, request.params);
      const info = await users.setDisabled(name, change === 'disable', now());
      if (change === 'disable') sessions.endUser(name);
      return info;
    });
  }
  app.put('/api/v1/users/:name/password', manage('password'), async (request): Promise<UserInfoContract> => {
    const { name } = parseParams(userParams, request.params);
    const { password } = parseParams(setPasswordBody, secretJsonBody(request, '{"password": "..."}'));
    const info = await users.setPassword(name, password, now());
    sessions.endUser(name); // whoever knew the old password is signed out
    return info;
  });
  app.put('/api/v1/users/:name/roles', manage('roles'), async (request): Promise<UserInfoContract> => {
    const { name } = parseParams(userParams, request.params);
    const body = parseParams(setRolesBody, requiredJson(request.body, '{"role": "analyst", "systems": ["..."]}'));
    requireRole(deps.access.roles, body.role);
    return users.setRole(name, body.role, body.systems, now());
  });
}

/** The user a change is about, from the path or (adding one) the body; '' when it has none. */
function targetName(request: FastifyRequest): string {
  const fromPath = (request.params as { name?: unknown } | undefined)?.name;
  if (typeof fromPath === 'string') return fromPath;
  try {
    const fromBody = (jsonRequestBody(request.body, '') as { name?: unknown } | undefined)?.name;
    return typeof fromBody === 'string' ? fromBody : '';
  } catch {
    return ''; // the route refuses the body itself, with a message that does not quote it
  }
}

function requireRole(roles: AccessServices['roles'], role: string): void {
  if (roles.get(role) !== undefined) return;
  throw new LogwardenError('LW_BAD_REQUEST', `role: no role named "${role}"; the roles are ${roles.roles.map((one) => one.name).join(', ')}`);
}

/** Who made the change, as `users.json` records it: a token or a user, by name. */
function actor(request: FastifyRequest): string {
  const principal = request.principal;
  return principal === undefined ? 'unknown' : `${principal.kind}:${principal.name}`;
}

function requiredJson(body: unknown, example: string): unknown {
  const parsed = jsonRequestBody(body, example);
  if (parsed === undefined) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body ${example}`);
  return parsed;
}
