// Authentication of every HTTP request but /healthz (R-ACCESS-1). Native routes take
// `Authorization: Bearer <token>` only; the Elasticsearch-compatible routes (route config
// `credentials: 'elasticsearch'`) also take what Elasticsearch shippers send: `ApiKey <token>`,
// `ApiKey base64(id:token)` and `Basic base64(user:token)`, the secret being a logwarden token.
// Every refusal is counted in /metrics and logged without the credential; failures from one peer
// address are throttled (src/access/auth-throttle.ts), and a locked-out address is refused on
// every route, even with a valid token, until its lockout ends.
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthThrottle, type AuthThrottleLimits } from '../access/auth-throttle.ts';
import type { AccessServices } from '../access/access-component.ts';
import type { Principal } from '../access/principal.ts';
import type { RoleSet } from '../access/roles.ts';
import type { TokenStore } from '../access/tokens.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';

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

export interface AuthDeps {
  /** Tokens, sessions and the roles that turn either into a principal. */
  readonly access: Pick<AccessServices, 'tokens' | 'sessions' | 'roles'>;
  readonly limits: AuthThrottleLimits;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Stores the lockout as a logwarden event (R-EVENTS-1, use of logwarden itself), for the shipped rule pack to find. */
  readonly record?: RecordInternal;
}

/** The onRequest hook that authenticates, throttles and checks the route's permission. */
export function createAuthHook(deps: AuthDeps): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const throttle = new AuthThrottle(deps.limits);
  return async (request, reply) => {
    const { permission, credentials = 'bearer' } = request.routeOptions.config;
    if (permission === 'public') return;
    const now = deps.clock.now();
    const peer = peerAddress(request);
    const lockedFor = throttle.lockedFor(peer, now);
    if (lockedFor > 0) {
      deps.metrics.authThrottled.inc();
      throw new LogwardenError('LW_TOO_MANY_REQUESTS', `too many failed authentications from ${peer}: every request from it is refused for ${lockedFor} s more (http.authThrottle)`, {
        retryAfterSeconds: lockedFor,
      });
    }
    const fail = (reason: FailureReason, error: LogwardenError, tokenName?: string): never => {
      deps.metrics.authFailures.inc({ reason });
      const entry = { peer, method: request.method, path: request.url.split('?')[0], reason, ...(tokenName ? { tokenName } : {}) };
      if (reason === 'missing') deps.logger.info(entry, 'authentication failed');
      else deps.logger.warn(entry, 'authentication failed');
      if (reason !== 'missing' && throttle.recordFailure(peer, now)) {
        deps.metrics.authLockouts.inc();
        deps.logger.warn({ peer, lockoutSeconds: deps.limits.lockoutSeconds }, 'too many failed authentications: peer address locked out');
        recordLockout(deps, peer);
      }
      reply.header('WWW-Authenticate', reason === 'missing' ? CHALLENGE[credentials] : `${CHALLENGE[credentials]}, error="invalid_token"`);
      throw error;
    };
    request.principal = principalOf(request.headers.authorization, credentials, now, deps.access, fail);
    if (permission !== undefined && permission !== 'authenticated' && !request.principal.permissions.has(permission)) {
      throw new LogwardenError('LW_AUTH_FORBIDDEN', `${request.principal.kind} "${request.principal.name}" (role ${request.principal.role}) may not do this: it needs the permission ${permission}`);
    }
  };
}

/** Not awaited: the refusal must not wait for a write, and the recorder logs its own failures. */
function recordLockout(deps: AuthDeps, peer: string): void {
  const { maxFailures, windowSeconds, lockoutSeconds } = deps.limits;
  const message = `${maxFailures} failed API authentications from ${peer} within ${windowSeconds} s: every request from it is refused for ${lockoutSeconds} s (http.authThrottle)`;
  void deps.record?.('api-auth-locked-out', message, isIP(peer) === 0 ? {} : { 'source.ip': peer, 'related.ip': [peer] });
}

function principalOf(
  header: string | undefined,
  credentials: 'bearer' | 'elasticsearch',
  now: number,
  { tokens, roles }: { readonly tokens: TokenStore; readonly roles: RoleSet },
  fail: (reason: FailureReason, error: LogwardenError, tokenName?: string) => never,
): Principal {
  const expected = credentials === 'bearer' ? '"Authorization: Bearer <token>"' : '"Authorization: Bearer <token>" (or ApiKey/Basic with the token as the secret)';
  if (!header) return fail('missing', new LogwardenError('LW_AUTH_MISSING', `this API needs ${expected}`));
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

/** The socket's peer address (no proxy headers are trusted), IPv4-mapped IPv6 written as IPv4. */
function peerAddress(request: FastifyRequest): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
