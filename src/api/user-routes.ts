// User administration (users.manage): /api/v1/users — add, list, disable, enable, set a password,
// set the role and systems. Each change is recorded in the audit trail as `user-change` with the
// user and the kind of change (never the password); answers never carry password hashes.
// Disabling a user or setting its password ends its sessions; a role change applies to them at
// once, as the auth hook reads the user's grant at every request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

const MANAGE = { config: { permission: 'users.manage', audit: 'user-change' } } as const;

export function registerUserRoutes(app: FastifyInstance, deps: UserRouteDeps): void {
  const { users, sessions } = deps.access;
  const now = (): number => deps.clock.now();
  app.post('/api/v1/users', MANAGE, async (request, reply) => {
    const body = parseParams(addUserBody, secretJsonBody(request, '{"name": "...", "role": "analyst", "systems": ["..."], "password": "..."}'));
    request.auditDetails = { target: body.name, change: 'add' };
    requireRole(deps.access.roles, body.role);
    const created: UserInfoContract = await users.add(body, actor(request), now());
    return reply.code(201).send(created);
  });
  app.get('/api/v1/users', { config: { permission: 'users.manage' } }, async (): Promise<{ users: UserInfoContract[] }> => ({ users: users.list(now()) }));
  for (const change of ['disable', 'enable'] as const) {
    app.post(`/api/v1/users/:name/${change}`, MANAGE, async (request): Promise<UserInfoContract> => {
      const { name } = target(request, change);
      const info = await users.setDisabled(name, change === 'disable', now());
      if (change === 'disable') sessions.endUser(name);
      return info;
    });
  }
  app.put('/api/v1/users/:name/password', MANAGE, async (request): Promise<UserInfoContract> => {
    const { name } = target(request, 'password');
    const { password } = parseParams(setPasswordBody, secretJsonBody(request, '{"password": "..."}'));
    const info = await users.setPassword(name, password, now());
    sessions.endUser(name); // whoever knew the old password is signed out
    return info;
  });
  app.put('/api/v1/users/:name/roles', MANAGE, async (request): Promise<UserInfoContract> => {
    const { name } = target(request, 'roles');
    const body = parseParams(setRolesBody, requiredJson(request.body, '{"role": "analyst", "systems": ["..."]}'));
    requireRole(deps.access.roles, body.role);
    return users.setRole(name, body.role, body.systems, now());
  });
}

/** The user a change is about, named in the audit details before anything is checked. */
function target(request: FastifyRequest, change: Change): { name: string } {
  const name = (request.params as { name?: unknown }).name;
  request.auditDetails = { target: typeof name === 'string' ? name : '', change };
  return parseParams(userParams, request.params);
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
