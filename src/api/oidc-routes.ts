// Single sign-on routes (only when `access.oidc` is configured; public: the caller signs in here):
// GET /api/v1/auth/oidc/start?returnTo=/ui/ redirects the browser to the provider, and binds the
// sign-in's random state to that browser in a short-lived cookie; GET /api/v1/auth/oidc/callback
// completes it (src/access/oidc.ts), creates a session exactly as the password sign-in does and
// sends the browser back to returnTo, a path on this server only. Each callback is a sign-in in
// the audit trail, refused ones included (R-ACCESS-2).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { OidcSignOn } from '../access/oidc.ts';
import { sessionHandle } from '../access/sessions.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import { peerAddress, type PeerGuard } from '../http/peer-guard.ts';
import { sessionCookie, sessionIdOf } from '../http/session-cookie.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import { sameOriginPath } from './return-to.ts';

export interface OidcRouteDeps {
  readonly config: Config;
  readonly access: AccessServices;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Failed authentications per peer, shared with the auth hook and the password sign-in: a refused callback counts. */
  readonly guard: PeerGuard;
}

/**
 * Holds the state between the start and the callback. SameSite=Lax, not Strict: the callback is a
 * navigation from the provider's site, on which a Strict cookie would not be sent.
 */
export const OIDC_STATE_COOKIE = '__Host-logwarden-oidc-state';
const STATE_COOKIE_SECONDS = 600;
const DEFAULT_RETURN_TO = '/';

export function registerOidcRoutes(app: FastifyInstance, deps: OidcRouteDeps): void {
  const oidc = deps.access.oidc;
  if (deps.config.access.oidc === undefined || oidc === undefined) return;
  app.get('/api/v1/auth/oidc/start', { config: { permission: 'public' } }, async (request, reply) => {
    const now = deps.clock.now();
    deps.guard.refuseLockedOut(peerAddress(request), now);
    const returnTo = returnToOf(request.query);
    const { url, state } = await oidc.begin(returnTo, now);
    reply.header('set-cookie', `${OIDC_STATE_COOKIE}=${state}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${STATE_COOKIE_SECONDS}`);
    reply.header('cache-control', 'no-store');
    return reply.redirect(url.href, 302);
  });
  app.get('/api/v1/auth/oidc/callback', { config: { permission: 'public', audit: 'sign-in' } }, async (request, reply) => callback(request, reply, oidc, deps));
}

async function callback(request: FastifyRequest, reply: FastifyReply, oidc: OidcSignOn, deps: OidcRouteDeps): Promise<FastifyReply> {
  request.auditDetails = { change: 'oidc' };
  const query = new URL(request.url, 'http://callback.invalid').searchParams;
  const now = deps.clock.now();
  const peer = peerAddress(request);
  deps.guard.refuseLockedOut(peer, now);
  // Used up whatever happens next: the state it holds is taken once.
  const clearState = `${OIDC_STATE_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
  reply.header('set-cookie', clearState);
  reply.header('cache-control', 'no-store');
  const outcome = await oidc.complete(query, cookieValue(request.headers.cookie, OIDC_STATE_COOKIE), now);
  if (!outcome.ok) {
    // The audit trail says why (the answer says it too: the provider's claims are the user's own).
    const message = `was refused single sign-on: ${outcome.error.message.replace(/^single sign-on refused: /, '')}`;
    request.auditDetails = { change: 'oidc', message, ...(outcome.userName === undefined ? {} : { userName: outcome.userName }) };
    deps.guard.failedSignIn(peer, now);
    deps.logger.warn({ peer, issuer: oidc.issuer, ...(outcome.userName === undefined ? {} : { user: outcome.userName }), reason: outcome.error.message }, 'single sign-on refused');
    throw outcome.error;
  }
  const { grant, returnTo } = outcome;
  request.auditDetails = { change: 'oidc', userName: grant.name };
  // A session the browser still had ends, as at a password sign-in: each sign-in gets a new id.
  const previous = sessionIdOf(request.headers.cookie);
  if (previous) deps.access.sessions.end(previous);
  const session = deps.access.sessions.create(grant, now);
  request.principal = deps.access.roles.principalFor({ ...grant, sessionId: sessionHandle(session.id) }); // for the audit trail: who signed in
  deps.logger.info({ peer, issuer: oidc.issuer, user: grant.name, role: grant.role }, 'single sign-on: user signed in');
  // The same cookie as the password sign-in's.
  reply.header('set-cookie', [clearState, sessionCookie(session.id)]);
  return reply.redirect(returnTo, 302);
}

function returnToOf(query: unknown): string {
  const value = (query as Record<string, unknown> | undefined)?.['returnTo'];
  if (value === undefined) return DEFAULT_RETURN_TO;
  const path = typeof value === 'string' ? sameOriginPath(value) : undefined;
  if (path === undefined) throw new LogwardenError('LW_BAD_REQUEST', 'returnTo: expected one path on this server starting with "/" (e.g. /ui/), not another site');
  return path;
}

/** One cookie's value from a Cookie header (`a=1; b=2`); undefined when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
