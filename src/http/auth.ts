// Authentication of every HTTP request but /healthz (R-ACCESS-1). Native routes take
// `Authorization: Bearer <token>`; the Elasticsearch-compatible routes (route config
// `credentials: 'elasticsearch'`) also take what Elasticsearch shippers send: `ApiKey <token>`,
// `ApiKey base64(id:token)` and `Basic base64(user:token)`, the secret being a logwarden token.
// A request without an Authorization header may instead carry the session cookie of a signed-in
// user (src/access/sessions.ts): a local user's grant is read from the user store at every request,
// so a role change or a disable applies at once, and every state-changing request of a session
// must carry its CSRF token in `X-CSRF-Token` (a bearer token needs none: no browser sends it by
// itself). Every refusal is counted in /metrics and logged without the credential; failures from
// one peer address are throttled (peer-guard.ts), and a locked-out address is refused on every
// route, even with a valid token, until its lockout ends.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthThrottleLimits } from '../access/auth-throttle.ts';
import type { AccessServices } from '../access/access-component.ts';
import type { Principal } from '../access/principal.ts';
import type { RoleSet } from '../access/roles.ts';
import type { TokenStore } from '../access/tokens.ts';
import { sessionHandle } from '../access/sessions.ts';
import type { UserStore } from '../access/users.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { PeerGuard, peerAddress } from './peer-guard.ts';
import { sessionIdOf } from './session-cookie.ts';

type Scheme = 'bearer' | 'apikey' | 'basic';
type FailureReason = 'missing' | 'scheme' | 'invalid' | 'expired' | 'revoked';

const CHALLENGE = {
  bearer: 'Bearer realm="logwarden"',
  elasticsearch: 'Bearer realm="logwarden", ApiKey, Basic realm="logwarden"',
} as const;

const REFUSAL: Readonly<Record<Exclude<FailureReason, 'missing' | 'scheme'>, string>> = {
  invalid: 'the token is not valid',
  expired: 'the token has expired; ask an admin for a new one',
  revoked: 'the token was revoked; ask an admin for a new one',
};

/** Methods that change nothing: a session needs no CSRF token for them. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

export interface AuthDeps {
  /** Tokens, sessions, the users sessions belong to, and the roles that turn either into a principal. */
  readonly access: Pick<AccessServices, 'tokens' | 'sessions' | 'roles'> & { readonly users?: UserStore };
  readonly limits: AuthThrottleLimits;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Stores the lockout as a logwarden event (R-EVENTS-1, use of logwarden itself), for the shipped rule pack to find. */
  readonly record?: RecordInternal;
  /** The failed-authentication count per peer, shared with the sign-in route; made from `limits` when absent. */
  readonly guard?: PeerGuard;
}

/** The onRequest hook that authenticates, throttles and checks the route's permission. */
export function createAuthHook(deps: AuthDeps): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const guard = deps.guard ?? new PeerGuard(deps);
  return async (request, reply) => {
    const { permission, credentials = 'bearer' } = request.routeOptions.config;
    if (permission === 'public') return;
    const now = deps.clock.now();
    const peer = peerAddress(request);
    guard.refuseLockedOut(peer, now);
    const fail = (reason: FailureReason, error: LogwardenError, tokenName?: string): never => {
      deps.metrics.authFailures.inc({ reason });
      const entry = { peer, method: request.method, path: request.url.split('?')[0], reason, ...(tokenName ? { tokenName } : {}) };
      if (reason === 'missing') deps.logger.info(entry, 'authentication failed');
      else deps.logger.warn(entry, 'authentication failed');
      if (reason !== 'missing') guard.failed(peer, now);
      reply.header('WWW-Authenticate', reason === 'missing' ? CHALLENGE[credentials] : `${CHALLENGE[credentials]}, error="invalid_token"`);
      throw error;
    };
    const sessionId = request.headers.authorization === undefined ? sessionIdOf(request.headers.cookie) : undefined;
    request.principal = sessionId === undefined ? principalOf(request.headers.authorization, credentials, now, deps.access, fail) : sessionPrincipal(sessionId, request, now, deps);
    if (permission !== undefined && permission !== 'authenticated' && !request.principal.permissions.has(permission)) {
      throw new LogwardenError('LW_AUTH_FORBIDDEN', `${request.principal.kind} "${request.principal.name}" (role ${request.principal.role}) may not do this: it needs the permission ${permission}`);
    }
  };
}

/**
 * The principal of a session cookie. An ended or timed-out session, or one whose user was disabled,
 * is LW_SESSION_EXPIRED; these are not counted against the peer (a 256-bit id cannot be guessed,
 * and a browser with a stale cookie must not lock its address out). The principal's `sessionId` is
 * the id's SHA-256, a handle for the audit trail that is no credential.
 */
function sessionPrincipal(id: string, request: FastifyRequest, now: number, deps: AuthDeps): Principal {
  const { sessions, users, roles } = deps.access;
  const refuse = (code: 'LW_SESSION_EXPIRED' | 'LW_CSRF_INVALID', reason: string, message: string): never => {
    deps.metrics.authFailures.inc({ reason });
    deps.logger.info({ peer: peerAddress(request), method: request.method, path: request.url.split('?')[0], reason }, 'session refused');
    throw new LogwardenError(code, message);
  };
  const session = id === '' ? undefined : sessions.authenticate(id, now);
  if (!session) return refuse('LW_SESSION_EXPIRED', 'session-ended', 'the sign-in session has ended (timed out, signed out, or the server restarted); sign in again');
  const grant = session.localUser ? users?.grantOf(session.grant.name) : session.grant;
  if (!grant) {
    sessions.end(id);
    return refuse('LW_SESSION_EXPIRED', 'session-user-disabled', 'the sign-in session has ended: the user was disabled; ask an admin');
  }
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) {
    return refuse('LW_CSRF_INVALID', 'csrf', `a signed-in browser's ${request.method} needs the header X-CSRF-Token with the token the sign-in answered (GET /api/v1/auth/me shows it)`);
  }
  return roles.principalFor({ ...grant, sessionId: sessionHandle(id) });
}

/** Constant-time comparison of the presented CSRF token with the session's. */
function csrfMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function principalOf(
  header: string | undefined,
  credentials: 'bearer' | 'elasticsearch',
  now: number,
  { tokens, roles }: { readonly tokens: TokenStore; readonly roles: RoleSet },
  fail: (reason: FailureReason, error: LogwardenError, tokenName?: string) => never,
): Principal {
  const expected = credentials === 'bearer' ? '"Authorization: Bearer <token>"' : '"Authorization: Bearer <token>" (or ApiKey/Basic with the token as the secret)';
  if (!header) return fail('missing', new LogwardenError('LW_AUTH_MISSING', `this API needs ${expected}, or a signed-in user's session cookie (POST /api/v1/auth/sign-in)`));
  const parsed = parseAuthorization(header);
  if (!parsed || (credentials === 'bearer' && parsed.scheme !== 'bearer')) {
    const found = parsed ? `the ${parsed.scheme === 'basic' ? 'Basic' : 'ApiKey'} scheme, which only the Elasticsearch-compatible routes accept` : 'a malformed Authorization header';
    return fail('scheme', new LogwardenError('LW_AUTH_INVALID', `this route needs ${expected}; found ${found}`));
  }
  let result = tokens.authenticate(parsed.secrets[0] as string, now);
  for (const secret of parsed.secrets.slice(1)) if (!result.ok && result.reason === 'invalid') result = tokens.authenticate(secret, now);
  if (result.ok) return roles.principalFor(result.grant);
  return result.reason === 'invalid'
    ? fail('invalid', new LogwardenError('LW_AUTH_INVALID', REFUSAL.invalid))
    : fail(result.reason, new LogwardenError('LW_AUTH_INVALID', REFUSAL[result.reason]), result.name);
}

/**
 * The scheme and the candidate secrets of an Authorization header: `Bearer t` → [t];
 * `ApiKey t` → [t, and the part after ":" of base64-decoded t]; `Basic b64(user:t)` → [t].
 */
export function parseAuthorization(header: string): { scheme: Scheme; secrets: string[] } | undefined {
  const match = /^(Bearer|ApiKey|Basic)\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase() as Scheme;
  const credential = match[2] as string;
  if (scheme === 'bearer') return { scheme, secrets: [credential] };
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const fromPair = colon === -1 ? [] : [decoded.slice(colon + 1)];
  return { scheme, secrets: scheme === 'apikey' ? [credential, ...fromPair] : fromPair.length ? fromPair : [''] };
}
