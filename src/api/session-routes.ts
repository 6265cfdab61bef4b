// Sign-in and sign-out of local users (password), who the caller is, and a user's own password
// change: POST /api/v1/auth/sign-in, POST /api/v1/auth/sign-out, GET /api/v1/auth/me, POST
// /api/v1/auth/password. A failed sign-in answers the same LW_SIGN_IN_FAILED whether the name is
// unknown, the password wrong, or the user disabled or locked out; only the log and the audit
// trail say which. GET /api/v1/auth/methods tells the sign-in page whether single sign-on is configured. Failed sign-ins count against the peer address like failed tokens (peer-guard.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Principal } from '../access/principal.ts';
import { sessionHandle } from '../access/sessions.ts';
import type { Config } from '../config/schema.ts';
import { changeOwnPasswordBody, signInBody, type AuthMethodsResponse, type MeResponse, type SignInResponse } from '../contracts/users.ts';
import { LogwardenError } from '../errors/codes.ts';
import { peerAddress, type PeerGuard } from '../http/peer-guard.ts';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from '../http/session-cookie.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import { parseParams } from './params.ts';
import { secretJsonBody } from './secret-body.ts';

export interface SessionRouteDeps {
  readonly config: Config;
  readonly access: Pick<AccessServices, 'users' | 'sessions' | 'roles'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The auth hook's count of failed authentications per peer (http-app.ts makes one for both). */
  readonly guard: PeerGuard;
}

const SIGN_IN_FAILED = 'the user name or password is wrong, or the user is disabled or locked out';

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  app.get('/api/v1/auth/methods', { config: { permission: 'public' } }, async (request): Promise<AuthMethodsResponse> => {
    const oidc = deps.config.access.oidc;
    const id = sessionIdOf(request.headers.cookie);
    const session = id !== undefined && id !== '' && deps.access.sessions.authenticate(id, deps.clock.now()) !== undefined;
    return { password: true, session, ...(oidc ? { oidc: { label: new URL(oidc.issuer).host, start: '/api/v1/auth/oidc/start' } } : {}) };
  });
  app.post('/api/v1/auth/sign-in', { config: { permission: 'public', audit: 'sign-in' } }, (request, reply) => signIn(request, reply, deps));

  app.post('/api/v1/auth/sign-out', { config: { permission: 'authenticated', audit: 'sign-out' } }, async (request, reply) => {
    const id = sessionIdOf(request.headers.cookie);
    if (request.principal?.sessionId === undefined || id === undefined) {
      throw new LogwardenError('LW_BAD_REQUEST', 'sign-out ends a signed-in browser session, and this request has none; a token is revoked with DELETE /api/v1/tokens/:name');
    }
    deps.access.sessions.end(id);
    reply.header('set-cookie', clearedSessionCookie());
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', { config: { permission: 'authenticated' } }, async (request): Promise<MeResponse> => {
    const principal = signedIn(request);
    const id = sessionIdOf(request.headers.cookie);
    const csrfToken = principal.sessionId !== undefined && id !== undefined ? deps.access.sessions.authenticate(id, deps.clock.now())?.csrfToken : undefined;
    return {
      name: principal.name,
      kind: principal.kind,
      role: principal.role,
      permissions: [...principal.permissions].sort(),
      ...systemsOf(principal),
      ...(csrfToken === undefined ? {} : { csrfToken }),
      ...(principal.masking === undefined ? {} : { masking: principal.masking }),
    };
  });

  const ownPassword = {
    config: { permission: 'authenticated' as const, audit: 'user-change' as const },
    // Before the audit hook records the change's intent (preHandler): name whose password it is.
    preValidation: async (request: FastifyRequest) => {
      request.auditDetails = { target: request.principal?.name ?? '', change: 'password' };
    },
  };
  app.post('/api/v1/auth/password', ownPassword, async (request, reply) => {
    const principal = signedIn(request);
    const body = parseParams(changeOwnPasswordBody, secretJsonBody(request, '{"currentPassword": "...", "newPassword": "..."}'));
    const id = sessionIdOf(request.headers.cookie);
    if (principal.kind !== 'user' || id === undefined || deps.access.users.grantOf(principal.name) === undefined) {
      throw new LogwardenError('LW_BAD_REQUEST', 'a password is changed here by a signed-in local user; an admin sets one with PUT /api/v1/users/:name/password');
    }
    await deps.access.users.changeOwnPassword(principal.name, body.currentPassword, body.newPassword, deps.clock.now());
    // The other sessions may be someone who learnt the old password: they end, this one stays.
    deps.access.sessions.endUser(principal.name, { except: id });
    return reply.code(204).send();
  });
}

/** A password sign-in: one refusal for every failure, a new session and its cookie on success. */
async function signIn(request: FastifyRequest, reply: FastifyReply, deps: SessionRouteDeps): Promise<SignInResponse> {
  const { guard } = deps;
  const { user, password } = parseParams(signInBody, secretJsonBody(request, '{"user": "...", "password": "..."}'));
  request.auditDetails = { userName: user }; // before any check: a refusal is recorded with who tried
  const now = deps.clock.now();
  const peer = peerAddress(request);
  guard.refuseLockedOut(peer, now);
  const result = await deps.access.users.attempt(user, password, now);
  if (!result.ok) {
    guard.failedSignIn(peer, now);
    const locked = result.lockedNow ? `; ${deps.access.users.config.lockout.maxFailures} failures: the user is locked out` : '';
    request.auditDetails = { userName: user, message: `sign-in of "${user}" refused: ${result.reason}${locked}` };
    deps.logger.warn({ peer, userName: user, reason: result.reason, lockedNow: result.lockedNow }, 'sign-in failed');
    throw new LogwardenError('LW_SIGN_IN_FAILED', SIGN_IN_FAILED);
  }
  // A session the browser still had ends: each sign-in gets a new id (no session fixation).
  const previous = sessionIdOf(request.headers.cookie);
  if (previous) deps.access.sessions.end(previous);
  const session = deps.access.sessions.create(result.grant, now, { localUser: true });
  const principal = deps.access.roles.principalFor({ ...result.grant, sessionId: sessionHandle(session.id) });
  request.principal = principal; // for the audit trail: who signed in
  deps.logger.info({ peer, userName: user, role: principal.role }, 'signed in');
  reply.header('set-cookie', sessionCookie(session.id));
  return { user, role: principal.role, ...systemsOf(principal), permissions: [...principal.permissions].sort(), csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
}

function signedIn(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new Error('session routes: no principal (the auth hook did not run?)');
  return request.principal;
}

function systemsOf(principal: Principal): { systems?: string[] } {
  return principal.scope.kind === 'all' ? {} : { systems: [...principal.scope.systems] };
}
